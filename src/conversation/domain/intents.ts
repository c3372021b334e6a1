import type { InboundEvent } from '../../kernel/channel.js';
import type { Language } from '../../kernel/i18n/language.js';
import type { Synonym } from '../../kernel/i18n/synonyms.js';
import { type CommandSpec, type Intent, UNKNOWN } from './command.js';
import { normalizeText } from './normalize.js';

/** Postback data we put on buttons: `cmd=<command>[&...]`, well under LINE's 300 characters. */
export function postbackData(command: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ cmd: command, ...extra }).toString();
}

/** Reads any message as an intent, from the keywords, text arguments and postbacks the commands declare. */
export class IntentParser {
  private readonly byName = new Map<string, CommandSpec>();
  private readonly byWord = new Map<string, CommandSpec>();
  private readonly matchers: CommandSpec[] = [];
  private readonly synonyms = new Map<string, Intent>();

  /** `synonyms`: the catalogue's table of common phrasings (SYNONYMS), read after the keywords. */
  constructor(
    specs: readonly CommandSpec[],
    synonyms: Readonly<Record<string, Readonly<Record<string, Synonym>>>> = {},
  ) {
    for (const spec of specs) {
      if (this.byName.has(spec.name)) throw new Error(`two chat commands are named ${spec.name}`);
      this.byName.set(spec.name, spec);
      for (const words of Object.values(spec.keywords ?? {})) {
        for (const w of words) {
          const word = normalizeText(w);
          const taken = this.byWord.get(word);
          if (taken && taken !== spec) throw new Error(`"${w}" is a keyword of both ${taken.name} and ${spec.name}`);
          this.byWord.set(word, spec);
        }
      }
      if (spec.match) this.matchers.push(spec);
    }
    for (const table of Object.values(synonyms))
      for (const [phrase, s] of Object.entries(table)) this.addSynonym(phrase, s);
  }

  private addSynonym(phrase: string, s: Synonym): void {
    const word = synonymText(phrase);
    if (!this.byName.has(s.command)) throw new Error(`the synonym "${phrase}" names no command (${s.command})`);
    const keyword = this.byWord.get(word);
    if (keyword && keyword.name !== s.command)
      throw new Error(`"${phrase}" is a keyword of ${keyword.name} but a synonym of ${s.command}`);
    const taken = this.synonyms.get(word);
    if (taken && taken.command !== s.command) throw new Error(`"${phrase}" is a synonym of two commands`);
    this.synonyms.set(word, { command: s.command, args: s.args ?? {} });
  }

  command(name: string): CommandSpec | undefined {
    return this.byName.get(name);
  }

  parse(event: InboundEvent): Intent {
    if (event.type === 'postback') {
      const params = new URLSearchParams(event.data);
      const spec = this.byName.get(params.get('cmd') ?? '');
      // What the member picked in a LINE datetimepicker comes beside the data (`postback.params.date`).
      const picked = event.params ?? {};
      return spec
        ? fromPostback(spec, (k) => params.get(k) ?? (Object.hasOwn(picked, k) ? (picked[k] ?? null) : null))
        : UNKNOWN;
    }
    if (event.type !== 'text') return UNKNOWN;
    const text = normalizeText(event.text);
    const direct = this.byWord.get(text);
    if (direct) return fromPostback(direct, () => null);
    const synonym = this.synonyms.get(synonymText(text));
    if (synonym) return synonym;
    // A keyword and an argument: "claim DEMO" / "領取 DEMO", "language en" / "語言 中文".
    const space = text.indexOf(' ');
    const head = space > 0 ? this.byWord.get(text.slice(0, space)) : undefined;
    const withText = head?.withText?.(text.slice(space + 1));
    if (withText) return withText;
    for (const spec of this.matchers) {
      const matched = spec.match?.(text);
      if (matched) return matched;
    }
    return UNKNOWN;
  }
}

/** A phrase as the synonym table compares it: normalized, without the punctuation people end a question with. */
function synonymText(s: string): string {
  return normalizeText(s).replace(/[\s?!.,~。？！，、…～]+$/u, '');
}

function fromPostback(spec: CommandSpec, param: (key: string) => string | null): Intent {
  return spec.fromPostback ? spec.fromPostback(param) : { command: spec.name, args: {} };
}

/** A platform language tag to one we speak: Chinese variants get zh-TW, everything else English. */
export function languageFromTag(tag: string | undefined, fallback: Language): Language {
  if (!tag) return fallback;
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-TW';
  if (lower.startsWith('en')) return 'en';
  return fallback;
}
