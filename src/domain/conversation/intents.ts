import type { InboundEvent } from '../channel.js';
import { LANGUAGES, type Language } from '../ledger/point-type.js';
import { normalizeText } from './normalize.js';

/** What a member asked for, whatever the channel and however they said it (keyword or button). */
export type Intent =
  | { readonly type: 'points' | 'history' | 'card' | 'help' | 'cancel' | 'join' | 'agree' | 'skip' }
  | { readonly type: 'language'; readonly language?: Language }
  | { readonly type: 'unknown' };

export type CommandName = 'points' | 'history' | 'card' | 'help' | 'cancel' | 'join' | 'agree' | 'skip' | 'language';

const KEYWORDS: Record<CommandName, readonly string[]> = {
  points: ['points', 'point', 'balance', '積分', '點數', '我的點數'],
  history: ['history', '紀錄', '記錄', '點數紀錄'],
  card: ['card', 'member card', '會員卡'],
  help: ['help', 'menu', '?', '說明', '幫助', '選單'],
  cancel: ['cancel', 'stop flow', '取消'],
  join: ['join', 'register', 'sign up', '註冊', '加入', '加入會員'],
  agree: ['agree', 'yes', 'i agree', '同意', '我同意'],
  skip: ['skip', '跳過'],
  language: ['language', 'lang', '語言'],
};

const BY_WORD = new Map<string, CommandName>();
for (const [name, words] of Object.entries(KEYWORDS) as [CommandName, readonly string[]][]) {
  for (const w of words) BY_WORD.set(normalizeText(w), name);
}

const LANGUAGE_WORDS: Record<string, Language> = {
  english: 'en',
  en: 'en',
  中文: 'zh-TW',
  繁體中文: 'zh-TW',
  'zh-tw': 'zh-TW',
};

/** Postback data we put on buttons: `cmd=<command>[&lang=<language>]`, well under LINE's 300 characters. */
export function postbackData(command: CommandName, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ cmd: command, ...extra }).toString();
}

function fromCommand(name: string | undefined, lang?: string | null): Intent {
  if (!name) return { type: 'unknown' };
  if (name === 'language') {
    const language = LANGUAGES.find((l) => l === lang);
    return language ? { type: 'language', language } : { type: 'language' };
  }
  return (Object.hasOwn(KEYWORDS, name) ? { type: name } : { type: 'unknown' }) as Intent;
}

export function parseIntent(event: InboundEvent): Intent {
  if (event.type === 'postback') {
    const params = new URLSearchParams(event.data);
    return fromCommand(params.get('cmd') ?? undefined, params.get('lang'));
  }
  if (event.type !== 'text') return { type: 'unknown' };
  const text = normalizeText(event.text);
  const direct = BY_WORD.get(text);
  if (direct) return fromCommand(direct);
  // "language en" / "語言 中文"
  const [first, ...rest] = text.split(' ');
  if (first && BY_WORD.get(first) === 'language' && rest.length > 0) {
    return { type: 'language', language: LANGUAGE_WORDS[rest.join(' ')] };
  }
  const lang = LANGUAGE_WORDS[text];
  if (lang) return { type: 'language', language: lang };
  return { type: 'unknown' };
}

/** A platform language tag to one we speak: Chinese variants get zh-TW, everything else English. */
export function languageFromTag(tag: string | undefined, fallback: Language): Language {
  if (!tag) return fallback;
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-TW';
  if (lower.startsWith('en')) return 'en';
  return fallback;
}
