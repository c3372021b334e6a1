// The chat: every module's commands and flows in one registry, and the turn that runs them.

import type { CheckinService } from '../checkin/index.js';
import { checkinChat } from '../checkin/index.js';
import type { ProfileSource, QrLinks } from '../conversation/index.js';
import { ChatRegistry, ChatService, conversationChat, sqlStateStore } from '../conversation/index.js';
import type { CouponService } from '../coupons/index.js';
import { couponsChat } from '../coupons/index.js';
import { type EarnService, earnChat } from '../earn/index.js';
import type { GiveawayService } from '../giveaways/index.js';
import { giveawaysChat } from '../giveaways/index.js';
import type { InboxStore } from '../inbox/index.js';
import type { Channel } from '../kernel/channel.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import { randomIds } from '../kernel/ids.js';
import type { Logger } from '../kernel/logger.js';
import { type Ledger, ledgerChat } from '../ledger/index.js';
import { startOnboarding } from '../members/domain/registration-flow.js';
import type { MemberChatHooks, WelcomeBonusService } from '../members/index.js';
import { LinkingService, membersChat, sqlChatStore } from '../members/index.js';
import type { AppConfig } from './config.js';

export interface ChatParts {
  readonly config: AppConfig;
  readonly db: Database;
  readonly clock: Clock;
  readonly qr: QrLinks;
  readonly profiles: Partial<Record<Channel, ProfileSource>>;
  readonly inbox: InboxStore;
  readonly ledger: Ledger;
  readonly checkin: CheckinService;
  readonly giveaways: GiveawayService;
  readonly coupons: CouponService;
  readonly earn: EarnService;
  readonly welcomeBonus: WelcomeBonusService;
  /** Written with registrations, links and unfollows (the LINE rich menu links). */
  readonly memberChatHooks?: MemberChatHooks;
  /** Each turn's line (src/conversation/turn-log.ts). */
  readonly log?: Logger;
}

/** Every chat module, in the order help lists them. */
export function chatRegistry(p: Omit<ChatParts, 'profiles'>): ChatRegistry {
  const members = sqlChatStore(p.db);
  return new ChatRegistry({
    startOnboarding,
    modules: [
      conversationChat,
      membersChat({
        members,
        ledger: p.ledger,
        welcomeBonus: () => p.welcomeBonus.get(),
        qr: p.qr,
        card: { tokenSecret: p.config.memberTokenSecret, showMemberCode: p.config.CARD_SHOWS_MEMBER_CODE },
        ids: randomIds,
        timeZone: p.config.PROGRAM_TIMEZONE,
        consentVersion: p.config.CONSENT_VERSION,
        ...(p.memberChatHooks && { hooks: p.memberChatHooks }),
        linking: new LinkingService(members, p.clock, {
          maxWrongPerMinute: p.config.LINK_MAX_WRONG_PER_MINUTE,
          outbox: p.inbox,
        }),
      }),
      ledgerChat(p.ledger),
      checkinChat(p.checkin),
      giveawaysChat(p.giveaways),
      couponsChat({ coupons: p.coupons, ledger: p.ledger, qr: p.qr, clock: p.clock }),
      earnChat(p.earn),
    ],
  });
}

export function composeChat(p: ChatParts): ChatService {
  const c = p.config;
  return new ChatService({
    db: p.db,
    members: sqlChatStore(p.db),
    states: sqlStateStore(p.db),
    inbox: p.inbox,
    registry: chatRegistry(p),
    pointTypes: () => p.ledger.pointTypes(),
    clock: p.clock,
    profiles: p.profiles,
    log: p.log,
    config: {
      timeZone: c.PROGRAM_TIMEZONE,
      defaultLanguage: c.DEFAULT_LANGUAGE,
      brand: { name: c.BRAND_NAME, termsUrl: c.TERMS_URL, privacyUrl: c.PRIVACY_URL },
    },
  });
}
