// A small, honest validator for the subset of OpenAPI 3.0 / JSON Schema that LINE's official messaging-api.yml
// uses for what we send: $ref, allOf, oneOf/anyOf, discriminator (propertyName + mapping), type, enum, required,
// properties, additionalProperties, nullable, min/maxLength (in code points, as JSON Schema counts),
// min/maxItems, minimum/maximum, pattern, and the formats uri and int32. Every error carries the path of the value.
//
// `strict: true` goes one step further than the schema (which never sets additionalProperties: false): a property
// that no schema on the value's path declares is an error, so a misspelt Flex property ("colour") is caught
// before LINE refuses it.
//
// lineLimitErrors() checks LINE's documented limits the schema does not carry (sizes, label lengths...). Its
// numbers are written out here on purpose, independent of the renderer's own copy in src.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const MESSAGING_API_YML = fileURLToPath(
  new URL('../../../shared/line-openapi/messaging-api.yml', import.meta.url),
);

export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

export interface ValidateOptions {
  /** Unknown properties are errors (see above). */
  readonly strict?: boolean;
  /** Name of the value in error paths; `$` by default. */
  readonly root?: string;
}

type Schema = {
  readonly $ref?: string;
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly discriminator?: { readonly propertyName: string; readonly mapping?: Readonly<Record<string, string>> };
  readonly nullable?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly format?: string;
};

interface Walk {
  /** Property names declared for the current value by any schema applied to it. */
  readonly known: Set<string>;
  /** Some applied schema declares properties (so strictness applies). */
  declares: boolean;
  /** Some applied schema allows any further property (additionalProperties true or a schema). */
  open: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export class LineSchema {
  private readonly schemas: Readonly<Record<string, Schema>>;

  constructor(document: unknown) {
    const schemas = (document as { components?: { schemas?: Record<string, Schema> } })?.components?.schemas;
    if (!schemas) throw new Error('not an OpenAPI document with components.schemas');
    this.schemas = schemas;
  }

  has(name: string): boolean {
    return name in this.schemas;
  }

  /** Errors of `value` against components.schemas[name]; an empty list means valid. */
  validate(name: string, value: unknown, options: ValidateOptions = {}): SchemaError[] {
    const errors: SchemaError[] = [];
    this.check(this.ref(`#/components/schemas/${name}`), value, options.root ?? '$', errors, options.strict ?? false);
    return errors;
  }

  private ref(ref: string): Schema {
    const prefix = '#/components/schemas/';
    const schema = ref.startsWith(prefix) ? this.schemas[ref.slice(prefix.length)] : undefined;
    if (!schema) throw new Error(`unresolvable $ref ${ref}`);
    return schema;
  }

  /** A value at a new place (the root, a property, an array item): apply the schema, then strictness. */
  private check(schema: Schema, value: unknown, path: string, errors: SchemaError[], strict: boolean): void {
    const walk: Walk = { known: new Set(), declares: false, open: false };
    this.apply(schema, value, path, errors, strict, walk);
    if (strict && isObject(value) && walk.declares && !walk.open) {
      for (const key of Object.keys(value))
        if (!walk.known.has(key)) errors.push({ path: `${path}.${key}`, message: 'unknown property' });
    }
  }

  /**
   * `from` is the concrete schema whose allOf led here. A discriminator on a base reached that way only checks
   * that the tag belongs to that concrete schema; reached any other way (a property or item that names the
   * base), it picks the concrete schema by the tag.
   */
  private apply(
    schema: Schema,
    value: unknown,
    path: string,
    errors: SchemaError[],
    strict: boolean,
    walk: Walk,
    from?: Schema,
  ): void {
    if (schema.$ref) {
      this.apply(this.ref(schema.$ref), value, path, errors, strict, walk, from);
      return;
    }
    if (value === null && schema.nullable) return;

    if (schema.discriminator && isObject(value)) {
      const { propertyName, mapping = {} } = schema.discriminator;
      const tags = Object.keys(mapping);
      const tag = value[propertyName];
      walk.known.add(propertyName);
      if (typeof tag !== 'string') {
        errors.push({ path: `${path}.${propertyName}`, message: `required (one of ${tags.join(', ')})` });
        return;
      }
      const target = Object.hasOwn(mapping, tag) ? mapping[tag] : undefined;
      if (!target) {
        errors.push({
          path: `${path}.${propertyName}`,
          message: `unknown ${propertyName} ${JSON.stringify(tag)} (one of ${tags.join(', ')})`,
        });
        return;
      }
      if (!from) {
        this.apply(this.ref(target), value, path, errors, strict, walk);
        return;
      }
      if (this.ref(target) !== from) {
        const expected = tags.filter((t) => this.ref(mapping[t] as string) === from);
        errors.push({
          path: `${path}.${propertyName}`,
          message: `${JSON.stringify(tag)} here must be ${expected.map((t) => JSON.stringify(t)).join(' or ')}`,
        });
      }
    }

    if (schema.type && !this.typeMatches(schema.type, value)) {
      errors.push({ path, message: `expected ${schema.type}, got ${typeOf(value)}` });
      return;
    }
    if (schema.enum && !schema.enum.includes(value))
      errors.push({ path, message: `${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}` });

    if (typeof value === 'string') this.string(schema, value, path, errors);
    if (typeof value === 'number') this.number(schema, value, path, errors);
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems)
        errors.push({ path, message: `at least ${schema.minItems} items, got ${value.length}` });
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        errors.push({ path, message: `at most ${schema.maxItems} items, got ${value.length}` });
      const items = schema.items;
      if (items) for (const [i, item] of value.entries()) this.check(items, item, `${path}[${i}]`, errors, strict);
    }
    if (isObject(value)) this.object(schema, value, path, errors, strict, walk);

