// What LINE refuses in a rich menu (POST /v2/bot/richmenu: RichMenuRequest of messaging-api.yml, strict, and LINE's
// limits) and in its image (POST api-data /v2/bot/richmenu/{id}/content: a PNG or JPEG of exactly the menu's size,
// at most 1 MB). Shared by the loopback fake LINE server (Node tests) and the Workers pool's outbound stand-in.
import type { LineSchema, SchemaError } from './line-schema.js';

export function richMenuRequestErrors(schema: LineSchema, body: unknown): (SchemaError | string)[] {
  const errors: (SchemaError | string)[] = schema.validate('RichMenuRequest', body, { root: 'body', strict: true });
  const m = body as {
    size?: { width?: number; height?: number };
    chatBarText?: string;
    areas?: { bounds?: { x: number; y: number; width: number; height: number } }[];
  } | null;
  const width = m?.size?.width ?? 0;
  const height = m?.size?.height ?? 0;
  if (width < 800 || width > 2500) errors.push('body.size.width: must be between 800 and 2500');
  if (height < 250) errors.push('body.size.height: must be at least 250');
  if (height > 0 && width / height < 1.45) errors.push('body.size: width / height must be at least 1.45');
  if (typeof m?.chatBarText === 'string' && Array.from(m.chatBarText).length > 14)
    errors.push('body.chatBarText: must be at most 14 characters');
  const areas = Array.isArray(m?.areas) ? m.areas : [];
  if (areas.length > 20) errors.push('body.areas: at most 20 areas');
  areas.forEach((a, i) => {
    const b = a?.bounds;
    if (b && (b.x < 0 || b.y < 0 || b.x + b.width > width || b.y + b.height > height))
      errors.push(`body.areas[${i}].bounds: must lie within the rich menu`);
  });
  return errors;
}

export function richMenuImageErrors(
  bytes: Uint8Array,
  contentType: string | undefined,
  size: { width: number; height: number },
): string[] {
  if (contentType !== 'image/png') return [`content-type ${contentType}: this stand-in takes image/png`];
  if (bytes.byteLength > 1024 * 1024) return [`image of ${bytes.byteLength} bytes: at most 1 MB`];
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.byteLength < 24 || sig.some((b, i) => bytes[i] !== b)) return ['not a PNG image'];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = view.getUint32(16);
  const h = view.getUint32(20);
  if (w !== size.width || h !== size.height)
    return [`image is ${w}x${h}, the rich menu is ${size.width}x${size.height}`];
  return [];
}
