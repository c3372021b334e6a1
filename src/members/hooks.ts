import type { Channel } from '../kernel/channel.js';
import type { Statement } from '../kernel/database.js';

/**
 * What another part of the app writes in the same batch when a chat becomes a member's (registration, a link code
 * used in it, a member's chat followed again) or a member's chat leaves (unfollow). The LINE rich menus queue
 * their per-user link and unlink here (src/channels/line/rich-menu), so a LINE outage loses neither.
 */
export interface MemberChatHooks {
  joined(channel: Channel, userId: string, now: number): Statement[];
  left(channel: Channel, userId: string, now: number): Statement[];
}
