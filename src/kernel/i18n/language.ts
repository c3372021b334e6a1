/** The languages members are spoken to in; the message catalogue has every key in each. */
export const LANGUAGES = ['zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
