// The daily check-in from the chat: one batch with the check-in row and its credits, or the strip when done today.
import { textReply } from '../conversation/domain/views.js';
import { type ChatModule, memberOf } from '../conversation/index.js';
import { checkinReply } from './domain/views.js';
import type { CheckinService } from './service.js';

export function checkinChat(checkin: CheckinService): ChatModule {
  return {
    commands: [
      {
        name: 'checkin',
        keywords: { en: ['check in', 'checkin', 'check-in'], 'zh-TW': ['簽到', '打卡'] },
        plan: async (ctx) => {
          const memberId = memberOf(ctx).id;
          const planned = ctx.refused ? undefined : await checkin.planCheckin(memberId);
          if (planned?.ok) return { replies: [checkinReply(ctx.view, planned.value.success)], plan: planned.value };
          const code = ctx.refused ?? (planned && !planned.ok ? planned.error.code : 'unavailable');
          if (code === 'already_checked_in') {
            const strip = await checkin.checkinStrip(memberId);
            return { replies: [checkinReply(ctx.view, { ...strip, already: true })] };
          }
          return { replies: [textReply(ctx.view, 'checkin.unavailable')] };
        },
      },
    ],
  };
}
