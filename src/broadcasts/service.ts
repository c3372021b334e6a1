import type { Database } from '../kernel/database.js';
import { sleep } from '../kernel/rate-limit.js';
import { err, ok, type Result } from '../kernel/result.js';
import { type ContentRefusalCode, checkContent } from './content-check.js';
import type { BroadcastDeps } from './deps.js';
import { type BroadcastContent, broadcastReplies } from './domain/content.js';
import type { SegmentFilter } from './domain/segment.js';
import type { MulticastOutcome, MulticastSender } from './multicast.js';
import { BroadcastFault, WorkBudget } from './run.js';
import type { BatchRecord, BroadcastRecord, Progress, SegmentRecord } from './store.js';

export type { BroadcastDeps, BroadcastSettings } from './deps.js';

export type BroadcastRefusal =
  | { readonly code: 'segment_not_found'; readonly message: string }
  | { readonly code: 'broadcast_not_found'; readonly message: string }
  | { readonly code: 'broadcast_finished'; readonly message: string }
  | { readonly code: 'member_not_found'; readonly message: string }
  | { readonly code: ContentRefusalCode; readonly message: string };

export interface NewBroadcast {
  readonly name: string;
  readonly segment: string;
  readonly content: BroadcastContent;
  /** Epoch ms; omitted or in the past: now. */
  readonly scheduledAt?: number;
}

const BACKOFF_CAP_MS = 30_000;

/**
 * Segments, broadcasts and their delivery. A broadcast's audience is frozen into broadcast_recipients when it
 * starts (one row per member: the database's UNIQUE key is the once-per-member guard). LINE recipients go out in
 * multicasts of <= 500 whose row, with its X-Line-Retry-Key, is committed before the call, so a retry after a
 * timeout or a crash is deduplicated by LINE (409). Other channels go through the outbox one message each.
 * Every step is idempotent, so `run` may be called again at any time (after a crash, from cron) and resumes.
 */
export class BroadcastService {
  /** Broadcasts this process is sending now: a second `run` of the same one joins the first. */
  private readonly running = new Map<string, Promise<Progress>>();

  constructor(private readonly d: BroadcastDeps) {}

  async defineSegment(code: string, name: string, filter: SegmentFilter): Promise<SegmentRecord> {
    const now = this.d.clock.now();
    await this.commit([this.d.store.putSegment(code, name, filter, now)]);
    return { code, name, filter, updatedAt: now };
  }

  segments(): Promise<SegmentRecord[]> {
    return this.d.store.segments();
  }

  segment(code: string): Promise<SegmentRecord | undefined> {
    return this.d.store.segment(code);
  }

  preview(filter: SegmentFilter) {
    return this.d.store.preview(filter, this.d.clock.now(), this.d.settings.frequencyCap);
  }

  async tag(memberId: string, tags: readonly string[]): Promise<Result<string[], BroadcastRefusal>> {
    if (!(await this.d.store.memberExists(memberId)))
      return err({ code: 'member_not_found', message: `no member ${memberId}` });
    await this.commit(this.d.store.addTags(memberId, tags, this.d.clock.now()));
    return ok(await this.d.store.tags(memberId));
  }

  async untag(memberId: string, tag: string): Promise<Result<string[], BroadcastRefusal>> {
    if (!(await this.d.store.memberExists(memberId)))
      return err({ code: 'member_not_found', message: `no member ${memberId}` });
    await this.commit([this.d.store.removeTag(memberId, tag)]);
    return ok(await this.d.store.tags(memberId));
  }

  /** Refuses content whose button names an unknown or ended giveaway or catalogue item by `at` (epoch ms). */
  checkContent(content: BroadcastContent, at = this.d.clock.now()) {
    return checkContent(this.d.references, content, at);
  }

  async create(input: NewBroadcast, actor: string): Promise<Result<BroadcastRecord, BroadcastRefusal>> {
    if (!(await this.d.store.segment(input.segment)))
      return err({ code: 'segment_not_found', message: `no segment ${input.segment}` });
    const now = this.d.clock.now();
    const checked = await this.checkContent(input.content, Math.max(now, input.scheduledAt ?? now));
    if (!checked.ok) return checked;
    const b: BroadcastRecord = {
      id: this.d.ids.next().slice(0, 20),
      name: input.name,
      segmentCode: input.segment,
      content: input.content,
      status: 'scheduled',
      scheduledAt: Math.max(now, input.scheduledAt ?? now),
      createdAt: now,
      createdBy: actor,
      startedAt: null,
      finishedAt: null,
      cancelledAt: null,
    };
    await this.commit([this.d.store.insertBroadcast(b)]);
    return ok(b);
  }

