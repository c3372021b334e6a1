// The "how to earn" reply: the rules a member can use today and the next member days, in plain words.

import type { Reply } from '../../conversation/domain/replies.js';
import { pointTypeName, type ViewContext } from '../../conversation/domain/views.js';
import { type MessageKey, t } from '../../kernel/i18n/catalog.js';
import type { PlaceNames } from '../../stores/domain/places.js';
import { weekdayOf } from './evaluate.js';
import type { Guide, GuideDay, GuideRule } from './guide.js';
import { formatMoney } from './money.js';

const KIND_KEY = {
  spend: 'earn.spend',
  product_amount: 'earn.product_amount',
  product_quantity: 'earn.product_quantity',
} as const satisfies Record<GuideRule['rule']['kind'], MessageKey>;

const WEEKDAY_KEY = {
  mon: 'weekday.mon',
  tue: 'weekday.tue',
  wed: 'weekday.wed',
  thu: 'weekday.thu',
  fri: 'weekday.fri',
  sat: 'weekday.sat',
  sun: 'weekday.sun',
} as const satisfies Record<ReturnType<typeof weekdayOf>, MessageKey>;

const listOf = (ctx: ViewContext, names: readonly PlaceNames[]) =>
  names.map((n) => n[ctx.language]).join(ctx.language === 'zh-TW' ? '、' : ', ');

function ruleLine(ctx: ViewContext, g: GuideRule): string {
  const { rule } = g;
  const l = ctx.language;
  const main = t(l, KIND_KEY[rule.kind], {
    name: rule.names[l],
    money: formatMoney(rule.every),
    count: rule.every,
    points: rule.points,
    pointType: pointTypeName(ctx, rule.pointType),
  });
  const parts = [main];
  if (g.places.length > 0) parts.push(t(l, 'earn.at', { places: listOf(ctx, g.places) }));
  if (g.openingStores.length > 0)
    parts.push(t(l, 'earn.opening', { days: rule.openingDays, stores: listOf(ctx, g.openingStores) }));
  if (rule.minOrder > 0) parts.push(t(l, 'earn.min_order', { money: formatMoney(rule.minOrder) }));
  if (rule.excludedSkus.length > 0) parts.push(t(l, 'earn.excluded'));
  if (rule.validTo !== null) parts.push(t(l, 'earn.until', { date: rule.validTo }));
  return `• ${parts.join('')}`;
}

function dayLine(ctx: ViewContext, d: GuideDay): string {
  const l = ctx.language;
  const params = {
    name: d.multiplier.names[l],
    factor: d.multiplier.factor,
    date: d.date,
    weekday: t(l, WEEKDAY_KEY[weekdayOf(d.date)]),
    at: d.places.length > 0 ? t(l, 'earn.at', { places: listOf(ctx, d.places) }) : '',
  };
  return `• ${t(l, d.today ? 'earn.day_today' : 'earn.day_next', params)}`;
}

export function earnGuideReply(ctx: ViewContext, guide: Guide): Reply {
  const l = ctx.language;
  const lines = [t(l, 'earn.title')];
  if (guide.rules.length === 0) lines.push(t(l, 'earn.none'));
  else lines.push(...guide.rules.map((g) => ruleLine(ctx, g)));
  lines.push('', t(l, 'earn.days_title'));
  if (guide.days.length === 0) lines.push(t(l, 'earn.no_days'));
  else lines.push(...guide.days.map((d) => dayLine(ctx, d)));
  return { kind: 'text', language: l, text: lines.join('\n') };
}
