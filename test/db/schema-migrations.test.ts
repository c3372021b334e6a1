// The per-module drizzle schema (src/**/db/schema.ts) and the SQL in migrations/ must say the same thing:
// regenerating migrations from the schema yields nothing new. drizzle-kit runs, offline, on a temp copy of
// migrations/ (the tree is never written), so a difference shows up as a new migration file in the copy.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../../drizzle.config.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const drizzleKit = join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');

/** Every file under `dir` (relative path -> content). */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name] = readFileSync(path, 'utf8');
  }
  return out;
}

describe('migrations/ and the per-module schema', () => {
  const work = mkdtempSync(join(tmpdir(), 'pointloop-schema-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('drizzle-kit generate finds nothing to migrate', () => {
    if (config.dialect !== 'sqlite' || !config.out) {
      throw new Error('drizzle.config.ts: expected sqlite with an out folder');
    }
    const schema = (Array.isArray(config.schema) ? config.schema : [config.schema ?? '']).map((s) => resolve(root, s));
    cpSync(resolve(root, config.out), join(work, 'migrations'), { recursive: true });
    writeFileSync(
      join(work, 'drizzle.config.mjs'),
      `export default ${JSON.stringify({ dialect: config.dialect, schema, out: './migrations' })};\n`,
    );
    const before = files(join(work, 'migrations'));

    const run = spawnSync(process.execPath, [drizzleKit, 'generate', '--config', 'drizzle.config.mjs'], {
      cwd: work,
      encoding: 'utf8',
      // No terminal: a change drizzle-kit would ask about (a rename?) makes it print an error, not wait for an answer.
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.error, output).toBeUndefined();
    expect(run.status, output).toBe(0);
    // drizzle-kit reports some failures (a prompt it cannot show, a schema it cannot load) and still exits 0.
    expect(output).not.toMatch(/\bError\b/);
    expect(output).toMatch(/\d+ tables/);
    // A difference is a new NNNN_*.sql (with its snapshot and a journal entry) in the copy.
    const after = files(join(work, 'migrations'));
    const added = Object.keys(after).filter((name) => !(name in before));
    const newSql = added.filter((name) => name.endsWith('.sql')).map((name) => `${name}:\n${after[name]}`);
    expect(newSql, 'the schema differs from migrations/: run npx drizzle-kit generate').toEqual([]);
    expect(added).toEqual([]);
    expect(Object.keys(before).filter((name) => after[name] !== before[name])).toEqual([]);
  });
});
