import type { Database } from '../../src/kernel/database.js';

/** A Database that counts what goes through it: reads (all/first), batches and their statements. */
export class CountingDatabase implements Database {
  reads = 0;
  batches = 0;
  statements = 0;
  readonly sql: string[] = [];
  constructor(private readonly inner: Database) {}

  reset(): void {
    this.reads = 0;
    this.batches = 0;
    this.statements = 0;
    this.sql.length = 0;
  }

  batch: Database['batch'] = (statements) => {
    this.batches++;
    this.statements += statements.length;
    return this.inner.batch(statements);
  };

  all: Database['all'] = (sql, params) => {
    this.reads++;
    this.sql.push(sql);
    return this.inner.all(sql, params);
  };

  first: Database['first'] = (sql, params) => {
    this.reads++;
    this.sql.push(sql);
    return this.inner.first(sql, params);
  };
}
