// biome-ignore-all lint/suspicious/noThenProperty: templates are data; "then" is the $if directive's branch, never a thenable
// The placeholder mechanism and the template loader.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledTemplateFiles } from '../../../src/channels/line/flex/bundled-templates.js';
import {
  loadFlexTemplates,
  PROJECT_ROOT,
  resolveTemplatesDir,
} from '../../../src/channels/line/flex/load-templates.js';
import {
  buildFlexTemplates,
  defaultFlexTemplates,
  renderFlexContainer,
  renderLineMessages,
} from '../../../src/channels/line/flex/render.js';
import { SAMPLE_REPLIES } from '../../../src/channels/line/flex/samples.js';
import { fillTemplate, TemplateError } from '../../../src/channels/line/flex/template.js';
import { FLEX_KINDS, FlexTemplateFileError } from '../../../src/channels/line/flex/templates.js';

const scope = {
  name: 'Amy',
  amount: 1250,
  nothing: null,
  yes: true,
  no: false,
  empty: [],
  rows: [{ label: 'a' }, { label: 'b' }, { label: 'c' }],
  action: { type: 'postback', label: 'Go', data: 'cmd=go' },
  nested: { deeper: { value: 'deep' } },
};

function failure(template: unknown, s: Record<string, unknown> = scope): TemplateError {
  try {
    fillTemplate('test', template, s);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('fillTemplate', () => {
  it('substitutes text placeholders into string values only', () => {
    expect(fillTemplate('t', { type: 'text', text: 'Hi {{name}}, you have {{ amount }} points' }, scope)).toEqual({
      type: 'text',
      text: 'Hi Amy, you have 1250 points',
    });
    expect(fillTemplate('t', { text: '{{nested.deeper.value}}', flex: 1, wrap: true }, scope)).toEqual({
      text: 'deep',
      flex: 1,
      wrap: true,
    });
  });

  it('escapes by construction: values never expand and never change the structure', () => {
    const evil = { name: '{{amount}}"}, {"type": "image', amount: 1 };
    const out = fillTemplate('t', { a: '{{name}}', b: ['{{name}}'] }, evil);
    expect(out).toEqual({ a: evil.name, b: [evil.name] });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('expands $each rows in arrays, with "as" and "max"', () => {
    const template = {
      contents: ['x', { $each: 'rows', as: 'row', max: 2, template: { text: '{{row.label}}' } }, 'y'],
    };
    expect(fillTemplate('t', template, scope)).toEqual({ contents: ['x', { text: 'a' }, { text: 'b' }, 'y'] });
    expect(fillTemplate('t', [{ $each: 'empty', template: 'never' }], scope)).toEqual([]);
  });

  it('$if keeps or drops array elements and object properties, with else and negation', () => {
    const template = {
      a: { $if: 'yes', then: 'A' },
      b: { $if: 'no', then: 'B' },
      c: { $if: 'nothing', then: 'C', else: 'not C' },
      d: { $if: '!empty', then: 'D' },
      list: [{ $if: 'rows', then: 1 }, { $if: 'empty', then: 2 }, { $if: 'nothing', then: 3 }, 4],
    };
    expect(fillTemplate('t', template, scope)).toEqual({ a: 'A', c: 'not C', d: 'D', list: [1, 4] });
  });

  it('$value inserts a JSON value from the view model as it is', () => {
    expect(fillTemplate('t', { type: 'button', action: { $value: 'action' } }, scope)).toEqual({
      type: 'button',
      action: { type: 'postback', label: 'Go', data: 'cmd=go' },
    });
  });

  it('names the template, the placeholder and the place of a missing value', () => {
    const e = failure({ body: { contents: [{ text: 'Hi {{nmae}}' }] } });
    expect(e).toMatchObject({ template: 'test', placeholder: '{{nmae}}', at: '$.body.contents[0].text' });
    expect(e.message).toBe('Flex template "test": missing value for "{{nmae}}" at $.body.contents[0].text');
    expect(failure({ text: '{{nothing}}' }).message).toContain('missing value (null) for "{{nothing}}"');
    expect(failure([{ $each: 'rows', template: { text: '{{item.missing}}' } }]).at).toBe('$[0]<rows[0]>.text');
    expect(failure({ $if: 'maybe', then: 1 }).placeholder).toBe('maybe');
    expect(failure({ x: { $value: 'nowhere' } }).placeholder).toBe('nowhere');
  });

  it('refuses what is not a value or not a directive', () => {
    expect(failure({ text: '{{rows}}' }).message).toContain('not text (array)');
    expect(failure({ text: '{{yes}}' }).message).toContain('not text (boolean)');
    expect(failure({ text: '{{ bad path! }}' }).message).toContain('malformed placeholder');
    expect(failure({ text: '{{constructor}}' }).message).toContain('missing value');
    expect(failure({ text: '{{name.length}}' }).message).toContain('missing value');
    expect(failure({ text: '{{__proto__}}' }).message).toContain('missing value');
    expect(failure({ $eval: 'name' }).message).toContain('unknown directive');
    expect(failure({ $if: 'yes', then: 1, otherwise: 2 }).message).toContain('unexpected key in $if');
    expect(failure({ list: { $each: 'rows', template: 1 } }).message).toContain('must be an element of an array');
    expect(failure([{ $each: 'name', template: 1 }]).message).toContain('not a list');
    expect(failure([{ $each: 'rows' }]).message).toContain('without "template"');
    expect(failure({ $if: 'no', then: 1 }).message).toContain('came out empty');
  });
});

describe('templates', () => {
  it('every template renders every sample reply, with no missing values', () => {
    const templates = defaultFlexTemplates();
    for (const kind of FLEX_KINDS) {
      expect(SAMPLE_REPLIES[kind].length, kind).toBeGreaterThan(0);
      for (const sample of SAMPLE_REPLIES[kind]) {
        const container = renderFlexContainer(sample, templates);
        expect(['bubble', 'carousel']).toContain(container.type);
        expect(JSON.stringify(container)).not.toMatch(/\{\{|\$each|\$if|\$value/);
      }
    }
  });

  it('the announcement template shows the hero only with an image and the footer button only with an action', () => {
    const templates = defaultFlexTemplates();
    const samples = SAMPLE_REPLIES.announcement;
    // The samples cover image + postback button, link button without image, and neither.
    expect(samples.map((s) => [s.imageUrl !== null, s.action?.action.type ?? null])).toEqual([
      [true, 'postback'],
      [false, 'uri'],
      [false, null],
    ]);
    for (const sample of samples) {
      const bubble = renderFlexContainer(sample, templates);
      if (bubble.type !== 'bubble') throw new Error('expected a bubble');
      expect(bubble.hero === undefined, 'hero').toBe(sample.imageUrl === null);
      expect(bubble.footer === undefined, 'footer').toBe(sample.action === null);
      if (sample.imageUrl) expect(bubble.hero).toMatchObject({ type: 'image', url: sample.imageUrl });
      if (sample.action) expect(JSON.stringify(bubble.footer)).toContain(`"label":"${sample.action.label}"`);
    }
  });

  it('a brand may override announcement.json; a typo in it stops start-up naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flex-'));
    const announcement = JSON.parse(readFileSync(join(PROJECT_ROOT, 'flex-templates', 'announcement.json'), 'utf8'));
    announcement.body.contents[0].color = '#ABCDEF';
    writeFileSync(join(dir, 'announcement.json'), JSON.stringify(announcement));
    const templates = loadFlexTemplates(dir);
    expect(templates.sources.announcement).toBe(join(dir, 'announcement.json'));
    const [sample] = SAMPLE_REPLIES.announcement;
    if (!sample) throw new Error('no sample');
    expect(JSON.stringify(renderFlexContainer(sample, templates))).toContain('#ABCDEF');
    announcement.body.contents[1].text = '{{message}}';
    writeFileSync(join(dir, 'announcement.json'), JSON.stringify(announcement));
    expect(() => loadFlexTemplates(dir)).toThrow(
      `Flex template file ${join(dir, 'announcement.json')}: Flex template "announcement": missing value for "{{message}}"`,
    );
  });

  it('the loader reads flex-templates/ (relative to the project) and matches the bundled copy', () => {
    expect(resolveTemplatesDir('flex-templates')).toBe(join(PROJECT_ROOT, 'flex-templates'));
    expect(resolveTemplatesDir('/abs/dir')).toBe('/abs/dir');
    const loaded = loadFlexTemplates();
    expect(loaded.templates).toEqual(defaultFlexTemplates().templates);
    expect(loaded.theme).toEqual(defaultFlexTemplates().theme);
    expect(loaded.sources.card).toBe(join(PROJECT_ROOT, 'flex-templates', 'card.json'));
  });

  it('a brand directory may override a few files; the rest come from the shipped templates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flex-'));
    const theme = JSON.parse(readFileSync(join(PROJECT_ROOT, 'flex-templates', 'theme.json'), 'utf8'));
    theme.colors.primary = '#123456';
    writeFileSync(join(dir, 'theme.json'), JSON.stringify(theme));
    const templates = loadFlexTemplates(dir, { brandName: 'Brand from BRAND_NAME' });
    expect(templates.sources).toMatchObject({ theme: join(dir, 'theme.json'), card: 'bundled' });
    const [message] = renderLineMessages([SAMPLE_REPLIES.welcome[0] as never], templates);
    expect(JSON.stringify(message)).toContain('#123456');
    expect(JSON.stringify(message)).toContain('Brand from BRAND_NAME');
  });

  it('stops start-up on a broken template, naming the file and the placeholder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flex-'));
    const card = JSON.parse(readFileSync(join(PROJECT_ROOT, 'flex-templates', 'card.json'), 'utf8'));
    card.body.contents[0].text = '{{memberNickname}}';
    writeFileSync(join(dir, 'card.json'), JSON.stringify(card));
    expect(() => loadFlexTemplates(dir)).toThrow(
      `Flex template file ${join(dir, 'card.json')}: Flex template "card": missing value for "{{memberNickname}}"`,
    );
    writeFileSync(join(dir, 'card.json'), '{ not json');
    expect(() => loadFlexTemplates(dir)).toThrow(FlexTemplateFileError);
    expect(() => loadFlexTemplates(join(dir, 'nope'))).toThrow('no such directory');
  });

  it('validates the theme', () => {
    const bad = (theme: unknown) => () => buildFlexTemplates({ ...bundledTemplateFiles, theme });
    const theme = bundledTemplateFiles.theme as { colors: Record<string, string> };
    expect(bad({ ...theme, colors: { ...theme.colors, primary: 'green' } })).toThrow('colors.primary');
    expect(bad({ ...theme, logoUrl: 'http://insecure.example/logo.png' })).toThrow('logoUrl');
    expect(bad({ ...theme, brandName: '' })).toThrow('brandName');
    const withLogo = buildFlexTemplates({
      ...bundledTemplateFiles,
      theme: { ...theme, logoUrl: 'https://x.example/l.png' },
    });
    expect(JSON.stringify(renderFlexContainer(SAMPLE_REPLIES.help[0] as never, withLogo))).toContain(
      'https://x.example/l.png',
    );
  });
});
