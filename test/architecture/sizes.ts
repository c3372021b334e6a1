// Measures source files and functions with the TypeScript compiler's own parser (no type checking), so the size
// rules of docs/architecture.md are checked, and printed by `npm run sizes`, from the same numbers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 60;

/**
 * Declarative tables are exempt: the message catalogue, schema definitions, sample replies for every template,
 * the simulator page's inline HTML/CSS/JS, and route tables whose length is their list of routes.
 */
export const DECLARATIVE = [
  /^src\/kernel\/i18n\/catalog\.ts$/,
  /\/db\/schema\.ts$/,
  /^src\/channels\/line\/flex\/samples\.ts$/,
  /^src\/channels\/simulator\/page\.ts$/,
];

export interface Measured {
  readonly file: string;
  readonly name: string;
  readonly lines: number;
}

const ROOT = join(import.meta.dirname, '../..');

export function sourceFiles(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

export const isDeclarative = (file: string) => DECLARATIVE.some((r) => r.test(file));

export function fileLines(file: string): number {
  return readFileSync(join(ROOT, file), 'utf8').split('\n').length;
}

function functionName(node: ts.Node, source: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText(source);
  return `(anonymous at line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1})`;
}

/**
 * Every function, method, arrow function and accessor in a file, with its own length in lines: the lines of the
 * functions nested in it are theirs, so a store factory that returns an object of methods, or a route table of
 * handlers, is measured method by method, like a class.
 */
export function functionsOf(file: string): Measured[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Measured[] = [];
  const span = (node: ts.Node) =>
    source.getLineAndCharacterOfPosition(node.getEnd()).line -
    source.getLineAndCharacterOfPosition(node.getStart(source)).line +
    1;
  /** Visits `node`'s subtree; returns the lines of the outermost functions inside it. */
  const visit = (node: ts.Node): number => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      let nested = 0;
      ts.forEachChild(node, (child) => {
        nested += visit(child);
      });
      out.push({ file, name: functionName(node, source), lines: span(node) - nested });
      return span(node);
    }
    let inner = 0;
    ts.forEachChild(node, (child) => {
      inner += visit(child);
    });
    return inner;
  };
  visit(source);
  return out;
}

/**
 * A route table: the function an http.ts hands to the router, whose own lines are route declarations (path,
 * zod schemas, OpenAPI text); each handler in it is measured as a function of its own.
 */
export function isRouteTable(f: Measured): boolean {
  return /(^|\/)(http|admin-api)\.ts$/.test(f.file);
}