  /** Freezes a due broadcast's audience; answers its status now ('sending', or 'done' if it reaches nobody). */
  async start(id: string): Promise<BroadcastRecord | undefined> {
    const b = await this.d.store.broadcast(id);
    if (b?.status !== 'scheduled' || b.scheduledAt > this.d.clock.now()) return b;
    await this.freeze(b);
    await this.commit([this.d.store.finishIfComplete(id, this.d.clock.now())]);
    const after = await this.d.store.broadcast(id);
    if (after?.status === 'done') await this.logFinished(id);
    return after;
  }

  get(id: string): Promise<BroadcastRecord | undefined> {
    return this.d.store.broadcast(id);
  }

  list(limit = 50): Promise<BroadcastRecord[]> {
    return this.d.store.broadcasts(limit);
  }

  progress(id: string): Promise<Progress> {
    return this.d.store.progress(id);
  }

  /** Stops what has not been handed to LINE or the outbox yet; multicasts already formed still complete. */
  async cancel(id: string): Promise<Result<BroadcastRecord, BroadcastRefusal>> {
    const b = await this.d.store.broadcast(id);
    if (!b) return err({ code: 'broadcast_not_found', message: `no broadcast ${id}` });
    await this.commit(this.d.store.cancel(id, this.d.clock.now()));
    const after = await this.d.store.broadcast(id);
    if (after?.status !== 'cancelled')
      return err({ code: 'broadcast_finished', message: `broadcast ${id} is already ${after?.status ?? 'gone'}` });
    return ok(after);
  }

  /** Starts due broadcasts and continues those being sent (cron, start-up). */
  async runDue(): Promise<number> {
    const active = await this.d.store.active(this.d.clock.now());
    // One budget for the whole call: a Workers cron invocation's limits are per invocation.
    const budget = new WorkBudget(this.d.settings.unitsPerRun);
    // One broadcast's fault (logged by run) must not hold up the others; the next call retries it.
    for (const b of active) await this.run(b.id, budget).catch(() => undefined);
    return active.length;
  }

