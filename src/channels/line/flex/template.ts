// A small, safe placeholder mechanism for brand-editable Flex templates. Templates are parsed JSON; filling one
// walks the parsed tree and substitutes values into string VALUES (never into raw JSON text), so no value can
// change the structure, and no code runs. The directives:
//
//   "…{{path.to.value}}…"                          a string with placeholders; each is replaced by a string or
//                                                  number from the view model (text, never markup or structure)
//   {"$value": "path"}                              a JSON value from the view model as it is (e.g. a prepared
//                                                  LINE action object)
//   {"$if": "path", "then": X, "else": Y}           X when the value is truthy, else Y; "!path" negates; a branch
//                                                  left out means "nothing": the array element or the object
//                                                  property disappears
//   [{"$each": "path", "as": "row", "max": 12, "template": X}]
//                                                  inside an array: X once per element of the list at `path`,
//                                                  with that element in scope as `row` (default `item`)
//
// A path that does not exist (a typo, a missing value, a null where text is expected) is a TemplateError naming
// the template, the placeholder and where in the template it is; so is any unknown "$..." key.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class TemplateError extends Error {
  constructor(
    readonly template: string,
    readonly placeholder: string,
    readonly at: string,
    readonly problem: string,
  ) {
    super(`Flex template "${template}": ${problem} "${placeholder}" at ${at}`);
    this.name = 'TemplateError';
  }
}

const ABSENT: unique symbol = Symbol('absent');
type Filled = Json | typeof ABSENT;

const PATH = '!?[A-Za-z_$][\\w$]*(?:\\.[\\w$]+)*';
const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*(?:\.[\w$]+)*)\s*\}\}/g;
const PATH_RE = new RegExp(`^${PATH}$`);
const NAME_RE = /^[A-Za-z_][\w]*$/;

const DIRECTIVE_KEYS: Record<string, readonly string[]> = {
  $value: ['$value'],
  $if: ['$if', 'then', 'else'],
  $each: ['$each', 'as', 'max', 'template'],
};

type Scope = Readonly<Record<string, unknown>>;

/** Fills `template` (parsed JSON) from `scope`. Throws TemplateError on any missing value or malformed directive. */
export function fillTemplate(name: string, template: unknown, scope: Scope): Json {
  const filler = new Filler(name);
  const out = filler.fill(template, scope, '$');
  if (out === ABSENT) throw new TemplateError(name, '$if', '$', 'the template as a whole came out empty at');
  return out;
}

class Filler {
  constructor(private readonly name: string) {}

  private error(placeholder: string, at: string, problem: string): TemplateError {
    return new TemplateError(this.name, placeholder, at, problem);
  }

  fill(node: unknown, scope: Scope, at: string): Filled {
    if (typeof node === 'string') return this.text(node, scope, at);
    if (node === null || typeof node === 'boolean') return node;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) throw this.error(String(node), at, 'not a JSON number');
      return node;
    }
    if (Array.isArray(node)) return this.array(node, scope, at);
    if (isPlainObject(node)) return this.object(node, scope, at);
    throw this.error(String(node), at, 'not JSON');
  }

  private text(source: string, scope: Scope, at: string): string {
    const rest = source.replace(PLACEHOLDER, '');
    if (rest.includes('{{') || rest.includes('}}')) throw this.error(source, at, 'malformed placeholder in');
    // One pass: a value that itself contains "{{...}}" is inserted as text and never expanded.
    return source.replace(PLACEHOLDER, (whole, path: string) => {
      const value = this.lookup(scope, path, whole, at);
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (value === null) throw this.error(whole, at, 'missing value (null) for');
      throw this.error(whole, at, `not text (${Array.isArray(value) ? 'array' : typeof value}) for`);
    });
  }

  private array(nodes: readonly unknown[], scope: Scope, at: string): Json[] {
    const out: Json[] = [];
    nodes.forEach((node, i) => {
      const here = `${at}[${i}]`;
      if (isPlainObject(node) && '$each' in node) {
        this.checkKeys(node, '$each', here);
        const path = node.$each;
        if (typeof path !== 'string' || !PATH_RE.test(path) || path.startsWith('!'))
          throw this.error(String(path), here, 'bad $each path');
        const as = node.as ?? 'item';
        if (typeof as !== 'string' || !NAME_RE.test(as)) throw this.error(String(as), here, 'bad $each "as" name');
        const max = node.max;
        if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 0))
          throw this.error(String(max), here, 'bad $each "max"');
        if (!('template' in node)) throw this.error(path, here, '$each without "template" for');
        const list = this.lookup(scope, path, path, here);
        if (!Array.isArray(list)) throw this.error(path, here, 'not a list for $each');
        const rows = max === undefined ? list : list.slice(0, max);
        rows.forEach((row, j) => {
          const filled = this.fill(node.template, { ...scope, [as]: row }, `${here}<${path}[${j}]>`);
          if (filled !== ABSENT) out.push(filled);
        });
        return;
      }
      const filled = this.fill(node, scope, here);
      if (filled !== ABSENT) out.push(filled);
    });
    return out;
  }

  private object(node: Readonly<Record<string, unknown>>, scope: Scope, at: string): Filled {
    if ('$each' in node) throw this.error('$each', at, '$each must be an element of an array:');
    if ('$value' in node) {
      this.checkKeys(node, '$value', at);
      const path = node.$value;
      if (typeof path !== 'string' || !PATH_RE.test(path) || path.startsWith('!'))
        throw this.error(String(path), at, 'bad $value path');
      const value = this.lookup(scope, path, path, at);
      if (value === null) throw this.error(path, at, 'missing value (null) for');
      return this.copyJson(value, path, at);
    }
    if ('$if' in node) {
      this.checkKeys(node, '$if', at);
      const path = node.$if;
      if (typeof path !== 'string' || !PATH_RE.test(path)) throw this.error(String(path), at, 'bad $if path');
      const negate = path.startsWith('!');
      const value = this.lookup(scope, negate ? path.slice(1) : path, path, at);
      const truthy = !(value === null || value === false || value === '' || (Array.isArray(value) && !value.length));
      const branch = truthy !== negate ? 'then' : 'else';
      return branch in node ? this.fill(node[branch], scope, `${at}.${branch}`) : ABSENT;
    }
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('$')) throw this.error(key, at, 'unknown directive');
      const filled = this.fill(value, scope, `${at}.${key}`);
      if (filled !== ABSENT) out[key] = filled;
    }
    return out;
  }

  private checkKeys(node: Readonly<Record<string, unknown>>, directive: string, at: string): void {
    const allowed = DIRECTIVE_KEYS[directive] ?? [];
    for (const key of Object.keys(node))
      if (!allowed.includes(key)) throw this.error(key, at, `unexpected key in ${directive}:`);
  }

  private lookup(scope: Scope, path: string, placeholder: string, at: string): unknown {
    let current: unknown = scope;
    for (const segment of path.split('.')) {
      // Own properties only: "constructor", "__proto__" and friends are missing values, not ways out.
      if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment))
        throw this.error(placeholder, at, 'missing value for');
      current = (current as Record<string, unknown>)[segment];
    }
    if (current === undefined) throw this.error(placeholder, at, 'missing value for');
    return current;
  }

  /** A deep copy of a JSON value from the view model; anything that is not JSON is refused. */
  private copyJson(value: unknown, path: string, at: string): Json {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (Array.isArray(value)) return value.map((v) => this.copyJson(v, path, at));
    if (isPlainObject(value)) {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = this.copyJson(v, path, at);
      return out;
    }
    throw this.error(path, at, 'not a JSON value for');
  }
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
