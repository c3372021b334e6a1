import { z } from 'zod';
import { err, ok, type Result } from '../../kernel/result.js';
import { type LedgerRefusal, refusal } from './errors.js';

export const MAX_AMOUNT = 2_147_483_647;

/** A positive whole number of points that fits a 32-bit signed integer (the database checks it again). */
export const amountSchema = z.number().int().min(1).max(MAX_AMOUNT);

export function checkAmount(value: unknown): Result<number, LedgerRefusal> {
  const parsed = amountSchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err(refusal('invalid_amount'));
}

export const idempotencyKeySchema = z.string().min(1).max(200);

export function checkKey(value: unknown): Result<string, LedgerRefusal> {
  const parsed = idempotencyKeySchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err(refusal('invalid_key'));
}
