// "how to earn" / "集點方式": the rules a member can use today and the next member days, for members and visitors.
import { run, say } from '../conversation/domain/command.js';
import type { ChatModule } from '../conversation/index.js';
import { earnGuideReply } from './domain/views.js';
import type { EarnService } from './service.js';

export const HOW_TO_EARN = 'how_to_earn';

export function earnChat(earn: EarnService): ChatModule {
  return {
    commands: [
      {
        name: HOW_TO_EARN,
        keywords: {
          en: ['how to earn', 'earn', 'earn points', 'how do i earn points'],
          'zh-TW': ['集點方式', '集點', '如何集點', '怎麼集點'],
        },
        // A visitor hears how it works, then is asked to join.
        forVisitor: () => [run(HOW_TO_EARN), say('register.needed', {}, 'join')],
        plan: async (ctx) => ({ replies: [earnGuideReply(ctx.view, await earn.guide(ctx.member?.id))] }),
      },
    ],
  };
}
