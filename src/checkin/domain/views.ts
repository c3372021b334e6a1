// The check-in reply: today's outcome, the streak and how far it is to the next streak bonus.

import { pointsOf } from '../../conversation/domain/amounts.js';
import type { Reply } from '../../conversation/domain/replies.js';
import { engagementQuickReplies, type ViewContext } from '../../conversation/domain/views.js';
import { t, tp } from '../../kernel/i18n/catalog.js';

/** The progress strip shows at most this many streak days, ending on the bonus day. */
const STRIP_DAYS = 7;

export interface CheckinView {
  readonly localDate: string;
  readonly streak: number;
  readonly earned?: number;
  readonly bonus?: number;
  readonly pointType?: string;
  /** The next streak day that pays a bonus, and what it pays. */
  readonly next: { readonly day: number; readonly amount: number } | null;
  readonly already?: boolean;
}

/** Streak days up to the next bonus day (the last STRIP_DAYS of them), the ones done marked. */
export function progressStrip(streak: number, next: CheckinView['next']) {
  if (!next) return [];
  const first = Math.max(1, next.day - STRIP_DAYS + 1);
  return Array.from({ length: next.day - first + 1 }, (_, i) => {
    const day = first + i;
    return { label: String(day), checked: day <= streak, today: day === streak };
  });
}

export function checkinReply(ctx: ViewContext, v: CheckinView): Reply {
  const title = t(ctx.language, 'checkin.title');
  const points = (amount: number) => pointsOf(ctx, v.pointType ?? '', amount);
  const headline = v.already
    ? t(ctx.language, 'checkin.already', { date: v.localDate })
    : t(ctx.language, 'checkin.done', { points: points(v.earned ?? 0) });
  const lines = [
    ...(v.bonus ? [t(ctx.language, 'checkin.bonus', { points: points(v.bonus), day: v.streak })] : []),
    ...(v.streak > 0 ? [tp(ctx.language, 'checkin.streak', v.streak)] : []),
    ...(v.next ? [tp(ctx.language, 'checkin.progress', v.next.day - v.streak, { points: points(v.next.amount) })] : []),
  ];
  const strip = progressStrip(v.streak, v.next);
  const stripText = strip.map((d) => `${d.label}${d.checked ? '✓' : '·'}`).join(' ');
  return {
    kind: 'checkin',
    language: ctx.language,
    title,
    headline,
    already: v.already === true,
    lines,
    strip,
    text: [title, headline, ...lines, stripText].filter(Boolean).join('\n'),
    quickReplies: engagementQuickReplies(ctx),
  };
}
