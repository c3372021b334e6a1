import type { InboundEvent } from '../../kernel/channel.js';
import type { Language } from '../../kernel/i18n/language.js';
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

  constructor(specs: readonly CommandSpec[]) {
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
  }

  command(name: string): CommandSpec | undefined {
    return this.byName.get(name);
  }

  parse(event: InboundEvent): Intent {
    if (event.type === 'postback') {
      const params = new URLSearchParams(event.data);
      const spec = this.byName.get(params.get('cmd') ?? '');
      return spec ? fromPostback(spec, (k) => params.get(k)) : UNKNOWN;
    }
    if (event.type !== 'text') return UNKNOWN;
    const text = normalizeText(event.text);
    const direct = this.byWord.get(text);
    if (direct) return fromPostback(direct, () => null);
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
