// The check-in reply: today's outcome, the streak and the last 7 days.
import type { Reply } from '../../conversation/domain/replies.js';
import { engagementQuickReplies, pointTypeName, type ViewContext } from '../../conversation/domain/views.js';
import { t } from '../../kernel/i18n/catalog.js';

const fmt = (n: number) => n.toLocaleString('en-US');

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
