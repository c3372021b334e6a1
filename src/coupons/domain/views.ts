// Replies of the coupon mall: the catalogue, the confirmation, a coupon and the member's coupons.
import { postbackData } from '../../conversation/domain/intents.js';
import type { ListItem, Reply } from '../../conversation/domain/replies.js';
import { engagementQuickReplies, lastValidDate, type ViewContext } from '../../conversation/domain/views.js';
import { t } from '../../kernel/i18n/catalog.js';
import { localDate } from '../../kernel/time.js';

export { CATALOG_PAGE_SIZE, catalogReply, confirmReply } from './catalog-view.js';

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
  const howTo = c.status === 'active' ? t(ctx.language, 'coupon.how_to') : null;
  return {
    kind: 'coupon',
    language: ctx.language,
    title: c.itemName,
    code: c.code,
    qrUrl: c.qrUrl,
    status,
    validUntil,
    usable: c.status === 'active',
    howTo,
    text: [intro, c.itemName, c.code, status, validUntil, intro ? null : howTo].filter(Boolean).join('\n'),
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
