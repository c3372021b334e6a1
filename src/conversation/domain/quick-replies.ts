// No dead ends: every turn's last reply carries quick replies. A reply that brings its own (a flow's choices, a
// catalogue page, a confirmation) keeps them; any other gets the set of where the member is: the main menu for a
// member, Join and the languages for a visitor, Cancel inside a flow.
import { type MessageKey, t } from '../../kernel/i18n/catalog.js';
import type { Language } from '../../kernel/i18n/language.js';
import { postbackData } from './intents.js';
import type { QuickReply, Reply } from './replies.js';

/** LINE's limits, which every channel's menu keeps: at most 13 items, labels of at most 20 characters. */
export const QUICK_REPLY_LIMITS = { items: 13, labelLength: 20 } as const;

/** Where the member is when a turn ends, which decides the quick replies a reply without its own gets. */
export type QuickContext = 'member' | 'visitor' | 'flow';

const tap = (language: Language, key: MessageKey, cmd: string, extra: Record<string, string> = {}): QuickReply => ({
  label: t(language, key),
  action: { type: 'postback', data: postbackData(cmd, extra), displayText: t(language, key) },
});

/** The main menu: what members do most, then their account, then help. */
export function mainMenu(language: Language): QuickReply[] {
  return [
    tap(language, 'qr.checkin', 'checkin'),
    tap(language, 'qr.giveaways', 'giveaways'),
    tap(language, 'qr.coupons', 'coupons'),
    tap(language, 'qr.my_coupons', 'my_coupons'),
    tap(language, 'qr.points', 'points'),
    tap(language, 'qr.history', 'history'),
    tap(language, 'qr.card', 'card'),
    tap(language, 'qr.language', 'language'),
    tap(language, 'qr.help', 'help'),
  ];
}

/** A visitor's way in: join, pick a language, or read what the bot does. */
export function visitorMenu(language: Language): QuickReply[] {
  return [
    tap(language, 'qr.join', 'join'),
    {
      label: '繁體中文',
      action: { type: 'postback', data: postbackData('language', { lang: 'zh-TW' }), displayText: '繁體中文' },
    },
    {
      label: 'English',
      action: { type: 'postback', data: postbackData('language', { lang: 'en' }), displayText: 'English' },
    },
    tap(language, 'qr.help', 'help'),
  ];
}

/** The birthday's date picker (LINE): at most today, at least 120 years ago, opening 30 years back. */
export function birthdayPicker(language: Language, today: string): QuickReply {
  const yearsAgo = (n: number) => `${String(Number(today.slice(0, 4)) - n).padStart(4, '0')}${today.slice(4)}`;
  const action = {
    type: 'datepicker',
    data: postbackData('birthday'),
    initial: yearsAgo(30),
    max: today,
    min: yearsAgo(120),
  } as const;
  return { label: t(language, 'qr.pick_date'), action };
}

export function contextQuickReplies(language: Language, context: QuickContext): QuickReply[] {
  switch (context) {
    case 'member':
      return mainMenu(language);
    case 'visitor':
      return visitorMenu(language);
    case 'flow':
      return [{ label: t(language, 'qr.cancel'), action: { type: 'message', text: t(language, 'qr.cancel') } }];
  }
}

/** The replies with the last one carrying quick replies (its own, or those of `context`), within LINE's limits. */
export function withClosingQuickReplies(replies: readonly Reply[], context: QuickContext): Reply[] {
  const out = [...replies];
  const last = out.at(-1);
  if (!last) return out;
  const own = last.quickReplies ?? [];
  const chosen = own.length > 0 ? own : contextQuickReplies(last.language, context);
  out[out.length - 1] = { ...last, quickReplies: chosen.slice(0, QUICK_REPLY_LIMITS.items) };
  return out;
}
