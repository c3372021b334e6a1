// The brand-editable Flex templates (flex-templates/*.json) as the renderer uses them: a theme plus one template
// per reply kind. Parsing checks the shape only; render.ts's buildFlexTemplates also renders sample replies
// through every template, so a broken template stops start-up instead of a member's reply.
import { z } from 'zod';
import type { Reply, ReplyKind } from '../../../conversation/domain/replies.js';
import type { Json } from './template.js';

export type FlexKind = Exclude<ReplyKind, 'text'>;

/** Every reply kind LINE shows as Flex, each with a template file of that name (card -> card.json). */
export const FLEX_KINDS = [
  'welcome',
  'help',
  'card',
  'balance',
  'history',
  'checkin',
  'giveaways',
  'catalog',
  'confirm',
  'coupon',
  'coupons',
  'announcement',
  'receipt',
] as const satisfies readonly FlexKind[];

// A reply kind added to the domain without a template is a compile error here.
type MissingKinds = Exclude<FlexKind, (typeof FLEX_KINDS)[number]>;
const allKindsListed: MissingKinds extends never ? true : never = true;
void allKindsListed;

export const TEMPLATE_FILES = ['theme', ...FLEX_KINDS] as const;
export type TemplateFile = (typeof TEMPLATE_FILES)[number];

const color = z.string().regex(/^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'must be a hex colour such as #0B6E4F');

/** theme.json. Templates read it as {{theme.colors.primary}}, {{theme.logoUrl}}, {{brandName}}. */
export const themeSchema = z.looseObject({
  brandName: z.string().trim().min(1).max(40),
  /** An https:// PNG or JPEG (LINE fetches it), or "" for none. */
  logoUrl: z
    .union([z.literal(''), z.url({ protocol: /^https$/, error: 'must be an https:// URL or ""' }).max(2000)])
    .default(''),
  colors: z
    .object({
      primary: color,
      accent: color,
      text: color,
      muted: color,
      background: color,
      onPrimary: color.default('#FFFFFF'),
      positive: color.default('#1B873F'),
      negative: color.default('#C62828'),
      subtle: color.default('#E4E7EB'),
    })
    .catchall(color),
});

export type Theme = z.output<typeof themeSchema>;

export interface FlexTemplates {
  readonly theme: Theme;
  readonly templates: Readonly<Record<FlexKind, Json>>;
  /** Where each file came from (a path, or "bundled"), for a start-up log line. */
  readonly sources: Readonly<Record<TemplateFile, string>>;
  /**
   * Called when a reply could not be shown as Flex (a template error, or a result over LINE's limits) and went
   * out as plain text instead. Wire it to the logger.
   */
  readonly onError?: (error: Error, reply: Reply) => void;
}

/** Parsed JSON of the template files, by file name without ".json". */
export type FlexTemplateFiles = Partial<Record<TemplateFile, unknown>>;

export interface FlexTemplateOptions {
  /** Overrides theme.json's brandName (node.ts passes BRAND_NAME, so the Flex header and the texts agree). */
  readonly brandName?: string;
  readonly onError?: (error: Error, reply: Reply) => void;
  /** Where each file came from; defaults to "bundled". */
  readonly sources?: Partial<Record<TemplateFile, string>>;
}

export class FlexTemplateFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Flex template file ${file}: ${message}`, options);
    this.name = 'FlexTemplateFileError';
  }
}

/** Checks the shape of the files (theme valid, one JSON object per kind) and builds the FlexTemplates. */
export function parseFlexTemplateFiles(files: FlexTemplateFiles, options: FlexTemplateOptions = {}): FlexTemplates {
  const sources = Object.fromEntries(TEMPLATE_FILES.map((f) => [f, options.sources?.[f] ?? 'bundled'])) as Record<
    TemplateFile,
    string
  >;
  const parsedTheme = themeSchema.safeParse(files.theme);
  if (!parsedTheme.success) {
    const issue = parsedTheme.error.issues[0];
    throw new FlexTemplateFileError(sources.theme, `${issue?.path.join('.') || 'theme'}: ${issue?.message}`);
  }
  const theme = { ...parsedTheme.data, ...(options.brandName ? { brandName: options.brandName } : {}) };
  const templates = {} as Record<FlexKind, Json>;
  for (const kind of FLEX_KINDS) {
    const template = files[kind];
    if (typeof template !== 'object' || template === null || Array.isArray(template))
      throw new FlexTemplateFileError(sources[kind], 'must be a JSON object (a Flex bubble or carousel)');
    templates[kind] = template as Json;
  }
  return { theme, templates, sources, ...(options.onError && { onError: options.onError }) };
}
