// The size rules of docs/architecture.md: small files with one job, short functions. Declarative tables (the
// message catalogue, schemas, template samples, the simulator page, route tables) are exempt.
import { describe, expect, it } from 'vitest';
import {
  fileLines,
  functionsOf,
  isDeclarative,
  isRouteTable,
  MAX_FILE_LINES,
  MAX_FUNCTION_LINES,
  sourceFiles,
} from './sizes.js';

const files = sourceFiles().filter((f) => !isDeclarative(f));

describe('source sizes', () => {
  it(`keeps every source file within ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter((f) => fileLines(f) > MAX_FILE_LINES).map((f) => `${f}: ${fileLines(f)}`);
    expect(long).toEqual([]);
  });

  it(`keeps every function within ${MAX_FUNCTION_LINES} lines of its own`, () => {
    const long = files
      .flatMap(functionsOf)
      .filter((f) => f.lines > MAX_FUNCTION_LINES && !isRouteTable(f))
      .map((f) => `${f.file}: ${f.name} (${f.lines})`);
    expect(long).toEqual([]);
  });
});