    for (const sub of schema.allOf ?? []) this.apply(sub, value, path, errors, strict, walk, schema);
    if (schema.oneOf || schema.anyOf) {
      const options = (schema.oneOf ?? schema.anyOf) as readonly Schema[];
      const passing = options.filter((sub) => {
        const trial: SchemaError[] = [];
        this.check(sub, value, path, trial, false);
        return trial.length === 0;
      }).length;
      if (schema.oneOf ? passing !== 1 : passing === 0)
        errors.push({ path, message: `matches ${passing} of the ${schema.oneOf ? 'oneOf' : 'anyOf'} schemas` });
      walk.open = true;
    }
  }

  private typeMatches(type: string, value: unknown): boolean {
    switch (type) {
      case 'object':
        return isObject(value);
      case 'array':
        return Array.isArray(value);
      case 'string':
        return typeof value === 'string';
      case 'boolean':
        return typeof value === 'boolean';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      default:
        return true;
    }
  }

  private string(schema: Schema, value: string, path: string, errors: SchemaError[]): void {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      errors.push({ path, message: `at least ${schema.minLength} characters, got ${length}` });
    if (schema.maxLength !== undefined && length > schema.maxLength)
      errors.push({ path, message: `at most ${schema.maxLength} characters, got ${length}` });
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
      errors.push({ path, message: `does not match ${schema.pattern}` });
    if (schema.format === 'uri') {
      let ok = false;
      try {
        ok = /^[a-z][a-z0-9+.-]*:/i.test(value) && Boolean(new URL(value));
      } catch {
        ok = false;
      }
      if (!ok) errors.push({ path, message: `not a URI: ${JSON.stringify(value)}` });
    }
  }

  private number(schema: Schema, value: number, path: string, errors: SchemaError[]): void {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors.push({ path, message: `at least ${schema.minimum}, got ${value}` });
    if (schema.maximum !== undefined && value > schema.maximum)
      errors.push({ path, message: `at most ${schema.maximum}, got ${value}` });
    if (schema.format === 'int32' && (value < -(2 ** 31) || value > 2 ** 31 - 1))
      errors.push({ path, message: `out of int32 range: ${value}` });
  }

  private object(
    schema: Schema,
    value: Record<string, unknown>,
    path: string,
    errors: SchemaError[],
    strict: boolean,
    walk: Walk,
  ): void {
    for (const key of schema.required ?? [])
      if (value[key] === undefined) errors.push({ path: `${path}.${key}`, message: 'required' });
    const properties = schema.properties ?? {};
    for (const [key, sub] of Object.entries(properties)) {
      walk.known.add(key);
      walk.declares = true;
      if (value[key] !== undefined) this.check(sub, value[key], `${path}.${key}`, errors, strict);
    }
    const extra = schema.additionalProperties;
    if (extra === undefined) return;
    if (extra === true) {
      walk.open = true;
      return;
    }
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(properties, key)) continue;
      if (extra === false) errors.push({ path: `${path}.${key}`, message: 'additional property not allowed' });
      else this.check(extra, value[key], `${path}.${key}`, errors, strict);
    }
    if (extra !== false) walk.open = true;
  }
}

