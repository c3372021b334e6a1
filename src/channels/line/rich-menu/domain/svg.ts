// The image of a rich menu drawn as SVG in the theme's colours (flex-templates/theme.json), one tile per area with
// its label in both languages. Turned into PNG by resvg (src/main/rich-menus.ts); pure string building here.
import type { RichMenuDefinition } from './menu.js';

export interface RichMenuTheme {
  readonly primary: string;
  readonly onPrimary: string;
  readonly accent: string;
  readonly background: string;
}

const xml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function richMenuSvg(m: RichMenuDefinition, theme: RichMenuTheme, fontFamily = 'Noto Sans TC'): string {
  const { width, height } = m.size;
  const gap = 12;
  const tiles = m.areas.map((a, i) => {
    const { x, y, width: w, height: h } = a.bounds;
    const fill = i % 2 === 0 ? theme.primary : theme.accent;
    const cx = x + w / 2;
    const cy = y + h / 2;
    const zh = a.label?.['zh-TW'] ?? a.action.label ?? '';
    const en = a.label?.en ?? '';
    const big = Math.min(140, Math.floor((w - 80) / Math.max(1, Array.from(zh).length)));
    return [
      `<rect x="${x + gap}" y="${y + gap}" width="${w - 2 * gap}" height="${h - 2 * gap}" rx="36" fill="${fill}"/>`,
      `<text x="${cx}" y="${cy}" font-size="${big}" font-weight="700" fill="${theme.onPrimary}">${xml(zh)}</text>`,
      en
        ? `<text x="${cx}" y="${cy + big * 0.9}" font-size="72" fill="${theme.onPrimary}" opacity="0.9">${xml(en)}</text>`
        : '',
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${theme.background}"/>`,
    `<g font-family="${xml(fontFamily)}" text-anchor="middle">`,
    ...tiles,
    '</g></svg>',
  ].join('');
}
