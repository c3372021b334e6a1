// Node only: reads the Flex templates from FLEX_TEMPLATES_DIR once, at start. A relative directory is resolved
// against the project root (not the working directory). A file missing from the directory falls back to the one
// shipped in flex-templates/, so a brand may override only what it changes. Anything malformed stops start-up
// with a message naming the file.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledTemplateFiles } from './bundled-templates.js';
import { buildFlexTemplates } from './render.js';
import {
  FlexTemplateFileError,
  type FlexTemplateFiles,
  type FlexTemplateOptions,
  type FlexTemplates,
  TEMPLATE_FILES,
  type TemplateFile,
} from './templates.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function resolveTemplatesDir(dir: string): string {
  return isAbsolute(dir) ? dir : resolve(PROJECT_ROOT, dir);
}

export function loadFlexTemplates(
  dir = 'flex-templates',
  options: Omit<FlexTemplateOptions, 'sources'> = {},
): FlexTemplates {
  const root = resolveTemplatesDir(dir);
  if (!existsSync(root)) throw new FlexTemplateFileError(root, 'no such directory (FLEX_TEMPLATES_DIR)');
  const files: FlexTemplateFiles = {};
  const sources: Partial<Record<TemplateFile, string>> = {};
  for (const name of TEMPLATE_FILES) {
    const path = join(root, `${name}.json`);
    if (!existsSync(path)) {
      files[name] = bundledTemplateFiles[name];
      sources[name] = 'bundled';
      continue;
    }
    try {
      files[name] = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new FlexTemplateFileError(path, error instanceof Error ? error.message : String(error));
    }
    sources[name] = path;
  }
  try {
    return buildFlexTemplates(files, { ...options, sources });
  } catch (error) {
    if (error instanceof FlexTemplateFileError || !(error instanceof Error)) throw error;
    // Name the file a template error came from.
    const kind = (error as { template?: string }).template as TemplateFile | undefined;
    const file = kind && sources[kind] ? sources[kind] : root;
    throw new FlexTemplateFileError(file, error.message, { cause: error });
  }
}