const cache = new Map<string, LineSchema>();

/** LINE's messaging-api.yml (or another OpenAPI file such as webhook.yml), parsed once per file. */
export function loadLineSchema(file: string = MESSAGING_API_YML): LineSchema {
  let schema = cache.get(file);
  if (!schema) {
    schema = new LineSchema(parse(readFileSync(file, 'utf8')));
    cache.set(file, schema);
  }
  return schema;
}

export function formatErrors(errors: readonly (SchemaError | string)[]): string {
  return errors.map((e) => (typeof e === 'string' ? e : `${e.path}: ${e.message}`)).join('\n');
}

// LINE's limits, from https://developers.line.biz/en/reference/messaging-api/ (lengths in UTF-16 units here,
// which is never fewer than LINE's characters).
const LIMITS = {
  messagesPerCall: 5,
  text: 5000,
  altText: 1500,
  quickReplyItems: 13,
  label: 20,
  postbackData: 300,
  displayText: 300,
  messageText: 300,
  uri: 1000,
  carouselBubbles: 12,
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
};

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

/**
 * LINE's limits for ONE reply or push call's messages. Returns readable problems; an empty list means within
 * limits.
 */
export function lineLimitErrors(messages: readonly unknown[], root = 'messages'): string[] {
  const problems: string[] = [];
  if (messages.length > LIMITS.messagesPerCall)
    problems.push(`${root}: ${messages.length} messages in one call (LINE allows ${LIMITS.messagesPerCall})`);
  for (const [i, message] of messages.entries()) {
    const path = `${root}[${i}]`;
    if (!isObject(message)) {
      problems.push(`${path}: not an object`);
      continue;
    }
    if (message.type === 'text') {
      const text = String(message.text ?? '');
      if (!text.trim()) problems.push(`${path}.text: empty`);
      if (text.length > LIMITS.text) problems.push(`${path}.text: ${text.length} > ${LIMITS.text}`);
    }
    if (message.type === 'flex') {
      const alt = String(message.altText ?? '');
      if (!alt.trim()) problems.push(`${path}.altText: empty`);
      if (alt.length > LIMITS.altText) problems.push(`${path}.altText: ${alt.length} > ${LIMITS.altText}`);
      const contents = message.contents;
      if (isObject(contents) && contents.type === 'bubble' && bytes(contents) > LIMITS.bubbleBytes)
        problems.push(`${path}.contents: bubble is ${bytes(contents)} bytes > ${LIMITS.bubbleBytes}`);
      if (isObject(contents) && contents.type === 'carousel') {
        const bubbles = Array.isArray(contents.contents) ? contents.contents : [];
        if (bubbles.length < 1 || bubbles.length > LIMITS.carouselBubbles)
          problems.push(`${path}.contents: carousel of ${bubbles.length} bubbles (1 to ${LIMITS.carouselBubbles})`);
        bubbles.forEach((b, j) => {
          if (bytes(b) > LIMITS.bubbleBytes)
            problems.push(`${path}.contents.contents[${j}]: bubble is ${bytes(b)} bytes > ${LIMITS.bubbleBytes}`);
        });
        if (bytes(contents) > LIMITS.carouselBytes)
          problems.push(`${path}.contents: carousel is ${bytes(contents)} bytes > ${LIMITS.carouselBytes}`);
      }
      walkFlex(contents, `${path}.contents`, problems);
    }
    const quick = message.quickReply;
    if (isObject(quick)) {
      const items = Array.isArray(quick.items) ? quick.items : [];
      if (items.length < 1 || items.length > LIMITS.quickReplyItems)
        problems.push(`${path}.quickReply.items: ${items.length} items (1 to ${LIMITS.quickReplyItems})`);
      for (const [j, item] of items.entries()) {
        const at = `${path}.quickReply.items[${j}]`;
        if (!isObject(item) || item.type !== 'action') problems.push(`${at}.type: must be "action"`);
        if (!isObject(item) || !isObject(item.action)) {
          problems.push(`${at}.action: missing`);
          continue;
        }
        if (typeof item.action.label !== 'string' || !item.action.label.trim())
          problems.push(`${at}.action.label: a quick reply needs a label`);
        actionLimits(item.action, `${at}.action`, problems);
      }
    }
  }
  return problems;
}

