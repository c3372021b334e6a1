// Reply builders for check-in, giveaways and the coupon mall.
import { postbackData } from '../../conversation/domain/intents.js';
import type { ListItem, QuickReply, Reply } from '../../conversation/domain/replies.js';
import { menuQuickReplies, type ViewContext } from '../../conversation/domain/views.js';
import type { CatalogItem } from '../../coupons/domain/catalog.js';
import type { Giveaway } from '../../giveaways/domain/giveaway.js';
import { t } from '../../kernel/i18n/catalog.js';
import { localDate, localTime } from '../../kernel/time.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export function pointTypeName(ctx: ViewContext, code: string): string {
  return ctx.pointTypes.find((p) => p.code === code)?.names[ctx.language] ?? code;
}

/** Date and time in the program timezone, as members read it: "2026-03-04 12:00". */
export function localDateTime(ctx: ViewContext, ms: number): string {
  return `${localDate(ms, ctx.timeZone)} ${localTime(ms, ctx.timeZone)}`;
}

/** The last day something is valid, for an instant that is the exclusive end (local midnight). */
export function lastValidDate(ctx: ViewContext, exclusiveEnd: number): string {
  return localDate(exclusiveEnd - 1, ctx.timeZone);
}

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

export interface CheckinView {
  readonly localDate: string;
  readonly streak: number;
  readonly earned?: number;
  readonly bonus?: number;
  readonly pointType?: string;
  readonly strip: readonly { date: string; checked: boolean }[];
  readonly already?: boolean;
}

export function checkinReply(ctx: ViewContext, v: CheckinView): Reply {
  const title = t(ctx.language, 'checkin.title');
  const name = v.pointType ? pointTypeName(ctx, v.pointType) : '';
  const headline = v.already
    ? t(ctx.language, 'checkin.already', { date: v.localDate })
    : t(ctx.language, 'checkin.done', { amount: fmt(v.earned ?? 0), pointType: name });
  const lines = [
    ...(v.bonus ? [t(ctx.language, 'checkin.bonus', { amount: fmt(v.bonus), pointType: name, day: v.streak })] : []),
    t(ctx.language, 'checkin.streak', { streak: v.streak }),
  ];
  const strip = v.strip.map((d) => ({
    label: String(Number(d.date.slice(8))),
    checked: d.checked,
    today: d.date === v.localDate,
  }));
  const stripText = strip.map((d) => `${d.label}${d.checked ? '✓' : '·'}`).join(' ');
  return {
    kind: 'checkin',
    language: ctx.language,
    title,
    headline,
    lines,
    strip,
    text: [title, headline, ...lines, stripText].join('\n'),
    quickReplies: engagementQuickReplies(ctx),
  };
}

export function giveawaysReply(
  ctx: ViewContext,
  giveaways: readonly (Giveaway & { budgetLeft: number })[],
  tapSeed: string,
): Reply {
  const title = t(ctx.language, 'giveaways.title');
  const items: ListItem[] = giveaways.slice(0, 12).map((g) => ({
    id: g.code,
    title: g.titles[ctx.language],
    subtitle: g.code,
    detail: t(ctx.language, 'giveaways.detail', {
      amount: fmt(g.perClaim),
      pointType: pointTypeName(ctx, g.pointType),
      left: fmt(g.budgetLeft),
      budget: fmt(g.budget),
      until: localDateTime(ctx, g.endsAt),
    }),
    imageUrl: null,
    action: {
      label: t(ctx.language, 'giveaways.claim'),
      // The nonce makes each rendered button a distinct tap; tapping it twice still claims once.
      action: {
        type: 'postback',
        data: postbackData('claim', { g: g.code, n: `${tapSeed}-${g.code}` }),
        displayText: `${t(ctx.language, 'giveaways.claim')} ${g.code}`,
      },
    },
  }));
  const emptyNote = items.length === 0 ? t(ctx.language, 'giveaways.empty') : null;
  return {
    kind: 'giveaways',
    language: ctx.language,
    title,
    items,
    emptyNote,
    text: [
      title,
      ...(emptyNote ? [emptyNote] : items.map((i) => `${i.title} (${i.subtitle}): ${i.detail} — claim ${i.subtitle}`)),
    ].join('\n'),
    quickReplies: engagementQuickReplies(ctx),
  };
}

export const CATALOG_PAGE_SIZE = 11;

