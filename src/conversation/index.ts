// What other modules may use of conversation.
export { conversationChat } from './chat.js';
export { sqlStateStore } from './db/state-sql.js';
export type { ProfileSource, QrLinks } from './ports.js';
export type { ChatCommand, ChatModule, CommandResult, TurnContext } from './registry.js';
export { ChatRegistry, memberOf, memberOf as member } from './registry.js';
export { ChatService } from './turn.js';
