// The ledger's chat commands: a member's points, their history, and the lots about to expire.

import { balanceReply, historyReply } from '../conversation/domain/views.js';
import { type ChatCommand, type ChatModule, memberOf as member } from '../conversation/index.js';
import { memberBalances } from './chat-balances.js';
import { EXPIRING_WINDOW_DAYS, expiringReply } from './domain/expiring-view.js';
import type { Ledger } from './service.js';

export function ledgerChat(ledger: Ledger): ChatModule {
  const commands: ChatCommand[] = [
    {
      name: 'points',
      keywords: { en: ['points', 'point', 'balance'], 'zh-TW': ['積分', '點數', '我的點數'] },
      plan: async (ctx) => ({ replies: [balanceReply(ctx.view, await memberBalances(ledger, member(ctx).id))] }),
    },
    {
      name: 'history',
      keywords: { en: ['history'], 'zh-TW': ['紀錄', '記錄', '點數紀錄'] },
      plan: async (ctx) => {
        const page = await ledger.history(member(ctx).id, { limit: 10 });
        return { replies: [historyReply(ctx.view, page.entries)] };
      },
    },
    {
      name: 'expiring',
      keywords: { en: ['expiring', 'expiry', 'expiring points'], 'zh-TW': ['即將到期', '到期', '點數到期'] },
      plan: async (ctx) => {
        const lots = await ledger.expiringLots(member(ctx).id, EXPIRING_WINDOW_DAYS);
        return { replies: [expiringReply(ctx.view, lots)] };
      },
    },
  ];
  return { commands };
}
