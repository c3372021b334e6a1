// Builders for the channel-neutral replies: data in, Reply view models out, all text from the catalogue.

import { type MessageKey, type MessageParams, t } from '../../kernel/i18n/catalog.js';
import type { Language } from '../../kernel/i18n/language.js';
import { localDate, localTime } from '../../kernel/time.js';
import type { PointType } from '../../ledger/domain/point-type.js';
import type { Reason } from '../../ledger/domain/reasons.js';
import { pointsOf, unitOf } from './amounts.js';
import type { QuickSet } from './command.js';
import { postbackData } from './intents.js';
import { birthdayPicker } from './quick-replies.js';
import type { BalanceLine, HistoryLine, QuickReply, Reply } from './replies.js';

export interface BrandInfo {
  readonly name: string;
  readonly termsUrl: string;
  readonly privacyUrl: string;
}

export interface ViewContext {
  readonly language: Language;
  readonly timeZone: string;
  readonly brand: BrandInfo;
  readonly pointTypes: readonly PointType[];
}

export interface BalanceData {
  readonly pointType: string;
  readonly available: number;
  readonly nextExpiry?: { readonly amount: number; readonly expiresAt: number } | null;
}

export interface HistoryData {
  readonly pointType: string;
  readonly delta: number;
  readonly reason: Reason;
  readonly createdAt: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** A point type's name in the reader's language (its code when unknown). */
export function pointTypeName(ctx: ViewContext, code: string): string {
  return ctx.pointTypes.find((p) => p.code === code)?.names[ctx.language] ?? code;
}

/** The main menu, offered under most replies. */
export function menuQuickReplies(language: Language): QuickReply[] {
  const item = (key: MessageKey, cmd: Parameters<typeof postbackData>[0]): QuickReply => ({
    label: t(language, key),
    action: { type: 'postback', data: postbackData(cmd), displayText: t(language, key) },
  });
  return [
    item('qr.points', 'points'),
    item('qr.history', 'history'),
    item('qr.card', 'card'),
    item('qr.language', 'language'),
    item('qr.help', 'help'),
  ];
}

/** `today` (YYYY-MM-DD, the program's date) bounds the birthday's date picker: at most today, at least 120 years ago. */
export function promptQuickReplies(
  language: Language,
  set: QuickSet | undefined,
  profileName?: string,
  today?: string,
): QuickReply[] {
  const msg = (label: string, text = label): QuickReply => ({
    label: label.slice(0, 20),
    action: { type: 'message', text },
  });
  const cancel = msg(t(language, 'qr.cancel'));
  switch (set) {
    case 'name':
      return profileName ? [msg(profileName), cancel] : [cancel];
    case 'yes_no':
      return [postback(language, 'qr.yes', 'agree'), postback(language, 'qr.no', 'decline'), cancel];
    case 'birthday':
      return [...(today ? [birthdayPicker(language, today)] : []), msg(t(language, 'qr.skip')), cancel];
    case 'consent':
      return [postback(language, 'qr.agree', 'agree'), postback(language, 'qr.decline', 'decline')];
    case 'join':
      return [
        {
          label: t(language, 'qr.join'),
          action: { type: 'postback', data: postbackData('join'), displayText: t(language, 'qr.join') },
        },
        ...languageQuickReplies(),
      ];
    case 'cancel':
      return [cancel];
    default:
      return [];
  }
}

function postback(language: Language, key: MessageKey, cmd: string): QuickReply {
  return {
    label: t(language, key),
    action: { type: 'postback', data: postbackData(cmd), displayText: t(language, key) },
  };
}

function languageQuickReplies(): QuickReply[] {
  return [
    {
      label: '繁體中文',
      action: { type: 'postback', data: postbackData('language', { lang: 'zh-TW' }), displayText: '繁體中文' },
    },
    {
      label: 'English',
      action: { type: 'postback', data: postbackData('language', { lang: 'en' }), displayText: 'English' },
    },
  ];
}

export function textReply(
  ctx: ViewContext,
  key: MessageKey,
  params: MessageParams = {},
  quickReplies?: QuickReply[],
): Reply {
  const p = { brand: ctx.brand.name, terms: ctx.brand.termsUrl, privacy: ctx.brand.privacyUrl, ...params };
  return { kind: 'text', language: ctx.language, text: t(ctx.language, key, p), quickReplies };
}

export function welcomeReply(ctx: ViewContext): Reply {
  const title = t(ctx.language, 'welcome.title', { brand: ctx.brand.name });
  const body = t(ctx.language, 'welcome.body');
  return { kind: 'welcome', language: ctx.language, title, body, text: `${title}\n${body}` };
}

export function helpReply(ctx: ViewContext, note?: MessageKey): Reply {
  const title = note ? t(ctx.language, note) : t(ctx.language, 'help.title');
  const body = t(ctx.language, 'help.body');
  const actions = menuQuickReplies(ctx.language);
  return {
    kind: 'help',
    language: ctx.language,
    title,
    body,
    actions,
    quickReplies: actions,
    text: `${title}\n${body}`,
  };
}

export function languageMenuReply(ctx: ViewContext): Reply {
  return {
    kind: 'text',
    language: ctx.language,
    text: t(ctx.language, 'language.choose'),
    quickReplies: languageQuickReplies(),
  };
}

function balanceLines(ctx: ViewContext, balances: readonly BalanceData[]): BalanceLine[] {
  return balances.map((b) => ({
    pointType: b.pointType,
    name: pointTypeName(ctx, b.pointType),
    amount: b.available,
    unit: unitOf(ctx, b.pointType, b.available),
    expiryNote: b.nextExpiry
      ? t(ctx.language, 'balance.expiry_note', {
          points: pointsOf(ctx, b.pointType, b.nextExpiry.amount),
          date: localDate(b.nextExpiry.expiresAt - 1, ctx.timeZone),
        })
      : null,
  }));
}

function balanceText(lines: readonly BalanceLine[]): string {
  return lines
    .map((l) => `${l.name}: ${fmt(l.amount)} ${l.unit}${l.expiryNote ? ` (${l.expiryNote})` : ''}`)
    .join('\n');
}

export function balanceReply(ctx: ViewContext, balances: readonly BalanceData[]): Reply {
  const title = t(ctx.language, 'balance.title');
  const lines = balanceLines(ctx, balances);
  const emptyNote = lines.length === 0 ? t(ctx.language, 'balance.empty') : null;
  return {
    kind: 'balance',
    language: ctx.language,
    title,
    balances: lines,
    emptyNote,
    text: `${title}\n${emptyNote ?? balanceText(lines)}`,
    quickReplies: menuQuickReplies(ctx.language),
  };
}

export function describeReason(ctx: ViewContext, reason: Reason): string {
  const params: Record<string, string | number | null> = { ...(reason.params ?? {}) };
  // Names are copied into the transfer in every language ("title_en", "title_zh-TW"), so a later rename of a
  // campaign or item never rewrites history; pick the member's language here.
  const suffix = `_${ctx.language}`;
  for (const [k, v] of Object.entries(params)) if (k.endsWith(suffix)) params[k.slice(0, -suffix.length)] = v;
  if (typeof params.earnedAt === 'number') params.earned = localDate(params.earnedAt, ctx.timeZone);
  const key = `reason.${reason.code}` as MessageKey;
  return t(ctx.language, key, params);
}

export function historyReply(ctx: ViewContext, entries: readonly HistoryData[]): Reply {
  const title = t(ctx.language, 'history.title');
  const lines: HistoryLine[] = entries.map((e) => ({
    date: localDate(e.createdAt, ctx.timeZone),
    delta: `${e.delta > 0 ? '+' : '-'}${fmt(Math.abs(e.delta))}`,
    positive: e.delta > 0,
    pointTypeName: pointTypeName(ctx, e.pointType),
    unit: unitOf(ctx, e.pointType, e.delta),
    description: describeReason(ctx, e.reason),
  }));
  const emptyNote = lines.length === 0 ? t(ctx.language, 'history.empty') : null;
  const text =
    emptyNote ?? lines.map((l) => `${l.date} ${l.delta} ${l.unit} (${l.pointTypeName}) ${l.description}`).join('\n');
  return {
    kind: 'history',
    language: ctx.language,
    title,
    lines,
    emptyNote,
    text: `${title}\n${text}`,
    quickReplies: menuQuickReplies(ctx.language),
  };
}

export interface CardData {
  readonly memberName: string;
  /** Null: the brand does not show the static member code. */
  readonly memberCode: string | null;
  readonly registeredLocalDate: string;
  /** The QR of the rotating member token. */
  readonly qrUrl: string;
  /** The rotating token's numeric form and when it stops working (epoch ms). */
  readonly token: { readonly code: string; readonly expiresAt: number };
  readonly balances: readonly BalanceData[];
}

export function cardReply(ctx: ViewContext, card: CardData): Reply {
  const title = t(ctx.language, 'card.title', { brand: ctx.brand.name });
  const labels = { code: t(ctx.language, 'card.code'), since: t(ctx.language, 'card.since') };
  const balances = balanceLines(ctx, card.balances);
  const tokenCode = card.token.code.replace(/(\d{4})(?=\d)/g, '$1 ');
  const tokenNote = t(ctx.language, 'card.token', {
    code: tokenCode,
    time: localTime(card.token.expiresAt, ctx.timeZone),
  });
  const codeLine = card.memberCode === null ? '' : `\n${labels.code}: ${card.memberCode}`;
  return {
    kind: 'card',
    language: ctx.language,
    title,
    memberName: card.memberName,
    memberCode: card.memberCode,
    memberSince: card.registeredLocalDate,
    qrUrl: card.qrUrl,
    tokenCode,
    tokenNote,
    balances,
    labels,
    text: `${title}\n${card.memberName}${codeLine}\n${labels.since}: ${card.registeredLocalDate}\n${tokenNote}${
      balances.length ? `\n${balanceText(balances)}` : ''
    }`,
    quickReplies: menuQuickReplies(ctx.language),
  };
}

// ----- shared by the check-in, giveaway, coupon and reminder replies -----

/** Date and time in the program timezone, as members read it: "2026-03-04 12:00". */
export function localDateTime(ctx: ViewContext, ms: number): string {
  return `${localDate(ms, ctx.timeZone)} ${localTime(ms, ctx.timeZone)}`;
}

/** The last day something is valid, for an instant that is the exclusive end (local midnight). */
export function lastValidDate(ctx: ViewContext, exclusiveEnd: number): string {
  return localDate(exclusiveEnd - 1, ctx.timeZone);
}

/** Check-in, giveaways, the coupon mall and my coupons, then the main menu. */
export function engagementQuickReplies(ctx: ViewContext): QuickReply[] {
  const item = (key: Parameters<typeof t>[1], cmd: Parameters<typeof postbackData>[0]): QuickReply => ({
    label: t(ctx.language, key),
    action: { type: 'postback', data: postbackData(cmd), displayText: t(ctx.language, key) },
  });
  return [
    item('qr.checkin', 'checkin'),
    item('qr.giveaways', 'giveaways'),
    item('qr.coupons', 'coupons'),
    item('qr.my_coupons', 'my_coupons'),
    ...menuQuickReplies(ctx.language),
  ].slice(0, 13);
}
