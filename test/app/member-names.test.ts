// Names at registration through the real inbox on SQLite (issue 12, item 11): a name nobody can see, or one with
// control characters, is refused and asked again with an example; what is stored is what people see.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { chatHarness } from '../support/chat-harness.js';

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n---\n');

describe('member names', () => {
  it('refuses invisible and control-character names with an example, in either language, and goes on after', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'en' });
    await h.say('u1', 'hi');
    for (const name of [
      '\u200B\u200C\u200D',
      '\u00AD\u2060\uFEFF',
      '\u200E\u200F',
      'Amy\u0000',
      'A\u202Emy',
      'Amy\u0007',
    ]) {
      const again = await h.say('u1', name);
      expect(texts(again)).toContain('for example Amy Chen or 王小明');
      // Still at the name question, with the name quick replies (the profile name).
      expect(again.at(-1)?.quickReplies?.[0]).toMatchObject({ label: 'Amy' });
    }
    expect(texts(await h.say('u1', '\u200BA\u2060my Lin\u00AD'))).toContain('Thanks, Amy Lin!');
    for (const say of ['0912345678', 'skip', 'agree']) await h.say('u1', say);
    const member = await h.services.db.first<{ name: string }>('SELECT name FROM members');
    expect(member?.name).toBe('Amy Lin');

    const zh = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'zh-TW' });
    await zh.say('L1', 'hi', 'line');
    expect(texts(await zh.say('L1', '\u3164', 'line'))).toContain('例如 王小明 或 Amy Chen');
    expect(await zh.services.db.first('SELECT * FROM members')).toBeUndefined();
  });
});
