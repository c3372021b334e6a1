// A brand's rich menu (flex-templates/rich-menus/<kind>.json): LINE's rich menu object, each area with an optional
// `label` per language that only draws the image (it is not sent to LINE). Pure: checks LINE's limits with errors
// that name the field, reads a PNG's size from its header, and hashes (menu + image) so a menu is created once.
import { z } from 'zod';
import { err, ok, type Result } from '../../../../kernel/result.js';

export const RICH_MENU_KINDS = ['guest', 'member'] as const;
export type RichMenuKind = (typeof RICH_MENU_KINDS)[number];

/** LINE's limits (Messaging API reference, "Rich menu object" and "Upload rich menu image"). */
export const RICH_MENU_LIMITS = {
  widths: [2500],
  heights: [1686, 843],
  maxAreas: 20,
  maxChatBarText: 14,
  maxName: 300,
  maxImageBytes: 1024 * 1024,
} as const;

const chars = (max: number) =>
  z.string().refine((s) => Array.from(s).length >= 1 && Array.from(s).length <= max, `1 to ${max} characters`);
const label = chars(20).optional();
const action = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('postback'),
    label,
    data: chars(300),
    displayText: chars(300).optional(),
  }),
  z.strictObject({ type: z.literal('message'), label, text: chars(300) }),
  z.strictObject({ type: z.literal('uri'), label, uri: z.string().url().max(1000) }),
]);
const int = z.number().int().min(0);
const areaSchema = z.strictObject({
  bounds: z.strictObject({ x: int, y: int, width: int.min(1), height: int.min(1) }),
  action,
  label: z.strictObject({ 'zh-TW': z.string().min(1).max(40), en: z.string().min(1).max(40) }).optional(),
});
const menuSchema = z.strictObject({
  size: z.strictObject({ width: z.number().int(), height: z.number().int() }),
  selected: z.boolean(),
  name: chars(RICH_MENU_LIMITS.maxName),
  chatBarText: chars(RICH_MENU_LIMITS.maxChatBarText),
  areas: z.array(areaSchema).min(1).max(RICH_MENU_LIMITS.maxAreas),
});

export type RichMenuDefinition = z.output<typeof menuSchema>;
export type RichMenuArea = RichMenuDefinition['areas'][number];
/** What LINE is sent (POST /v2/bot/richmenu): the definition without the drawing labels. */
export type LineRichMenu = Omit<RichMenuDefinition, 'areas'> & { areas: Omit<RichMenuArea, 'label'>[] };

/** Every problem of a definition, each naming its field ("areas.2.bounds: ..."). */
export function parseRichMenu(json: unknown): Result<RichMenuDefinition, string[]> {
  const parsed = menuSchema.safeParse(json);
  if (!parsed.success) return err(parsed.error.issues.map((i) => `${i.path.join('.') || 'menu'}: ${i.message}`));
  const m = parsed.data;
  const problems: string[] = [];
  const { width, height } = m.size;
  if (!(RICH_MENU_LIMITS.widths as readonly number[]).includes(width))
    problems.push(`size.width: must be ${RICH_MENU_LIMITS.widths.join(' or ')}`);
  if (!(RICH_MENU_LIMITS.heights as readonly number[]).includes(height))
    problems.push(`size.height: must be ${RICH_MENU_LIMITS.heights.join(' or ')}`);
  m.areas.forEach((a, i) => {
    const b = a.bounds;
    if (b.x + b.width > width || b.y + b.height > height)
      problems.push(`areas.${i}.bounds: must lie within the ${width}x${height} image`);
  });
  return problems.length > 0 ? err(problems) : ok(m);
}

export function lineRichMenu(m: RichMenuDefinition): LineRichMenu {
  return { ...m, areas: m.areas.map(({ label: _label, ...area }) => area) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR, or why the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): Result<{ width: number; height: number }, string> {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return err('not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return err('not a PNG (no IHDR chunk)');
  return ok({ width: view.getUint32(16), height: view.getUint32(20) });
}

/** The image fits the menu: a PNG of exactly its size, at most 1 MB. */
export function checkImage(m: RichMenuDefinition, png: Uint8Array): Result<true, string> {
  if (png.byteLength > RICH_MENU_LIMITS.maxImageBytes)
    return err(`image: ${png.byteLength} bytes, LINE takes at most ${RICH_MENU_LIMITS.maxImageBytes}`);
  const size = pngSize(png);
  if (!size.ok) return err(`image: ${size.error}`);
  const { width, height } = size.value;
  if (width !== m.size.width || height !== m.size.height)
    return err(`image: ${width}x${height}, the menu is ${m.size.width}x${m.size.height}`);
  return ok(true);
}

/** A menu and its image, checked together. */
export interface RichMenuContent {
  readonly kind: RichMenuKind;
  readonly menu: LineRichMenu;
  readonly definition: RichMenuDefinition;
  readonly png: Uint8Array;
  /** SHA-256 (hex) of the JSON LINE is sent and the image bytes: the same content is created once. */
  readonly hash: string;
}

export async function richMenuContent(
  kind: RichMenuKind,
  json: unknown,
  png: Uint8Array,
): Promise<Result<RichMenuContent, string[]>> {
  const parsed = parseRichMenu(json);
  if (!parsed.ok) return err(parsed.error.map((p) => `${kind}: ${p}`));
  const image = checkImage(parsed.value, png);
  if (!image.ok) return err([`${kind}: ${image.error}`]);
  const menu = lineRichMenu(parsed.value);
  const head = new TextEncoder().encode(`${kind}\n${JSON.stringify(menu)}\n`);
  const all = new Uint8Array(head.length + png.length);
  all.set(head);
  all.set(png, head.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  const hash = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return ok({ kind, menu, definition: parsed.value, png, hash });
}
