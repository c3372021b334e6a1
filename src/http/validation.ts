import type { Context } from 'hono';
import type { z } from 'zod';

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Reads a JSON body and validates it; bad input gets 400 with a stable code and the field at fault. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<Parsed<z.output<S>>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: c.json({ error: 'malformed_json', message: 'body must be JSON' }, 400) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      response: c.json(
        { error: 'invalid_body', field: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid' },
        400,
      ),
    };
  }
  return { ok: true, value: parsed.data };
}
