import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { chatHarness } from '../support/chat-harness.js';

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n---\n');

async function registeredOnLine() {
  const h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'en' });
  for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await h.say('L1', text, 'line');
  return h;
}

async function linkCode(h: Awaited<ReturnType<typeof registeredOnLine>>): Promise<string> {
  const r = await h.say('L1', '綁定', 'line');
  const code = /\b(\d{6})\b/.exec(r[0]?.text ?? '')?.[1];
  if (!code) throw new Error(`no code in ${r[0]?.text}`);
  return code;
}

describe('one member across channels', () => {
  it('links WhatsApp to a LINE member: one wallet, one check-in per day', async () => {
    const h = await registeredOnLine();
    const code = await linkCode(h);
    const linked = await h.say('W1', code, 'wa_web');
    expect(texts(linked)).toContain('Linked!');
    expect(linked.map((r) => r.kind)).toEqual(['text', 'card']);
    expect(texts(await h.say('W1', 'check in', 'wa_web'))).toContain('+10 Bonus points');
    const points = await h.say('L1', 'points', 'line');
    expect(points[0]).toMatchObject({ kind: 'balance', balances: [{ amount: 110 }] });
    expect(texts(await h.say('L1', '簽到', 'line'))).toContain('already checked in');
    expect((await h.services.db.first<{ n: number }>('SELECT COUNT(*) AS n FROM members'))?.n).toBe(1);
    // The code was used: it cannot link a third identity.
    expect(texts(await h.say('W2', code, 'wa_web'))).toContain('not valid');
    // Unlinking works while another identity remains; the last one cannot be unlinked.
    expect(texts(await h.say('W1', 'unlink', 'wa_web'))).toContain('no longer linked');
    expect(texts(await h.say('L1', 'unlink', 'line'))).toContain('only chat');
  });

  it('refuses wrong and expired codes, and locks out after 5 wrong tries', async () => {
    const h = await registeredOnLine();
    const code = await linkCode(h);
    h.clock.advance(11 * 60 * 1000);
    expect(texts(await h.say('W1', code, 'wa_web'))).toContain('expired');
    const fresh = await linkCode(h);
    const wrong = fresh === '000000' ? '000001' : '000000';
    for (let i = 0; i < 4; i++) expect(texts(await h.say('W1', wrong, 'wa_web'))).toContain('not valid');
    expect(texts(await h.say('W1', fresh, 'wa_web'))).toContain('Too many wrong codes');
    h.clock.advance(11 * 60 * 1000);
    const later = await linkCode(h);
    expect(texts(await h.say('W1', later, 'wa_web'))).toContain('Linked!');
  });
});
