// One member across channels: a member asks for a one-time code in one app and sends it from the other, which
// attaches that chat identity to the same member and wallet. Guessing gets nowhere (domain/link-code.ts: the
// arithmetic), and the chat that asked for the code is told when it is used, with a one-tap unlink.

import type { Reply } from '../conversation/domain/replies.js';
import { textReply, type ViewContext } from '../conversation/domain/views.js';
import type { InboxStore } from '../inbox/index.js';
import type { Clock } from '../kernel/clock.js';
import type { Statement } from '../kernel/database.js';
import { type Plan, RETRY } from '../kernel/plan.js';
import { LINK_CODE_TTL_MS, linkBucket, linkCodeFrom, showLinkCode } from './domain/link-code.js';
import { linkedNoticeReply } from './domain/link-views.js';
import type { ChatIdentityRef, ChatStore, LinkCodeRecord, LinkRefusal, MemberRecord } from './store.js';

export interface LinkOutcome {
  readonly replies: Reply[];
  readonly plan?: Plan<unknown, string>;
  /** The member this identity now belongs to, when linking succeeds. */
  readonly member?: MemberRecord;
}

export interface LinkingOptions {
  /** LINK_MAX_WRONG_PER_MINUTE: wrong codes checked per 60 seconds, program-wide. */
  readonly maxWrongPerMinute: number;
  /** Where the notice to the chat that asked for the code is written (a push: the outbox row has no inbox event). */
  readonly outbox: Pick<InboxStore, 'enqueue'>;
}

function randomLinkCode(): string {
  return linkCodeFrom(crypto.getRandomValues(new Uint32Array(1))[0] ?? 0);
}

/** What a refusal of an earlier attempt of this turn answers (nothing is written the second time). */
const REFUSED_ANSWER: Record<LinkRefusal, Parameters<typeof textReply>[1]> = {
  code_taken: 'link.invalid',
  code_used: 'link.invalid',
  code_dead: 'link.invalid',
  code_expired: 'link.expired',
  too_many_tries: 'link.too_many',
  identity_locked: 'link.locked',
};

const isLinkRefusal = (code: string | undefined): code is LinkRefusal => code !== undefined && code in REFUSED_ANSWER;

export class LinkingService {
  constructor(
    private readonly chat: ChatStore,
    private readonly clock: Clock,
    private readonly o: LinkingOptions,
  ) {}

  /** A fresh code for a member, asked for from `asking`; digits another live code has are drawn again. */
  issue(ctx: ViewContext, memberId: string, asking: ChatIdentityRef): LinkOutcome {
    const now = this.clock.now();
    const code = randomLinkCode();
    return {
      replies: [textReply(ctx, 'link.code', { code: showLinkCode(code) })],
      plan: {
        statements: [this.chat.insertLinkCode(code, memberId, asking, now, now + LINK_CODE_TTL_MS)],
        success: code,
        refusal: (e) => (this.chat.classifyLink(e) === 'code_taken' ? RETRY : undefined),
      },
    };
  }

  /**
   * A code sent from `by`, a chat of no member yet. Every guess that is checked is recorded in the same batch, and
   * the database decides: the limits (a refused guess is answered "too many tries" and records nothing), a code
   * used, expired or killed meanwhile. `refused` is the module's refusal of an earlier attempt of this turn.
   */
  async link(ctx: ViewContext, by: ChatIdentityRef, code: string, refused: string | undefined): Promise<LinkOutcome> {
    if (isLinkRefusal(refused)) return { replies: [textReply(ctx, REFUSED_ANSWER[refused])] };
    const now = this.clock.now();
    const attempt = (ok: boolean) =>
      this.chat.insertLinkAttempt(
        by,
        { ok, bucket: linkBucket(code), maxWrongPerMinute: this.o.maxWrongPerMinute },
        now,
      );
    const limited = (e: Parameters<ChatStore['classifyLink']>[0]) => {
      const r = this.chat.classifyLink(e);
      return r === 'too_many_tries' || r === 'identity_locked' ? r : undefined;
    };
    const wrong = (key: 'link.invalid' | 'link.expired'): LinkOutcome => ({
      replies: [textReply(ctx, key)],
      plan: { statements: [attempt(false)], success: null, refusal: limited },
    });
    const found = await this.chat.linkCode(code);
    if (!found || found.usedAt !== null || found.dead) return wrong('link.invalid');
    if (found.expiresAt <= now) return wrong('link.expired');
    const member = await this.chat.member(found.memberId);
    if (!member) return wrong('link.invalid');
    const linked = { ...ctx, language: member.language };
    return {
      replies: [textReply(linked, 'link.done', { name: member.name, code: member.memberCode })],
      member,
      plan: {
        statements: [
          attempt(true),
          this.chat.useLinkCode(found.id, by, now),
          this.chat.attachIdentity(by.channel, by.userId, member.id),
          ...(await this.notice(linked, found, member.id, by, now)),
        ],
        success: member.id,
        refusal: (e) => this.chat.classifyLink(e),
      },
    };
  }

  /** The push to the chat that asked for the code, while it still belongs to the member. */
  private async notice(
    ctx: ViewContext,
    code: LinkCodeRecord,
    memberId: string,
    by: ChatIdentityRef,
    now: number,
  ): Promise<Statement[]> {
    const to = code.issuedTo;
    if (!to || (to.channel === by.channel && to.userId === by.userId)) return [];
    if ((await this.chat.identity(to.channel, to.userId))?.memberId !== memberId) return [];
    const item = {
      inboxId: null,
      channel: to.channel,
      userId: to.userId,
      replyToken: null,
      replies: [linkedNoticeReply(ctx, code.id, by.channel, now)],
      retryKey: crypto.randomUUID(),
    };
    return [this.o.outbox.enqueue(item, now)];
  }

  /** `unlink` typed in a chat: detaches that chat, unless it is the member's only one. */
  async unlink(ctx: ViewContext, asking: ChatIdentityRef, memberId: string): Promise<LinkOutcome> {
    if ((await this.chat.identityCount(memberId)) <= 1) return { replies: [textReply(ctx, 'link.only_identity')] };
    return {
      replies: [textReply(ctx, 'link.unlinked')],
      plan: {
        statements: [this.chat.detachIdentity(asking.channel, asking.userId)],
        success: null,
        refusal: () => undefined,
      },
    };
  }

  /**
   * The notice's unlink button, tapped in the chat that asked for the code: detaches the chat that used code
   * `linkId`. The statement itself checks that the code is this member's and that chat is still theirs, so a
   * forged or replayed button detaches nothing else; a second tap says it is already done.
   */
  async unlinkLinked(
    ctx: ViewContext,
    asking: ChatIdentityRef,
    memberId: string,
    linkId: string,
  ): Promise<LinkOutcome> {
    const id = /^\d{1,15}$/.test(linkId) ? Number(linkId) : null;
    const linked = id === null ? undefined : await this.chat.linkedBy(id, memberId);
    const self = linked && linked.channel === asking.channel && linked.userId === asking.userId;
    if (id === null || !linked?.linked || self) return { replies: [textReply(ctx, 'link.unlink_gone')] };
    return {
      replies: [textReply(ctx, 'link.unlinked_other')],
      plan: { statements: [this.chat.detachLinked(id, memberId, asking)], success: null, refusal: () => undefined },
    };
  }
}
