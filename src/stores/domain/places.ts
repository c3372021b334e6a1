// Brands and their stores: what a program's places are, as pure definitions (no I/O).
import { z } from 'zod';
import type { Language } from '../../kernel/i18n/language.js';
import { isLocalDate } from '../../kernel/time.js';

/** A brand or store code: letters, digits, `_` and `-`, up to 32 (the same as admin/domain STORE_CODE_PATTERN). */
export const PLACE_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const placeCode = z.string().regex(PLACE_CODE_PATTERN, 'letters, digits, _ and -, at most 32');

/** The brand every store belonged to before brands existed (created by the migration that added brands). */
export const DEFAULT_BRAND = 'default';

export const placeNamesSchema = z.object({
  'zh-TW': z.string().trim().min(1).max(40),
  en: z.string().trim().min(1).max(40),
});
export type PlaceNames = Readonly<Record<Language, string>>;

export const brandBodySchema = z.object({ names: placeNamesSchema });

export const storeBodySchema = z.object({
  brand: placeCode,
  names: placeNamesSchema,
  /** The local date (program timezone) the store opens or opened: "opening week" earn rules count from it. */
  opensOn: z.string().refine(isLocalDate, 'a local date YYYY-MM-DD').nullable().optional(),
});
export type StoreBody = z.output<typeof storeBodySchema>;

export interface Brand {
  readonly code: string;
  readonly names: PlaceNames;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Store {
  readonly code: string;
  readonly brand: string;
  /** Stores made before brands existed, and never defined since, carry their one name in both languages. */
  readonly names: PlaceNames;
  readonly opensOn: string | null;
  readonly createdAt: number;
}

/** Why a store definition was refused (raised by the database guards, migrations: brands). */
export type StoreRefusalCode = 'brand_not_found';
