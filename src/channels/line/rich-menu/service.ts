// Rich menus on LINE: created once per content hash (the row in rich_menus is the claim: one process creates, any
// other waits for it and reuses it), the guest menu made the default, the member menu bulk-linked to existing
// members (500 ids a call, spaced, after Retry-After on a 429), and the per-user links and unlinks that
// registrations, links and unfollows queued in their own batches, sent with retries so a LINE outage loses none.
import type { Clock } from '../../../kernel/clock.js';
import type { Logger } from '../../../kernel/logger.js';
import type { LineRichMenu, RichMenuContent, RichMenuKind } from './domain/menu.js';
import type { LinkRow, RichMenuStore } from './store.js';

export interface RichMenuApi {
  create(menu: LineRichMenu): Promise<string>;
  upload(id: string, png: Uint8Array): Promise<void>;
  setDefault(id: string): Promise<void>;
  link(userId: string, id: string): Promise<void>;
  unlink(userId: string): Promise<void>;
  bulkLink(id: string, userIds: readonly string[]): Promise<void>;
}

export class RichMenuApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RichMenuApiError';
  }
  get transient(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}

export const BULK_LINK_MAX_USERS = 500;

export interface RichMenuOptions {
  readonly store: RichMenuStore;
  readonly api: RichMenuApi;
  readonly clock: Clock;
  readonly log: Logger;
  /** The menus to have on LINE (loaded from flex-templates/rich-menus/). */
  readonly menus: () => Promise<readonly RichMenuContent[]>;
  /** Pause between two bulk link calls (LINE limits bulk link); RICH_MENU_BULK_INTERVAL_MS. */
  readonly bulkIntervalMs: number;
  /** A claim older than this was left by a process that died: another takes it over. */
  readonly claimStaleMs?: number;
  /** How long a sync waits for another process's create. */
  readonly waitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SyncOutcome {
  readonly kind: RichMenuKind;
  readonly hash: string;
  readonly lineRichMenuId: string;
  /** This call created it on LINE (false: it was there, or another process made it). */
  readonly created: boolean;
  readonly bulkLinked?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const LINK_LEASE_MS = 60_000;
const LINK_MAX_ATTEMPTS = 20;

export class RichMenus {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly token = crypto.randomUUID();

  constructor(private readonly o: RichMenuOptions) {
    this.sleep = o.sleep ?? defaultSleep;
  }

  /** Every menu on LINE (once per content), the guest menu as default, then existing members on the member menu. */
  async sync(): Promise<SyncOutcome[]> {
    const out: SyncOutcome[] = [];
    for (const content of await this.o.menus()) {
      const r = await this.ensure(content);
      const bulkLinked = content.kind === 'member' ? await this.bulkLinkOnce(r.hash, r.lineRichMenuId) : undefined;
      out.push({ ...r, ...(bulkLinked !== undefined && { bulkLinked }) });
    }
    return out;
  }

  private async ensure(content: RichMenuContent): Promise<SyncOutcome> {
    const { store, clock } = this.o;
    const { hash, kind } = content;
    await store.claim(hash, kind, this.token, clock.now());
    const until = clock.now() + (this.o.waitMs ?? 120_000);
    for (;;) {
      const row = await store.byHash(hash);
      if (!row) throw new Error(`rich menu ${kind}: claim row vanished`);
      if (row.state === 'ready' && row.lineRichMenuId)
        return { kind, hash, lineRichMenuId: row.lineRichMenuId, created: false };
      if (row.claimToken === this.token) return this.create(content);
      const stale = row.claimedAt < clock.now() - (this.o.claimStaleMs ?? 120_000);
      if (stale && (await store.takeOver(hash, row.claimToken, this.token, clock.now()))) continue;
      if (clock.now() > until) throw new Error(`rich menu ${kind}: another process is still creating it`);
      await this.sleep(200);
    }
  }

  private async create(content: RichMenuContent): Promise<SyncOutcome> {
    const { store, api, clock, log } = this.o;
    const { hash, kind } = content;
    try {
      const id = await api.create(content.menu);
      await api.upload(id, content.png);
      if (kind === 'guest') await api.setDefault(id);
      if (!(await store.markReady(hash, this.token, id, clock.now())))
        log.warn({ kind, richMenuId: id }, 'rich menu: claim lost while creating; another process made it');
      else log.info({ kind, richMenuId: id, hash: hash.slice(0, 12) }, 'rich menu: created on LINE');
      return { kind, hash, lineRichMenuId: id, created: true };
    } catch (error) {
      await store.release(hash, this.token);
      throw new Error(`rich menu ${kind}: could not create it on LINE`, { cause: error });
    }
  }

  /** Links every member's LINE chat to a new member menu, once per menu. Returns the ids sent (0: already done). */
  private async bulkLinkOnce(hash: string, id: string): Promise<number> {
    const now = this.o.clock.now();
    if (!(await this.o.store.claimBulk(hash, now, now - (this.o.claimStaleMs ?? 600_000)))) return 0;
    const n = await this.bulkLink(id);
    await this.o.store.markBulkLinked(hash, this.o.clock.now());
    return n;
  }

  /** Every member's LINE chat to `id`, 500 ids a call, spaced by bulkIntervalMs, waiting out 429s. */
  async bulkLink(id: string): Promise<number> {
    let after = '';
    let sent = 0;
    for (let page = 0; page < 100_000; page++) {
      const ids = await this.o.store.lineMemberIds(after, BULK_LINK_MAX_USERS);
      if (ids.length === 0) break;
      if (page > 0) await this.sleep(this.o.bulkIntervalMs);
      await this.withRetries(() => this.o.api.bulkLink(id, ids));
      sent += ids.length;
      after = ids[ids.length - 1] ?? after;
    }
    return sent;
  }

  private async withRetries(work: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof RichMenuApiError) || !error.transient || attempt >= 8) throw error;
        await this.sleep(error.retryAfterMs ?? Math.min(60_000, 1000 * 2 ** (attempt - 1)));
      }
    }
  }

  /** The member menu's LINE id, when it is on LINE. */
  private async memberMenuId(): Promise<string | undefined> {
    const member = (await this.o.menus()).find((m) => m.kind === 'member');
    const row = member && (await this.o.store.byHash(member.hash));
    return row?.state === 'ready' ? (row.lineRichMenuId ?? undefined) : undefined;
  }

  /** Sends the queued per-user links and unlinks that are due; each user's in order. */
  async drainLinks(limit = 100): Promise<{ linked: number; unlinked: number; retried: number; failed: number }> {
    const counts = { linked: 0, unlinked: 0, retried: 0, failed: 0 };
    const rows = await this.o.store.claimDueLinks(this.o.clock.now(), LINK_LEASE_MS, limit);
    if (rows.length === 0) return counts;
    const menuId = await this.memberMenuId();
    for (const row of rows) counts[await this.sendLink(row, menuId)]++;
    return counts;
  }

  private async sendLink(
    row: LinkRow,
    menuId: string | undefined,
  ): Promise<'linked' | 'unlinked' | 'retried' | 'failed'> {
    const { store, api, clock, log } = this.o;
    if (row.action === 'link' && !menuId) {
      // Not synced yet: wait for the menu without spending an attempt.
      await store.retryLink(row.id, 'member menu not on LINE yet', clock.now() + 30_000, false);
      return 'retried';
    }
    try {
      if (row.action === 'link' && menuId) await api.link(row.userId, menuId);
      else await api.unlink(row.userId);
      const outcome = row.action === 'link' ? 'linked' : 'unlinked';
      await store.finishLink(row.id, outcome, null, clock.now());
      return outcome;
    } catch (error) {
      const e = error instanceof RichMenuApiError ? error : undefined;
      const message = error instanceof Error ? error.message : String(error);
      if ((e === undefined || e.transient) && row.attempts < LINK_MAX_ATTEMPTS) {
        const backoff = e?.retryAfterMs ?? Math.min(300_000, 1000 * 2 ** Math.min(row.attempts, 9));
        await store.retryLink(row.id, message.slice(0, 300), clock.now() + backoff, true);
        return 'retried';
      }
      log.warn({ linkId: row.id, error: message.slice(0, 300) }, 'rich menu: link refused for good');
      await store.finishLink(row.id, 'failed', message.slice(0, 300), clock.now());
      return 'failed';
    }
  }
}
