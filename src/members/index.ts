// What other modules may use of members.

export type { CardSettings } from './card.js';
export { membersChat } from './chat.js';
export { sqlChatStore } from './db/members-sql.js';
export {
  looksLikeMemberCard,
  type ScannedMember,
  verifyCardToken,
  verifyMemberNumber,
} from './domain/member-number.js';
export type { MemberChatHooks } from './hooks.js';
export { welcomeBonusAdminRoutes } from './http.js';
export { LinkingService } from './linking.js';
export { WelcomeBonusService } from './welcome-bonus.js';