export function catalogReply(ctx: ViewContext, items: readonly CatalogItem[], page: number): Reply {
  const title = t(ctx.language, 'catalog.title');
  const start = (page - 1) * CATALOG_PAGE_SIZE;
  const pageItems = items.slice(start, start + CATALOG_PAGE_SIZE);
  const hasMore = items.length > start + CATALOG_PAGE_SIZE;
  const entries: ListItem[] = pageItems.map((i) => {
    const soldOut = i.stockRemaining === 0;
    return {
      id: i.code,
      title: i.names[ctx.language],
      subtitle: t(ctx.language, 'catalog.cost', { cost: fmt(i.cost), pointType: pointTypeName(ctx, i.pointType) }),
      detail: [
        i.descriptions[ctx.language],
        i.stockRemaining === null || i.stockRemaining === undefined
          ? ''
          : t(ctx.language, 'catalog.stock', { stock: fmt(i.stockRemaining) }),
      ]
        .filter(Boolean)
        .join(' · '),
      imageUrl: i.imageUrl,
      action: soldOut
        ? null
        : {
            label: t(ctx.language, 'catalog.choose'),
            action: {
              type: 'postback',
              data: postbackData('choose', { item: i.code }),
              displayText: `${t(ctx.language, 'catalog.choose')} ${i.names[ctx.language]}`,
            },
          },
    };
  });
  const nextPage: QuickReply | null = hasMore
    ? {
        label: t(ctx.language, 'catalog.next'),
        action: {
          type: 'postback',
          data: postbackData('coupons', { page: String(page + 1) }),
          displayText: t(ctx.language, 'catalog.next'),
        },
      }
    : null;
  const emptyNote = entries.length === 0 ? t(ctx.language, 'catalog.empty') : null;
  return {
    kind: 'catalog',
    language: ctx.language,
    title,
    items: entries,
    emptyNote,
    nextPage,
    text: [
      title,
      ...(emptyNote ? [emptyNote] : entries.map((e) => `${e.title}: ${e.subtitle}${e.detail ? ` (${e.detail})` : ''}`)),
    ].join('\n'),
    quickReplies: nextPage ? [nextPage, ...engagementQuickReplies(ctx)].slice(0, 13) : engagementQuickReplies(ctx),
  };
}

export function confirmReply(ctx: ViewContext, item: CatalogItem, balanceAfter: number): Reply {
  const name = item.names[ctx.language];
  const params = {
    item: name,
    cost: fmt(item.cost),
    pointType: pointTypeName(ctx, item.pointType),
    after: fmt(balanceAfter),
  };
  const title = t(ctx.language, 'confirm.title', params);
  const body = t(ctx.language, item.kind === 'donation' ? 'confirm.body_donation' : 'confirm.body', params);
  const confirm: QuickReply = {
    label: t(ctx.language, 'confirm.yes'),
    action: { type: 'postback', data: postbackData('agree'), displayText: t(ctx.language, 'confirm.yes') },
  };
  const cancel: QuickReply = {
    label: t(ctx.language, 'qr.cancel'),
    action: { type: 'postback', data: postbackData('cancel'), displayText: t(ctx.language, 'qr.cancel') },
  };
  return {
    kind: 'confirm',
    language: ctx.language,
    title,
    body,
    confirm,
    cancel,
    text: `${title}\n${body}`,
    quickReplies: [confirm, cancel],
  };
}

export interface CouponView {
  readonly code: string;
  readonly itemName: string;
  readonly qrUrl: string;
  readonly status: 'active' | 'used' | 'cancelled' | 'donated' | 'expired';
  readonly validUntil: number | null;
  readonly usedAt: number | null;
}

function couponStatus(ctx: ViewContext, c: CouponView): string {
  switch (c.status) {
    case 'active':
    case 'donated':
      return t(ctx.language, 'coupon.status_active');
    case 'used':
      return t(ctx.language, 'coupon.status_used', { date: c.usedAt ? localDate(c.usedAt, ctx.timeZone) : '' });
    case 'expired':
      return t(ctx.language, 'coupon.status_expired');
    case 'cancelled':
      return t(ctx.language, 'coupon.status_cancelled');
  }
}

export function couponReply(ctx: ViewContext, c: CouponView, intro?: string): Reply {
  const validUntil = c.validUntil
    ? t(ctx.language, 'coupon.valid_until', { date: lastValidDate(ctx, c.validUntil) })
    : null;
  const status = couponStatus(ctx, c);
  return {
    kind: 'coupon',
    language: ctx.language,
    title: c.itemName,
    code: c.code,
    qrUrl: c.qrUrl,
    status,
    validUntil,
    usable: c.status === 'active',
    text: [intro, c.itemName, c.code, status, validUntil].filter(Boolean).join('\n'),
    quickReplies: engagementQuickReplies(ctx),
  };
}

export function couponsReply(ctx: ViewContext, coupons: readonly CouponView[]): Reply {
  const title = t(ctx.language, 'coupons.title');
  const items: ListItem[] = coupons.slice(0, 12).map((c) => ({
    id: c.code,
    title: c.itemName,
    subtitle: c.code,
    detail: [
      couponStatus(ctx, c),
      c.validUntil && c.status === 'active'
        ? t(ctx.language, 'coupon.valid_until', { date: lastValidDate(ctx, c.validUntil) })
        : '',
    ]
      .filter(Boolean)
      .join(' · '),
    imageUrl: null,
    action:
      c.status === 'active'
        ? {
            label: t(ctx.language, 'coupon.show'),
            action: {
              type: 'postback',
              data: postbackData('coupon', { c: c.code }),
              displayText: `${t(ctx.language, 'coupon.show')} ${c.code}`,
            },
          }
        : null,
  }));
  const emptyNote = items.length === 0 ? t(ctx.language, 'coupons.empty') : null;
  return {
    kind: 'coupons',
    language: ctx.language,
    title,
    items,
    emptyNote,
    text: [title, ...(emptyNote ? [emptyNote] : items.map((i) => `${i.title} ${i.subtitle} — ${i.detail}`))].join('\n'),
    quickReplies: engagementQuickReplies(ctx),
  };
}
