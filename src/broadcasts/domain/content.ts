import { z } from 'zod';
import { postbackData } from '../../conversation/domain/intents.js';
import type { QuickReply, Reply } from '../../conversation/domain/replies.js';
import type { Channel } from '../../kernel/channel.js';
import type { Language } from '../../kernel/i18n/language.js';
import { announcementReply } from './announcement.js';

const https = z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).max(2000);

const button = z.union([
  z.object({
    label: z.string().trim().min(1).max(20),
    /** Claims this giveaway when tapped (the member's usual claim flow and limits apply). */
    claimGiveaway: z.string().regex(/^[A-Z0-9_-]{1,32}$/),
  }),
  z.object({
    label: z.string().trim().min(1).max(20),
    /** Opens this catalogue item's redeem step when tapped (the usual confirmation and limits apply). */
    redeemItem: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  }),
  z.object({ label: z.string().trim().min(1).max(20), uri: https }),
]);
export type BroadcastButton = z.output<typeof button>;

/** The giveaways and catalogue items a content's buttons name (every language's message). */
export function contentReferences(content: BroadcastContent): { giveaways: string[]; items: string[] } {
  const messages = [content.default, ...Object.values(content.byLanguage ?? {})];
  const buttons = messages.flatMap((m) => (m?.type === 'announcement' && m.button ? [m.button] : []));
  const unique = (xs: string[]) => [...new Set(xs)];
  return {
    giveaways: unique(buttons.flatMap((b) => ('claimGiveaway' in b ? [b.claimGiveaway] : []))),
    items: unique(buttons.flatMap((b) => ('redeemItem' in b ? [b.redeemItem] : []))),
  };
}

function buttonAction(b: BroadcastButton, broadcastId: string): QuickReply {
  if ('claimGiveaway' in b) {
    return {
      label: b.label,
      action: {
        type: 'postback',
        // One tap id per broadcast: tapping the same card twice claims once.
        data: postbackData('claim', { g: b.claimGiveaway, n: `bc-${broadcastId}` }),
        displayText: b.label,
      },
    };
  }
  if ('redeemItem' in b) {
    return {
      label: b.label,
      action: { type: 'postback', data: postbackData('choose', { item: b.redeemItem }), displayText: b.label },
    };
  }
  return { label: b.label, action: { type: 'uri', uri: b.uri } };
}

export const broadcastMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(2000) }),
  z.object({
    type: z.literal('announcement'),
    title: z.string().trim().min(1).max(60),
    body: z.string().trim().min(1).max(1000),
    imageUrl: https.optional(),
    button: button.optional(),
  }),
]);
export type BroadcastMessage = z.output<typeof broadcastMessageSchema>;

/**
 * What a broadcast says: a message (text, or the announcement Flex template with parameters), optionally in each
 * language (members get theirs, else `default`), and the plain text WhatsApp members get instead (outside
 * LINE a Flex card does not exist; without it they get the announcement rendered as text).
 */
export const broadcastContentSchema = z.object({
  default: broadcastMessageSchema,
  byLanguage: z.partialRecord(z.enum(['zh-TW', 'en']), broadcastMessageSchema).optional(),
  whatsappText: z.string().trim().min(1).max(2000).optional(),
  /**
   * WhatsApp Cloud API members whose 24-hour window is closed get this approved template instead (without it they
   * cannot be reached, and count as failed with outside_24h_window).
   */
  whatsappTemplate: z
    .object({
      name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'a template name: lower-case letters, digits and _'),
      language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a template language code such as zh_TW or en_US'),
      parameters: z.array(z.string().min(1).max(1024)).max(10).default([]),
    })
    .optional(),
});
export type BroadcastContent = z.output<typeof broadcastContentSchema>;

/** The replies one member gets: their language's message on their channel. */
export function broadcastReplies(
  content: BroadcastContent,
  language: Language,
  channel: Channel,
  broadcastId: string,
): Reply[] {
  const template =
    channel === 'wa_cloud' && content.whatsappTemplate ? { whatsappTemplate: content.whatsappTemplate } : {};
  if (channel !== 'line' && channel !== 'simulator' && content.whatsappText) {
    return [{ kind: 'text', text: content.whatsappText, language, ...template }];
  }
  const m = content.byLanguage?.[language] ?? content.default;
  if (m.type === 'text') return [{ kind: 'text', text: m.text, language, ...template }];
  const action = m.button ? buttonAction(m.button, broadcastId) : null;
  return [announcementReply({ title: m.title, body: m.body, imageUrl: m.imageUrl ?? null, action, language })];
}
