// What a broadcast run is measured and stopped by: its work budget, and the fault a broken invariant raises.

/** How many more work units a run may do (unbounded when the setting is 0 or absent). */
export class WorkBudget {
  private left: number;
  constructor(units = 0) {
    this.left = units > 0 ? units : Number.POSITIVE_INFINITY;
  }
  take(): boolean {
    if (this.left <= 0) return false;
    this.left--;
    return true;
  }
}

/** A broken invariant (a refused write that the flow rules out): a fault, not an outcome. */
export class BroadcastFault extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BroadcastFault';
  }
}