/** Flex components: every action within limits, no empty text, images over https. */
function walkFlex(node: unknown, path: string, problems: string[]): void {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) walkFlex(n, `${path}[${i}]`, problems);
    return;
  }
  if (!isObject(node)) return;
  if ((node.type === 'text' || node.type === 'span') && typeof node.text === 'string' && !node.text.trim())
    problems.push(`${path}.text: empty text`);
  if ((node.type === 'image' || node.type === 'icon') && !String(node.url ?? '').startsWith('https://'))
    problems.push(`${path}.url: LINE fetches images over https only`);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'action' && isObject(value)) actionLimits(value, `${path}.action`, problems);
    else walkFlex(value, `${path}.${key}`, problems);
  }
}

function actionLimits(action: Record<string, unknown>, path: string, problems: string[]): void {
  const check = (key: string, max: number) => {
    const v = action[key];
    if (typeof v === 'string' && v.length > max) problems.push(`${path}.${key}: ${v.length} > ${max}`);
  };
  check('label', LIMITS.label);
  check('data', LIMITS.postbackData);
  check('displayText', LIMITS.displayText);
  if (action.type === 'message') check('text', LIMITS.messageText);
  if (action.type === 'uri') check('uri', LIMITS.uri);
  if (action.type === 'message' && !String(action.text ?? '').trim()) problems.push(`${path}.text: empty`);
}

export type LineSendEndpoint = 'reply' | 'push' | 'multicast';

/**
 * What LINE would refuse in one reply, push or multicast request body: the official schema of the request
 * (strict about unknown properties) and LINE's limits. Both LINE stand-ins (the loopback fake for Node and the
 * Workers pool's outbound service) answer 400 with these, as LINE does.
 */
export function lineRequestErrors(
  schema: LineSchema,
  endpoint: LineSendEndpoint,
  body: unknown,
): (SchemaError | string)[] {
  const requestSchema =
    endpoint === 'reply' ? 'ReplyMessageRequest' : endpoint === 'multicast' ? 'MulticastRequest' : 'PushMessageRequest';
  const messages = (body as { messages?: unknown } | null)?.messages;
  return [
    ...schema.validate(requestSchema, body, { root: 'body' }),
    ...lineLimitErrors(Array.isArray(messages) ? messages : [], 'body.messages'),
  ];
}

/** LINE's 400 body for those errors. */
export function lineErrorBody(errors: readonly (SchemaError | string)[]) {
  return {
    message: `The request body has ${errors.length} error(s)`,
    details: errors.map((e) => (typeof e === 'string' ? { message: e } : { message: e.message, property: e.path })),
  };
}
