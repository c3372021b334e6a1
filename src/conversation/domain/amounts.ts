// Amounts of points as members read them, in the unit word of their point type ("30 點", "1 stamp", "2 stamps").
import type { Language } from '../../kernel/i18n/language.js';
import { formatPoints, type PointType, pointUnit } from '../../ledger/domain/point-type.js';

/** What of a ViewContext the amounts need (views.ts imports this file, so not the ViewContext itself). */
type Ctx = { readonly language: Language; readonly pointTypes: readonly PointType[] };

/** The unit word of point type `code` for `amount` ("點", "stamp", "stamps"); the default units when unknown. */
export function unitOf(ctx: Ctx, code: string, amount: number): string {
  return pointUnit(ctx.pointTypes.find((p) => p.code === code)?.units, ctx.language, amount);
}

/** `amount` with the unit word of point type `code`: "1,250 點", "1 stamp", "30 points". */
export function pointsOf(ctx: Ctx, code: string, amount: number): string {
  return formatPoints(
    amount,
    ctx.pointTypes.find((p) => p.code === code),
    ctx.language,
  );
}
