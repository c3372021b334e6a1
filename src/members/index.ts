// What other modules may use of members.
export { membersChat } from './chat.js';
export { sqlChatStore, sqlInboxStore } from './db/members-sql.js';
export { welcomeBonusAdminRoutes } from './http.js';
export { LinkingService } from './linking.js';
export { WelcomeBonusService } from './welcome-bonus.js';
