// IntentParser over a few hand-made commands: how text, postbacks and other events become intents.
import { describe, expect, it } from 'vitest';
import { type CommandSpec, type Intent, UNKNOWN } from '../../src/conversation/domain/command.js';
import { IntentParser, languageFromTag, postbackData } from '../../src/conversation/domain/intents.js';
import type { InboundEvent } from '../../src/kernel/channel.js';
import { follow, postback, sticker, text, unfollow } from './turns.js';

const words = (en: string[], zh: string[] = []) => ({ en, 'zh-TW': zh });

const points: CommandSpec = { name: 'points', keywords: words(['points', 'Balance', 'check  in'], ['點數']) };
const claim: CommandSpec = {
  name: 'claim',
  keywords: words(['claim'], ['領取']),
  withText: (rest) => (/^[a-z]+$/.test(rest) ? { command: 'claim', args: { code: rest } } : undefined),
  match: (text) => (/^claim[a-z]+$/.test(text) ? { command: 'claim', args: { glued: text.slice(5) } } : undefined),
  fromPostback: (p) => ({ command: 'claim', args: { code: p('g') ?? 'none' } }),
};
/** Matches any message starting with "claim" or "points": a greedy matcher, to show what comes before it. */
const greedy: CommandSpec = {
  name: 'greedy',
  match: (text) => (/^(claim|points)/.test(text) ? { command: 'greedy', args: { text } } : undefined),
};
const echo: CommandSpec = { name: 'echo', match: (text) => ({ command: 'echo', args: { text } }) };

const parse = (specs: CommandSpec[], event: InboundEvent): Intent => new IntentParser(specs).parse(event);

describe('building the parser', () => {
  it('refuses two commands with the same name', () => {
    expect(() => new IntentParser([points, { name: 'points' }])).toThrow('two chat commands are named points');
  });

  it('refuses a keyword claimed by two commands, even spelled with another case or width', () => {
    const other: CommandSpec = { name: 'balance', keywords: words([], ['ＢＡＬＡＮＣＥ']) };
    expect(() => new IntentParser([points, other])).toThrow('"ＢＡＬＡＮＣＥ" is a keyword of both points and balance');
    expect(() => new IntentParser([claim, { name: 'take', keywords: words(['領取']) }])).toThrow(
      '"領取" is a keyword of both claim and take',
    );
  });

  it('lets one command list the same word in both languages', () => {
    expect(() => new IntentParser([{ name: 'ok', keywords: words(['ok'], ['OK']) }])).not.toThrow();
  });

  it('finds commands by name', () => {
    const parser = new IntentParser([points, claim]);
    expect(parser.command('claim')).toBe(claim);
    expect(parser.command('nope')).toBeUndefined();
  });
});

describe('text', () => {
  it('a whole-message keyword, in either language, case, width and spacing', () => {
    const specs = [points];
    for (const said of [
      'points',
      '點數',
      'balance',
      'BALANCE',
      'ｂａｌａｎｃｅ',
      '  Points ',
      'check in',
      'CHECK   IN',
    ]) {
      expect(parse(specs, text(said))).toEqual({ command: 'points', args: {} });
    }
  });

  it('a keyword alone goes through fromPostback with no parameters', () => {
    expect(parse([claim], text('claim'))).toEqual({ command: 'claim', args: { code: 'none' } });
  });

  it('a keyword beats every matcher, even one registered first', () => {
    expect(parse([greedy, echo, points, claim], text('points'))).toEqual({ command: 'points', args: {} });
    expect(parse([greedy, echo, points, claim], text('claim'))).toEqual({ command: 'claim', args: { code: 'none' } });
  });

  it('keyword + text goes to the keyword’s withText, before any matcher', () => {
    expect(parse([greedy, echo, claim], text('claim DEMO'))).toEqual({ command: 'claim', args: { code: 'demo' } });
    expect(parse([greedy, echo, claim], text('領取 demo'))).toEqual({ command: 'claim', args: { code: 'demo' } });
  });

  it('text withText does not want falls through to the matchers, in registration order', () => {
    expect(parse([greedy, echo, claim], text('claim 42'))).toEqual({ command: 'greedy', args: { text: 'claim 42' } });
    expect(parse([echo, greedy, claim], text('claim 42'))).toEqual({ command: 'echo', args: { text: 'claim 42' } });
    expect(parse([claim], text('claim 42'))).toBe(UNKNOWN);
  });

  it('a keyword without withText followed by text is read by the matchers', () => {
    expect(parse([points, greedy], text('points please'))).toEqual({
      command: 'greedy',
      args: { text: 'points please' },
    });
    expect(parse([points], text('points please'))).toBe(UNKNOWN);
  });

  it('matchers see the normalized text', () => {
    expect(parse([claim], text('ＣＬＡＩＭdemo'))).toEqual({ command: 'claim', args: { glued: 'demo' } });
    expect(parse([echo], text('  Hello   World '))).toEqual({ command: 'echo', args: { text: 'hello world' } });
  });

  it('nothing matched is UNKNOWN', () => {
    expect(parse([points, claim], text('hello'))).toBe(UNKNOWN);
    expect(parse([points, claim], text(''))).toBe(UNKNOWN);
    expect(UNKNOWN).toEqual({ command: '', args: {} });
  });
});

