// Holds: the two-phase transfer of TigerBeetle's model. A hold is pending, then captured (posted: a normal transfer
// spends up to what it holds and the rest is released), voided (released), or it expires (released by itself).
// Pure: what a hold is, what can be asked of it, and how a stored hold reads at a given instant.
import { z } from 'zod';

/** A hold lasts at most 15 minutes: long enough for a till, short enough that held points come back soon. */
export const MAX_HOLD_SECONDS = 900;

export type HoldStatus = 'pending' | 'captured' | 'voided' | 'expired';

export interface HoldRecord {
  readonly id: number;
  /** Unique per cause: `store:<store>:<hold>`. */
  readonly key: string;
  readonly memberId: string;
  readonly pointType: string;
  /** Points held. */
  readonly amount: number;
  /** As stored; a pending hold past its expiry reads as expired (see `holdStatusAt`). */
  readonly status: HoldStatus;
  /** Points the capture spent; 0 unless captured. */
  readonly captured: number;
  /** The idempotency key of the capture's transfer. */
  readonly captureKey: string | null;
  readonly params: Readonly<Record<string, string | number | null>>;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly settledAt: number | null;
}

/** A hold as it stands at `now`: a pending hold whose time has come is expired, marked by the sweep or not. */
export function holdStatusAt(h: Pick<HoldRecord, 'status' | 'expiresAt'>, now: number): HoldStatus {
  return h.status === 'pending' && h.expiresAt <= now ? 'expired' : h.status;
}

/** Points a hold still reserves at `now`. */
export function heldAt(h: Pick<HoldRecord, 'status' | 'expiresAt' | 'amount'>, now: number): number {
  return holdStatusAt(h, now) === 'pending' ? h.amount : 0;
}

export const HOLD_REFUSALS = [
  'invalid_points',
  'invalid_expiry',
  'insufficient_points',
  'hold_conflict',
  'hold_not_found',
  'hold_captured',
  'hold_voided',
  'hold_expired',
  'capture_exceeds_hold',
  'hold_wrong_member',
] as const;
export type HoldRefusalCode = (typeof HOLD_REFUSALS)[number];

export interface HoldRefusal {
  readonly code: HoldRefusalCode;
  readonly message: string;
}

const MESSAGES: Record<HoldRefusalCode, string> = {
  invalid_points: 'points must be a whole number from 1 to 2147483647',
  invalid_expiry: `a hold lasts 1 to ${MAX_HOLD_SECONDS} seconds`,
  insufficient_points: 'the member does not have that many points available',
  hold_conflict: 'this hold id was used for a different hold',
  hold_not_found: 'no such hold',
  hold_captured: 'this hold was captured already',
  hold_voided: 'this hold was voided',
  hold_expired: 'this hold has expired: its points are released',
  capture_exceeds_hold: 'a capture spends at most the points held',
  hold_wrong_member: 'this hold is for another member',
};

export const holdRefusal = (code: HoldRefusalCode): HoldRefusal => ({ code, message: MESSAGES[code] });

export function isHoldRefusalCode(s: string): s is HoldRefusalCode {
  return (HOLD_REFUSALS as readonly string[]).includes(s);
}

export const holdPointsSchema = z.number().int().min(1).max(2_147_483_647);
export const holdSecondsSchema = z.number().int().min(1).max(MAX_HOLD_SECONDS);
