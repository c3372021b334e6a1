// LINE Messaging API limits (https://developers.line.biz/en/reference/messaging-api/) that the renderer keeps.
// Lengths are counted in UTF-16 code units, which is never fewer than LINE's "characters", so a value within
// these limits is within LINE's whatever way it counts.

export const LINE_LIMITS = {
  messagesPerCall: 5,
  textLength: 5000,
  altTextLength: 1500,
  quickReplyItems: 13,
  actionLabelLength: 20,
  postbackDataLength: 300,
  displayTextLength: 300,
  messageActionTextLength: 300,
  uriLength: 1000,
  imageUrlLength: 2000,
  carouselBubbles: 12,
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
} as const;

/** `text` cut to at most `max` UTF-16 units without splitting a surrogate pair; an ellipsis marks a cut. */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - ellipsis.length);
  let end = room;
  // Never leave half of a surrogate pair at the end.
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${ellipsis}`.slice(0, max);
}

/** UTF-8 size of a JSON value as it is sent. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** Messages in groups of at most 5, the most one reply or push call may carry. Order is kept. */
export function chunkMessages<T>(messages: readonly T[], size: number = LINE_LIMITS.messagesPerCall): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < messages.length; i += size) chunks.push(messages.slice(i, i + size));
  return chunks;
}
