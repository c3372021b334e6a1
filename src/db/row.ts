import type { InferSelectModel, Table } from 'drizzle-orm';

/**
 * A row of a drizzle table as hand-written SQL returns it (`SELECT *`, `db.first`): keyed by the database's column
 * names (snake_case) and typed by the module's schema. Imported as a type only, so no drizzle code is bundled.
 */
export type RowOf<T extends Table> = InferSelectModel<T, { dbColumnNames: true }>;
