// A purchase as stored and answered: what each earn rule gave it, and the hold it captured. Pure types.
import type { Language } from '../../kernel/i18n/language.js';

/** One earn line as answered and stored (the rule's breakdown is in the transfer's reason too). */
export interface EarnedLine {
  readonly seq: number;
  readonly pointType: string;
  readonly points: number;
  readonly base: number;
  readonly rule: { readonly code: string; readonly names: Readonly<Record<Language, string>> };
  readonly multiplier: {
    readonly code: string;
    readonly names: Readonly<Record<Language, string>>;
    readonly factor: number;
  } | null;
  readonly transferKey: string;
}

export interface PurchaseDetail {
  readonly items: readonly unknown[] | null;
  readonly earned: readonly EarnedLine[];
  /** The hold captured with the purchase, if any. */
  readonly offset: {
    readonly hold: string;
    readonly pointType: string;
    readonly points: number;
    readonly valueMinor: number;
  } | null;
}