describe('postbacks', () => {
  it('cmd names the command; its fromPostback reads the other parameters', () => {
    expect(parse([points, claim], postback('cmd=claim&g=DEMO'))).toEqual({ command: 'claim', args: { code: 'DEMO' } });
    expect(parse([points, claim], postback('cmd=claim'))).toEqual({ command: 'claim', args: { code: 'none' } });
  });

  it('a command without fromPostback gets no arguments, whatever the data carries', () => {
    expect(parse([points], postback('cmd=points&x=1'))).toEqual({ command: 'points', args: {} });
  });

  it('a command reached only by matchers is still reachable by name', () => {
    expect(parse([echo], postback('cmd=echo&text=hi'))).toEqual({ command: 'echo', args: {} });
  });

  it('an unknown or missing cmd is UNKNOWN; postback data is never read as a keyword', () => {
    expect(parse([points, claim], postback('cmd=nope'))).toBe(UNKNOWN);
    expect(parse([points, claim], postback('g=DEMO'))).toBe(UNKNOWN);
    expect(parse([points, claim], postback('points'))).toBe(UNKNOWN);
    expect(parse([points, claim], postback(''))).toBe(UNKNOWN);
    expect(parse([points], postback('cmd=POINTS'))).toBe(UNKNOWN);
  });

  it('postbackData writes what the parser reads back', () => {
    const data = postbackData('claim', { g: 'DEMO', n: 'tap 1&2' });
    expect(data).toBe('cmd=claim&g=DEMO&n=tap+1%262');
    const tapped: CommandSpec = {
      name: 'claim',
      fromPostback: (p) => ({ command: 'claim', args: { g: p('g') ?? '', n: p('n') ?? '' } }),
    };
    expect(parse([tapped], postback(data))).toEqual({ command: 'claim', args: { g: 'DEMO', n: 'tap 1&2' } });
    expect(postbackData('points')).toBe('cmd=points');
  });
});

describe('other events', () => {
  it.each([
    ['follow', follow],
    ['unfollow', unfollow],
    ['unsupported', sticker],
  ])('%s is UNKNOWN', (_what, event) => {
    expect(parse([points, claim, echo], event)).toBe(UNKNOWN);
  });
});

describe('languageFromTag', () => {
  it('Chinese variants speak zh-TW', () => {
    for (const tag of ['zh-TW', 'zh-Hant-TW', 'zh', 'ZH-hk', 'zh-CN']) expect(languageFromTag(tag, 'en')).toBe('zh-TW');
  });

  it('English variants speak en', () => {
    for (const tag of ['en', 'en-US', 'EN-gb']) expect(languageFromTag(tag, 'zh-TW')).toBe('en');
  });

  it('anything else, or no tag, falls back', () => {
    expect(languageFromTag('ja', 'en')).toBe('en');
    expect(languageFromTag('ja-JP', 'zh-TW')).toBe('zh-TW');
    expect(languageFromTag(undefined, 'zh-TW')).toBe('zh-TW');
    expect(languageFromTag('', 'en')).toBe('en');
  });
});
