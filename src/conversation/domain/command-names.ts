// Commands that the engine and flows refer to by name; each is registered by a module's chat.ts like any other.

/** The help card (conversation/chat.ts); args: `note`, a catalogue key shown as its title. */
export const HELP = 'help';
/** Leave whatever flow is open (conversation/chat.ts). */
export const CANCEL = 'cancel';
/** Yes to a question (registration consent, a redemption). */
export const AGREE = 'agree';
/** Skip an optional question (the birthday). */
export const SKIP = 'skip';
/** The member can or cannot be reached on this chat (members/chat.ts); args: `reachable` = yes | no. */
export const REACHABLE = 'set_reachable';
/** The main buttons (conversation/chat.ts); args: `note`, a catalogue key shown as its title (a greeting). */
export const MENU = 'menu';
/** No to a question (a name to confirm, registration consent, a redemption). */
export const DECLINE = 'decline';
