import type { BatchRefusal, CommitFact, Statement } from '../kernel/database.js';
import { type Plan, RETRY } from '../kernel/plan.js';
import { type QuickContext, withClosingQuickReplies } from './domain/quick-replies.js';
import type { Reply } from './domain/replies.js';
import type { CommandResult } from './registry.js';

/** What one turn commits: every step's statements and replies, and which step's plan each refusal belongs to. */
export class TurnBatch {
  readonly statements: Statement[] = [];
  readonly replies: Reply[] = [];
  readonly facts: CommitFact[] = [];
  private readonly plans: { index: number; plan: Plan<unknown, string> }[] = [];

  add(...statements: readonly Statement[]): void {
    this.statements.push(...statements);
  }

  reply(...replies: readonly Reply[]): void {
    this.replies.push(...replies);
  }

  /** No dead ends: the turn's last reply leaves with quick replies (its own, or those of `context`). */
  closeReplies(context: QuickContext): void {
    const closed = withClosingQuickReplies(this.replies, context);
    this.replies.splice(0, this.replies.length, ...closed);
  }

  addResult(index: number, r: CommandResult): void {
    this.reply(...r.replies);
    this.add(...(r.statements ?? []));
    if (r.plan) {
      this.add(...r.plan.statements);
      this.plans.push({ index, plan: r.plan });
      this.facts.push(...(r.plan.facts ?? []));
    }
  }

  /**
   * Finds the step whose plan the database refused and records its code, so the next attempt answers with it;
   * true when the turn should be rebuilt. A RETRY code (a race) rebuilds without recording anything.
   */
  noteRefusal(e: BatchRefusal, refused: Map<number, string>): boolean {
    for (const { index, plan } of this.plans) {
      const code = plan.refusal(e);
      if (code === RETRY) return true;
      if (code && !refused.has(index)) {
        refused.set(index, code);
        return true;
      }
    }
    return false;
  }
}
