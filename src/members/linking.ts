// One member across channels: a member asks for a one-time code in one app and sends it from the other, which
// attaches that chat identity to the same member and wallet.

import type { Reply } from '../conversation/domain/replies.js';
import { textReply, type ViewContext } from '../conversation/domain/views.js';
import type { Channel } from '../kernel/channel.js';
import type { Clock } from '../kernel/clock.js';
import type { Plan } from '../kernel/plan.js';
import type { ChatStore, MemberRecord } from './store.js';

export const LINK_CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_LINK_FAILURES = 5;

export interface LinkOutcome {
  readonly replies: Reply[];
  readonly plan?: Plan<unknown, string>;
  /** The member this identity now belongs to, when linking succeeds. */
  readonly member?: MemberRecord;
}

function sixDigits(): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return String(n % 1_000_000).padStart(6, '0');
}

export class LinkingService {
  constructor(
    private readonly chat: ChatStore,
    private readonly clock: Clock,
  ) {}

  /** A fresh code for a member; a collision with another live code is refused by the database and retried. */
  issue(ctx: ViewContext, memberId: string, refused: string | undefined): LinkOutcome {
    const now = this.clock.now();
    const code = sixDigits();
    void refused; // a taken code simply gets new digits on the retry
    return {
      replies: [textReply(ctx, 'link.code', { code })],
      plan: {
        statements: [this.chat.insertLinkCode(code, memberId, now, now + LINK_CODE_TTL_MS)],
        success: code,
        refusal: (e) => (e.kind === 'refused' && e.code === 'link_code_taken' ? 'retry' : undefined),
      },
    };
  }

  async link(
    ctx: ViewContext,
    channel: Channel,
    userId: string,
    code: string,
    refused: string | undefined,
  ): Promise<LinkOutcome> {
    const now = this.clock.now();
    const fail = (key: 'link.invalid' | 'link.expired' | 'link.locked', record = true): LinkOutcome => ({
      replies: [textReply(ctx, key)],
      plan: record
        ? {
            statements: [this.chat.insertLinkAttempt(channel, userId, false, now)],
            success: null,
            refusal: () => undefined,
          }
        : undefined,
    });
    if ((await this.chat.linkFailuresSince(channel, userId, now - LINK_CODE_TTL_MS)) >= MAX_LINK_FAILURES) {
      return fail('link.locked', false);
    }
    if (refused === 'link_code_expired') return fail('link.expired');
    if (refused) return fail('link.invalid');
    const found = await this.chat.linkCode(code);
    if (!found || found.usedAt !== null) return fail('link.invalid');
    if (found.expiresAt <= now) return fail('link.expired');
    const member = await this.chat.member(found.memberId);
    if (!member) return fail('link.invalid');
    return {
      replies: [
        textReply({ ...ctx, language: member.language }, 'link.done', { name: member.name, code: member.memberCode }),
      ],
      member,
      plan: {
        statements: [
          this.chat.useLinkCode(found.id, now),
          this.chat.attachIdentity(channel, userId, member.id),
          this.chat.insertLinkAttempt(channel, userId, true, now),
        ],
        success: member.id,
        refusal: (e) =>
          e.kind === 'refused' && (e.code === 'link_code_used' || e.code === 'link_code_expired') ? e.code : undefined,
      },
    };
  }

  async unlink(ctx: ViewContext, channel: Channel, userId: string, memberId: string): Promise<LinkOutcome> {
    if ((await this.chat.identityCount(memberId)) <= 1) return { replies: [textReply(ctx, 'link.only_identity')] };
    return {
      replies: [textReply(ctx, 'link.unlinked')],
      plan: { statements: [this.chat.detachIdentity(channel, userId)], success: null, refusal: () => undefined },
    };
  }
}
