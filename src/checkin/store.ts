import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { CheckinRefusalCode } from './domain/checkin.js';

/** Storage for daily check-ins: one row per member and local day (UNIQUE). */
export interface CheckinStore {
  lastCheckin(memberId: string): Promise<{ localDate: string; streak: number } | undefined>;
  checkinDates(memberId: string, fromDate: string): Promise<string[]>;
  insertCheckin(memberId: string, localDate: string, streak: number, now: number): Statement;
  /** What a refusal of a check-in's batch means, or undefined if none of its guards refused it. */
  classify(e: BatchRefusal): CheckinRefusalCode | undefined;
}
