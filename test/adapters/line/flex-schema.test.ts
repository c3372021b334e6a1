// The schema validator must be able to fail: broken messages are rejected with the path of the problem.
import { describe, expect, it } from 'vitest';
import { formatErrors, lineLimitErrors, loadLineSchema } from '../../support/line-schema.js';

const schema = loadLineSchema();

const bubble = (contents: unknown[]) => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents },
});
const flex = (contents: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'flex',
  altText: 'alt',
  contents,
  ...extra,
});
const valid = flex(bubble([{ type: 'text', text: 'hi', wrap: true, weight: 'bold' }]));

function errorsOf(message: unknown, strict = true): string {
  return formatErrors(schema.validate('Message', message, { strict }));
}

describe('LINE schema validator (messaging-api.yml)', () => {
  it('accepts well-formed text and Flex messages with quick replies', () => {
    expect(errorsOf({ type: 'text', text: 'hello' })).toBe('');
    expect(errorsOf(valid)).toBe('');
    const withQuick = {
      ...valid,
      quickReply: {
        items: [
          { type: 'action', action: { type: 'postback', label: 'Points', data: 'cmd=points', displayText: 'Points' } },
          { type: 'action', action: { type: 'message', label: 'Hi', text: 'hi' } },
          { type: 'action', action: { type: 'uri', label: 'Terms', uri: 'https://example.com/terms' } },
        ],
      },
    };
    expect(errorsOf(withQuick)).toBe('');
    expect(formatErrors(schema.validate('ReplyMessageRequest', { replyToken: 't', messages: [valid] }))).toBe('');
  });

  it('accepts a bubble with an image hero and a footer button (the announcement layout), and checks the hero', () => {
    const hero = {
      type: 'image',
      url: 'https://img.example/a.jpg',
      size: 'full',
      aspectRatio: '20:13',
      aspectMode: 'cover',
    };
    const footer = {
      type: 'box',
      layout: 'vertical',
      contents: [{ type: 'button', style: 'primary', action: { type: 'postback', label: 'Claim', data: 'cmd=claim' } }],
    };
    const announcement = flex({ ...bubble([{ type: 'text', text: 'Flash giveaway', wrap: true }]), hero, footer });
    expect(errorsOf(announcement)).toBe('');
    expect(lineLimitErrors([announcement])).toEqual([]);
    expect(errorsOf(flex({ ...bubble([]), hero: { ...hero, url: 'not a url' } }))).toContain(
      '$.contents.hero.url: not a URI',
    );
    expect(errorsOf(flex({ ...bubble([]), hero: { ...hero, aspectMode: 'stretch' } }))).toContain(
      '$.contents.hero.aspectMode',
    );
    expect(
      lineLimitErrors([flex({ ...bubble([]), hero: { ...hero, url: 'http://img.example/a.jpg' } })]).join('\n'),
    ).toContain('https only');
  });

  it('rejects an unknown message type and an unknown component type', () => {
    expect(errorsOf({ type: 'fax', text: 'x' })).toMatch(/^\$\.type: unknown type "fax"/);
    expect(errorsOf(flex(bubble([{ type: 'textual', text: 'hi' }])))).toMatch(
      /^\$\.contents\.body\.contents\[0\]\.type: unknown type "textual"/,
    );
    expect(errorsOf(flex({ type: 'bubbles' }))).toMatch(/\$\.contents\.type: unknown type "bubbles"/);
    // A place that names one concrete schema (a bubble's body is a box) still checks the tag.
    expect(errorsOf(flex({ type: 'bubble', body: { type: 'text', layout: 'vertical', contents: [] } }))).toContain(
      '$.contents.body.type: "text" here must be "box"',
    );
  });

  it('rejects missing required fields', () => {
    expect(errorsOf({ type: 'flex', contents: bubble([]) })).toContain('$.altText: required');
    expect(errorsOf({ type: 'text' })).toContain('$.text: required');
    expect(errorsOf(flex({ type: 'bubble', body: { type: 'box', contents: [] } }))).toContain(
      '$.contents.body.layout: required',
    );
    expect(errorsOf(flex(bubble([{ type: 'button', style: 'primary' }])))).toContain(
      '$.contents.body.contents[0].action: required',
    );
    expect(errorsOf(flex(bubble([{ type: 'image' }])))).toContain('$.contents.body.contents[0].url: required');
    expect(errorsOf(flex({ type: 'carousel' }))).toContain('$.contents.contents: required');
    expect(errorsOf({ type: 'text', text: 'x', quickReply: { items: [{ type: 'action', action: {} }] } })).toContain(
      '$.quickReply.items[0].action.type: required',
    );
  });

  it('rejects bad enum values, wrong types and bad URIs', () => {
    expect(errorsOf(flex({ type: 'bubble', body: { type: 'box', layout: 'diagonal', contents: [] } }))).toContain(
      '$.contents.body.layout: "diagonal" is not one of horizontal, vertical, baseline',
    );
    expect(errorsOf(flex(bubble([{ type: 'text', text: 'x', weight: 'heavy' }])))).toContain(
      '$.contents.body.contents[0].weight: "heavy" is not one of regular, bold',
    );
    expect(errorsOf(flex({ ...bubble([]), size: 'huge' }))).toContain('$.contents.size: "huge" is not one of');
    expect(errorsOf(flex(bubble([{ type: 'text', text: 'x', wrap: 'yes' }])))).toContain(
      '$.contents.body.contents[0].wrap: expected boolean, got string',
    );
    expect(errorsOf(flex(bubble([{ type: 'text', text: 'x', flex: 1.5 }])))).toContain(
      '$.contents.body.contents[0].flex: expected integer, got number',
    );
    expect(errorsOf(flex(bubble([{ type: 'image', url: 'not a url' }])))).toContain(
      '$.contents.body.contents[0].url: not a URI',
    );
    const badAction = { type: 'button', action: { type: 'teleport', label: 'Go' } };
    expect(errorsOf(flex(bubble([badAction])))).toContain('$.contents.body.contents[0].action.type: unknown type');
  });

  it('enforces maxLength and maxItems from the schema', () => {
    const postback = { type: 'postback', label: 'x', data: 'd'.repeat(301) };
    expect(
      errorsOf({ type: 'text', text: 'x', quickReply: { items: [{ type: 'action', action: postback }] } }),
    ).toContain('$.quickReply.items[0].action.data: at most 300 characters, got 301');
    const items = Array.from({ length: 14 }, () => ({
      type: 'action',
      action: { type: 'message', label: 'a', text: 'a' },
    }));
    expect(errorsOf({ type: 'text', text: 'x', quickReply: { items } })).toContain(
      '$.quickReply.items: at most 13 items, got 14',
    );
    const six = Array.from({ length: 6 }, () => ({ type: 'text', text: 'x' }));
    expect(formatErrors(schema.validate('ReplyMessageRequest', { replyToken: 't', messages: six }))).toContain(
      '$.messages: at most 5 items, got 6',
    );
  });

  it('in strict mode, rejects properties no schema declares (a misspelt Flex property)', () => {
    const typo = flex(bubble([{ type: 'text', text: 'x', colour: '#000000' }]));
    expect(errorsOf(typo, false)).toBe('');
    expect(errorsOf(typo, true)).toBe('$.contents.body.contents[0].colour: unknown property');
    expect(errorsOf({ ...valid, alt: 'x' })).toBe('$.alt: unknown property');
  });

  it('checks the limits the schema does not carry', () => {
    const big = flex(bubble([{ type: 'text', text: 'x'.repeat(31_000) }]));
    expect(lineLimitErrors([big]).join('\n')).toMatch(/bubble is \d+ bytes > 30000/);
    const carousel = flex({ type: 'carousel', contents: Array.from({ length: 13 }, () => bubble([])) });
    expect(lineLimitErrors([carousel]).join('\n')).toContain('carousel of 13 bubbles');
    expect(lineLimitErrors([flex(bubble([]), { altText: 'a'.repeat(1501) })]).join('\n')).toContain('1501 > 1500');
    const longLabel = { type: 'button', action: { type: 'message', label: 'L'.repeat(21), text: 'x' } };
    expect(lineLimitErrors([flex(bubble([longLabel]))]).join('\n')).toContain('label: 21 > 20');
    expect(lineLimitErrors([flex(bubble([{ type: 'text', text: '' }]))]).join('\n')).toContain('empty text');
    expect(lineLimitErrors([flex(bubble([{ type: 'image', url: 'http://x.example/a.png' }]))]).join('\n')).toContain(
      'https only',
    );
    expect(lineLimitErrors(Array.from({ length: 6 }, () => valid)).join('\n')).toContain('6 messages in one call');
    expect(lineLimitErrors([valid])).toEqual([]);
  });
});
