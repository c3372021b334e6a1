// Replies of the coupon mall: the catalogue, the confirmation, a coupon and the member's coupons.
import { postbackData } from '../../conversation/domain/intents.js';
import type { ListItem, QuickReply, Reply } from '../../conversation/domain/replies.js';
import {
  engagementQuickReplies,
  lastValidDate,
  pointTypeName,
  type ViewContext,
} from '../../conversation/domain/views.js';
import { t } from '../../kernel/i18n/catalog.js';
import { localDate } from '../../kernel/time.js';
import type { CatalogItem } from './catalog.js';

const fmt = (n: number) => n.toLocaleString('en-US');

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
