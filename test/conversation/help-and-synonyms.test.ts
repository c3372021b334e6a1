// Help lists every command, and common phrasings reach theirs (issue 14, "no dead ends"): pure, over the REAL
// registry (every module's commands), in both languages.
import { describe, expect, it } from 'vitest';
import { helpGuideReply } from '../../src/conversation/domain/help-view.js';
import type { ViewContext } from '../../src/conversation/domain/views.js';
import { t } from '../../src/kernel/i18n/catalog.js';
import { LANGUAGES } from '../../src/kernel/i18n/language.js';
import { SYNONYMS } from '../../src/kernel/i18n/synonyms.js';
import { chatRegistry } from '../../src/main/chat.js';
import { parseConfig } from '../../src/main/config.js';
import { text, untouchable } from './turns.js';

const registry = chatRegistry({
  config: parseConfig({}),
  db: untouchable('db'),
  clock: untouchable('clock'),
  qr: untouchable('qr'),
  ledger: untouchable('ledger'),
  checkin: untouchable('checkin'),
  giveaways: untouchable('giveaways'),
  coupons: untouchable('coupons'),
  earn: untouchable('earn'),
  welcomeBonus: untouchable('welcomeBonus'),
  inbox: untouchable('inbox'),
});

const view = (language: (typeof LANGUAGES)[number]): ViewContext => ({
  language,
  timeZone: 'Asia/Taipei',
  brand: { name: 'Café', termsUrl: 'https://example.com/t', privacyUrl: 'https://example.com/p' },
  pointTypes: [],
});

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('help lists every command', () => {
  it.each(LANGUAGES)('every registered command has one of its %s keywords as an entry of the guide', (language) => {
    const body = helpGuideReply(view(language), false).body;
    const missing: string[] = [];
    for (const c of registry.keywordCommands()) {
      const words = c.keywords?.[language] ?? [];
      // An entry: "• points: ...", "• link / unlink: ...", "• 綁定／解除綁定：..."
      const listed = words.some((w) => new RegExp(`(^|• |[/／] ?)${escapeRe(w)}( ?[/／]|[:：])`, 'mu').test(body));
      if (!listed) missing.push(`${c.name} (${words.join(', ')})`);
    }
    expect(missing).toEqual([]);
    expect(registry.keywordCommands().length).toBeGreaterThan(15);
  });

  it('the guide is not the menu: help and 說明 show it, menu and 選單 the buttons', () => {
    for (const [word, command] of [
      ['help', 'help'],
      ['說明', 'help'],
      ['menu', 'menu'],
      ['選單', 'menu'],
    ] as const) {
      expect(registry.intents.parse(text(word)).command).toBe(command);
    }
    const guide = helpGuideReply(view('zh-TW'), false);
    expect(guide.kind === 'help' && guide.title).toBe(t('zh-TW', 'help.guide_title'));
    expect(guide.quickReplies?.length).toBeGreaterThan(0);
    expect(t('zh-TW', 'help.guide_title')).not.toBe(t('zh-TW', 'help.title'));
  });
});

describe('the synonym table', () => {
  const expected: [string, string][] = [
    ['你好', 'menu'],
    ['hi', 'menu'],
    ['hello', 'menu'],
    ['哈囉', 'menu'],
    ['我還有幾點', 'points'],
    ['多少點', 'points'],
    ['my points', 'points'],
    ['how many points', 'points'],
    ['怎麼集點', 'how_to_earn'],
    ['如何集點', 'how_to_earn'],
    ['優惠', 'coupons'],
    ['兌換', 'coupons'],
    ['我的券', 'my_coupons'],
    ['每日簽到', 'checkin'],
  ];
  it.each(expected)('%s → %s, also full-width, upper-case, spaced and with a question mark', (phrase, command) => {
    const variants = [
      phrase,
      phrase.toUpperCase(),
      ` ${phrase}  `,
      `${phrase}？`,
      `${phrase}?`,
      `${phrase}!`,
      // Full-width Latin letters (ｍｙ ｐｏｉｎｔｓ) as some phone keyboards type them.
      [...phrase]
        .map((c) => (/[a-z]/i.test(c) ? String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0) : c))
        .join(''),
    ];
    for (const v of variants) expect(registry.intents.parse(text(v)).command, v).toBe(command);
  });

  it('a greeting carries the greeting note', () => {
    expect(registry.intents.parse(text('哈囉')).args).toEqual({ note: 'menu.greeting' });
  });

  it('every phrase of the table, in both languages, reaches a registered command', () => {
    for (const language of LANGUAGES) {
      for (const [phrase, s] of Object.entries(SYNONYMS[language])) {
        expect(registry.intents.parse(text(phrase)).command, `${language}: ${phrase}`).toBe(s.command);
      }
    }
  });

  it('a synonym cannot take another command’s keyword', async () => {
    const { IntentParser } = await import('../../src/conversation/domain/intents.js');
    const specs = [
      { name: 'points', keywords: { en: ['points'], 'zh-TW': ['點數'] } },
      { name: 'coupons', keywords: { en: ['coupons'], 'zh-TW': ['優惠券'] } },
    ];
    expect(() => new IntentParser(specs, { en: { points: { command: 'coupons' } } })).toThrow(/keyword of points/);
    expect(() => new IntentParser(specs, { en: { x: { command: 'nope' } } })).toThrow(/names no command/);
  });
});
