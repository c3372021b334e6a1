import type { InboundEvent } from '../../kernel/channel.js';
import { LANGUAGES, type Language } from '../../kernel/i18n/language.js';
import { normalizeText } from './normalize.js';

/** What a member asked for, whatever the channel and however they said it (keyword or button). */
export type Intent =
  | {
      readonly type:
        | 'points'
        | 'history'
        | 'card'
        | 'help'
        | 'cancel'
        | 'join'
        | 'agree'
        | 'skip'
        | 'checkin'
        | 'giveaways'
        | 'my_coupons'
        | 'link'
        | 'unlink'
        | 'stop'
        | 'start';
    }
  | { readonly type: 'language'; readonly language?: Language }
  /** `tap` identifies one button press, so a repeated tap does not claim twice. */
  | { readonly type: 'claim'; readonly code?: string; readonly tap?: string }
  | { readonly type: 'coupons'; readonly page?: number }
  | { readonly type: 'choose'; readonly item: string }
  | { readonly type: 'coupon'; readonly code: string }
  | { readonly type: 'unknown' };

export type CommandName =
  | 'points'
  | 'history'
  | 'card'
  | 'help'
  | 'cancel'
  | 'join'
  | 'agree'
  | 'skip'
  | 'language'
  | 'checkin'
  | 'giveaways'
  | 'claim'
  | 'coupons'
  | 'choose'
  | 'coupon'
  | 'my_coupons'
  | 'link'
  | 'unlink'
  | 'stop'
  | 'start';

const KEYWORDS: Partial<Record<CommandName, readonly string[]>> = {
  points: ['points', 'point', 'balance', '積分', '點數', '我的點數'],
  history: ['history', '紀錄', '記錄', '點數紀錄'],
  card: ['card', 'member card', '會員卡'],
  help: ['help', 'menu', '?', '說明', '幫助', '選單'],
  cancel: ['cancel', '取消'],
  join: ['join', 'register', 'sign up', '註冊', '加入', '加入會員'],
  agree: ['agree', 'yes', 'i agree', 'confirm', 'ok', '同意', '我同意', '確認', '是'],
  skip: ['skip', '跳過'],
  language: ['language', 'lang', '語言'],
  checkin: ['check in', 'checkin', 'check-in', '簽到', '打卡'],
  giveaways: ['giveaways', 'giveaway', 'events', '活動', '限時活動'],
  claim: ['claim', '領取'],
  coupons: ['coupons', 'coupon mall', 'mall', 'redeem', '優惠券', '兌換', '商城'],
  my_coupons: ['my coupons', 'mycoupons', '我的優惠券'],
  link: ['link', 'link account', '綁定', '綁定帳號'],
  unlink: ['unlink', '解除綁定'],
  stop: ['stop', 'unsubscribe', '退訂', '取消訂閱'],
  start: ['start', 'subscribe', '訂閱'],
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

/** Postback data we put on buttons: `cmd=<command>[&...]`, well under LINE's 300 characters. */
export function postbackData(command: CommandName, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ cmd: command, ...extra }).toString();
}

const SIMPLE = new Set<string>([
  'points',
  'history',
  'card',
  'help',
  'cancel',
  'join',
  'agree',
  'skip',
  'checkin',
  'giveaways',
  'my_coupons',
  'link',
  'unlink',
  'stop',
  'start',
]);

function fromCommand(name: string | undefined, arg: (key: string) => string | null): Intent {
  switch (name) {
    case undefined:
      return { type: 'unknown' };
    case 'language': {
      const language = LANGUAGES.find((l) => l === arg('lang'));
      return language ? { type: 'language', language } : { type: 'language' };
    }
    case 'claim': {
      const code = arg('g')?.toUpperCase();
      const tap = arg('n') ?? undefined;
      return code ? { type: 'claim', code, tap } : { type: 'claim' };
    }
    case 'coupons': {
      const page = Number(arg('page') ?? '1');
      return { type: 'coupons', page: Number.isInteger(page) && page >= 1 ? page : 1 };
    }
    case 'choose': {
      const item = arg('item');
      return item ? { type: 'choose', item } : { type: 'coupons' };
    }
    case 'coupon': {
      const code = arg('c');
      return code ? { type: 'coupon', code } : { type: 'my_coupons' };
    }
    default:
      return SIMPLE.has(name) ? ({ type: name } as Intent) : { type: 'unknown' };
  }
}

export function parseIntent(event: InboundEvent): Intent {
  if (event.type === 'postback') {
    const params = new URLSearchParams(event.data);
    return fromCommand(params.get('cmd') ?? undefined, (k) => params.get(k));
  }
  if (event.type !== 'text') return { type: 'unknown' };
  const text = normalizeText(event.text);
  const direct = BY_WORD.get(text);
  if (direct) return fromCommand(direct, () => null);
  // Commands with an argument: "claim DEMO" / "領取 DEMO", "language en" / "語言 中文".
  const space = text.indexOf(' ');
  const head = space > 0 ? BY_WORD.get(text.slice(0, space)) : undefined;
  const rest = space > 0 ? text.slice(space + 1) : '';
  if (head === 'language') return { type: 'language', language: LANGUAGE_WORDS[rest] };
  if (head === 'claim' && /^[a-z0-9_-]{1,32}$/.test(rest)) return { type: 'claim', code: rest.toUpperCase() };
  // "redeem latte" / "兌換 latte": choose a catalogue item by its code.
  if (head === 'coupons' && /^[a-z0-9_-]{1,32}$/.test(rest)) return { type: 'choose', item: rest };
  // "領取DEMO" without a space is common when typing Chinese.
  const glued = /^(領取|claim)([a-z0-9_-]{1,32})$/.exec(text);
  if (glued?.[2]) return { type: 'claim', code: glued[2].toUpperCase() };
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
