// The coupon mall's catalogue as a member sees it: their balance, whether they can afford each item, its limits
// and stock; the confirmation; and "which one?" when a name fits several items.

import { pointsOf, unitOf } from '../../conversation/domain/amounts.js';
import { postbackData } from '../../conversation/domain/intents.js';
import type { ListItem, QuickReply, Reply } from '../../conversation/domain/replies.js';
import { engagementQuickReplies, pointTypeName, type ViewContext } from '../../conversation/domain/views.js';
import { type MessageKey, t } from '../../kernel/i18n/catalog.js';
import type { CatalogItem } from './catalog.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export const CATALOG_PAGE_SIZE = 11;

/** What the catalogue knows of the member reading it. */
export interface MemberStanding {
  /** Available points per point type. */
  readonly balances: ReadonlyMap<string, number>;
  /** Redemptions left now, per item with a per-member limit. */
  readonly limitsLeft: ReadonlyMap<string, number>;
}

const LIMIT_KEYS: Record<CatalogItem['limitPeriod'], MessageKey> = {
  all: 'catalog.limit_all',
  day: 'catalog.limit_day',
  month: 'catalog.limit_month',
};

/** The button of an item: Redeem, or Donate for a donation. */
export function chooseLabel(ctx: ViewContext, item: Pick<CatalogItem, 'kind'>): string {
  return t(ctx.language, item.kind === 'donation' ? 'catalog.donate' : 'catalog.choose');
}

function chooseAction(ctx: ViewContext, i: CatalogItem): QuickReply {
  const label = chooseLabel(ctx, i);
  return {
    label,
    action: {
      type: 'postback',
      data: postbackData('choose', { item: i.code }),
      displayText: `${label} ${i.names[ctx.language]}`,
    },
  };
}

function itemEntry(ctx: ViewContext, i: CatalogItem, m: MemberStanding | undefined): ListItem {
  const soldOut = i.stockRemaining === 0;
  const left = m?.limitsLeft.get(i.code);
  const balance = m?.balances.get(i.pointType) ?? 0;
  const afford = !m
    ? ''
    : balance >= i.cost
      ? t(ctx.language, 'catalog.enough')
      : t(ctx.language, 'catalog.short', {
          missing: fmt(i.cost - balance),
          unit: unitOf(ctx, i.pointType, i.cost - balance),
        });
  const limit =
    i.perMemberLimit === null || left === undefined
      ? ''
      : left === 0
        ? t(ctx.language, 'catalog.limit_used')
        : t(ctx.language, LIMIT_KEYS[i.limitPeriod], { limit: fmt(i.perMemberLimit), left: fmt(left) });
  const stock =
    i.stockRemaining === null || i.stockRemaining === undefined
      ? ''
      : t(ctx.language, soldOut ? 'catalog.sold_out' : 'catalog.stock', { stock: fmt(i.stockRemaining) });
  return {
    id: i.code,
    title: i.names[ctx.language],
    subtitle: t(ctx.language, 'catalog.cost', { cost: pointsOf(ctx, i.pointType, i.cost) }),
    // The member's own lines first: a WhatsApp list row shows only the start of it.
    detail: [soldOut || left === 0 ? '' : afford, limit, stock, i.descriptions[ctx.language]]
      .filter(Boolean)
      .join(' · '),
    imageUrl: i.imageUrl,
    // Sold out or at the member's limit: nothing to tap (the database guards decide anyway).
    action: soldOut || left === 0 ? null : chooseAction(ctx, i),
  };
}

function balanceNote(ctx: ViewContext, items: readonly CatalogItem[], m: MemberStanding | undefined): string | null {
  const types = [...new Set(items.map((i) => i.pointType))];
  if (!m || types.length === 0) return null;
  const notes = types.map((p) =>
    t(ctx.language, 'catalog.balance', {
      points: pointsOf(ctx, p, m.balances.get(p) ?? 0),
      pointType: pointTypeName(ctx, p),
    }),
  );
  return notes.join(ctx.language === 'zh-TW' ? '、' : ', ');
}

/** The catalogue; with the member's standing, their balance, what they can afford and their limits. */
export function catalogReply(ctx: ViewContext, items: readonly CatalogItem[], page: number, m?: MemberStanding): Reply {
  const title = t(ctx.language, 'catalog.title');
  const start = (page - 1) * CATALOG_PAGE_SIZE;
  const pageItems = items.slice(start, start + CATALOG_PAGE_SIZE);
  const hasMore = items.length > start + CATALOG_PAGE_SIZE;
  const entries = pageItems.map((i) => itemEntry(ctx, i, m));
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
  const note = emptyNote ? null : balanceNote(ctx, pageItems, m);
  return {
    kind: 'catalog',
    language: ctx.language,
    title,
    items: entries,
    balanceNote: note,
    emptyNote,
    nextPage,
    text: [
      title,
      ...(note ? [note] : []),
      ...(emptyNote ? [emptyNote] : entries.map((e) => `${e.title}: ${e.subtitle}${e.detail ? ` (${e.detail})` : ''}`)),
    ].join('\n'),
    quickReplies: nextPage ? [nextPage, ...engagementQuickReplies(ctx)].slice(0, 13) : engagementQuickReplies(ctx),
  };
}

/** A name that fits several items: one button per item (its code in the postback, never shown). */
export function whichItemReply(ctx: ViewContext, query: string, items: readonly CatalogItem[]): Reply {
  const choices = items.slice(0, 12).map((i): QuickReply => {
    const name = i.names[ctx.language];
    return {
      label: name,
      action: { type: 'postback', data: postbackData('choose', { item: i.code }), displayText: name },
    };
  });
  const text = [
    t(ctx.language, 'redeem.which', { query }),
    ...items.slice(0, 12).map((i) => `• ${i.names[ctx.language]}`),
  ].join('\n');
  return { kind: 'text', language: ctx.language, text, quickReplies: [...choices, cancelReply(ctx)].slice(0, 13) };
}

function cancelReply(ctx: ViewContext): QuickReply {
  return {
    label: t(ctx.language, 'qr.cancel'),
    action: { type: 'postback', data: postbackData('cancel'), displayText: t(ctx.language, 'qr.cancel') },
  };
}

export function confirmReply(ctx: ViewContext, item: CatalogItem, balanceAfter: number): Reply {
  const params = {
    item: item.names[ctx.language],
    cost: pointsOf(ctx, item.pointType, item.cost),
    after: pointsOf(ctx, item.pointType, balanceAfter),
  };
  const donation = item.kind === 'donation';
  const title = t(ctx.language, donation ? 'confirm.title_donation' : 'confirm.title', params);
  const body = t(ctx.language, donation ? 'confirm.body_donation' : 'confirm.body', params);
  const yes = donation ? chooseLabel(ctx, item) : t(ctx.language, 'confirm.yes');
  const confirm: QuickReply = {
    label: yes,
    action: { type: 'postback', data: postbackData('agree'), displayText: yes },
  };
  const cancel = cancelReply(ctx);
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