  /**
   * Sends (or resumes) one broadcast until nothing is left that this process can do now, or until the run's
   * budget of work units (settings.unitsPerRun) is spent: then the next run goes on.
   */
  run(id: string, budget = new WorkBudget(this.d.settings.unitsPerRun)): Promise<Progress> {
    const current = this.running.get(id);
    if (current) return current;
    const work = this.runOnce(id, budget)
      .catch((error: unknown) => {
        // Logged here because a background run (after the API answered) has no one else to report to.
        this.d.log.error({ err: error, broadcastId: id }, 'broadcast run failed; the next run resumes it');
        throw error;
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, work);
    return work;
  }

  private async runOnce(id: string, budget: WorkBudget): Promise<Progress> {
    let b = await this.d.store.broadcast(id);
    if (!b) throw new BroadcastFault(`no broadcast ${id}`);
    if (b.status === 'scheduled' && b.scheduledAt <= this.d.clock.now()) {
      await this.freeze(b);
      b = (await this.d.store.broadcast(id)) ?? b;
    }
    if (b.status === 'sending' || b.status === 'cancelled') {
      const content = b.content;
      await Promise.all([this.sendLine(b.id, content, budget), this.sendSingles(b, budget)]);
      await this.commit([
        ...this.d.store.syncFromOutbox(id, this.d.clock.now()),
        this.d.store.finishIfComplete(id, this.d.clock.now()),
      ]);
      if (b.status === 'sending' && (await this.d.store.broadcast(id))?.status === 'done') await this.logFinished(id);
    }
    return this.d.store.progress(id);
  }

  private async logFinished(id: string): Promise<void> {
    const p = await this.d.store.progress(id);
    const counts = { total: p.total, sent: p.sent, failed: p.failed, skipped: p.skipped };
    this.d.log.info({ broadcast: { id, ...counts } }, 'broadcast finished');
  }

  private async freeze(b: BroadcastRecord): Promise<void> {
    const segment = await this.d.store.segment(b.segmentCode);
    if (!segment) throw new BroadcastFault(`segment ${b.segmentCode} of broadcast ${b.id} is gone`);
    const r = await this.d.db.batch(
      this.d.store.freeze({
        broadcastId: b.id,
        filter: segment.filter,
        now: this.d.clock.now(),
        frequencyCap: this.d.settings.frequencyCap,
      }),
    );
    // Another process froze it first: its audience stands.
    if (!r.ok && !this.d.store.isAlreadyFrozen(r.error)) {
      throw new BroadcastFault(
        `freezing ${b.id} refused: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`,
      );
    }
    if (r.ok) {
      const p = await this.d.store.progress(b.id);
      const counts = { total: p.total, queued: p.queued, skipped: p.skipped };
      this.d.log.info({ broadcast: { id: b.id, segment: b.segmentCode, ...counts } }, 'broadcast started');
    }
  }

  private async sendLine(id: string, content: BroadcastContent, budget: WorkBudget): Promise<void> {
    const line = this.d.line;
    if (!line) return;
    // Batches a crash (or an earlier 5xx) left pending go first, with their own retry keys.
    const resume = await this.d.store.pendingBatches(id);
    const next = async (): Promise<BatchRecord | undefined> => {
      if (!budget.take()) return undefined;
      const pending = resume.shift();
      if (pending) return pending;
      if ((await this.d.store.broadcast(id))?.status !== 'sending') return undefined;
      for (const language of await this.d.store.unbatchedLanguages(id)) {
        const key = crypto.randomUUID();
        const size = Math.min(500, line.maxRecipients);
        await this.commit(this.d.store.formBatch(id, language, key, size, this.d.clock.now()));
        const batch = await this.d.store.batch(key);
        if (batch) return batch;
      }
      return undefined;
    };
    const worker = async () => {
      for (let batch = await next(); batch; batch = await next()) await this.sendBatch(line, batch, content);
    };
    await Promise.all(Array.from({ length: Math.max(1, this.d.settings.concurrency) }, worker));
  }

  private async sendBatch(line: MulticastSender, batch: BatchRecord, content: BroadcastContent): Promise<void> {
    const replies = broadcastReplies(content, batch.language, 'line', batch.broadcastId);
    let inDoubt = batch.inDoubt;
    for (let attempt = batch.attempts + 1; ; attempt++) {
      await this.d.limiter.take();
      // Cancel stops a batch LINE surely does not have (the guarded statement decides); one in doubt is finished
      // with its retry key, so a 409 tells us it had been delivered and the report stays exact.
      if (!inDoubt && (await this.d.store.broadcast(batch.broadcastId))?.status === 'cancelled') {
        return this.commit(this.d.store.batchAbandoned(batch.id, this.d.clock.now()));
      }
      if (!inDoubt) await this.commit([this.d.store.batchInDoubt(batch.id)]);
      let out: MulticastOutcome;
      try {
        out = await line.multicast(batch.userIds, replies, batch.id);
      } catch (error) {
        out = { status: 'retry', error: error instanceof Error ? error.message : String(error) };
      }
      const now = this.d.clock.now();
      if (out.status === 'sent') return this.commit(this.d.store.batchSent(batch.id, now));
      if (out.status === 'failed' || attempt >= this.d.settings.maxAttempts) {
        this.d.log.warn({ batchId: batch.id, error: out.error, attempt }, 'broadcast: multicast failed');
        return this.commit(this.d.store.batchFailed(batch.id, out.error, now));
      }
      inDoubt = inDoubt || !out.notTaken;
      await this.commit([this.d.store.batchAttempt(batch.id, out.error, inDoubt)]);
      const backoff = Math.min(BACKOFF_CAP_MS, this.d.settings.backoffMs * 2 ** (attempt - 1));
      // Jitter spreads the retries of concurrent batches so they do not hit the limit together again.
      await sleep(out.retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2));
    }
  }

  private async sendSingles(b: BroadcastRecord, budget: WorkBudget): Promise<void> {
    if (b.status === 'sending') {
      for (;;) {
        const batch = await this.d.store.unhandedSingles(b.id, 100);
        if (batch.length === 0 || !budget.take()) break;
        const now = this.d.clock.now();
        await this.commit(
          batch.flatMap((r) =>
            this.d.store.handToOutbox(
              b.id,
              r,
              JSON.stringify(broadcastReplies(b.content, r.language, r.channel, b.id)),
              now,
            ),
          ),
        );
      }
    }
    await this.d.deliverOutbox();
  }

  private async commit(statements: Parameters<Database['batch']>[0]): Promise<void> {
    if (statements.length === 0) return;
    const r = await this.d.db.batch(statements);
    if (!r.ok) throw new BroadcastFault(`broadcast write refused: ${r.error.kind} ${JSON.stringify(r.error)}`);
  }
}
