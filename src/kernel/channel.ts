/** The chat platforms a member can reach us on. Each identity is scoped to one of them. */
export const CHANNELS = ['line', 'wa_web', 'wa_cloud', 'simulator'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface InboundProfile {
  readonly displayName?: string;
  /** BCP-47 as the platform gives it ('zh-TW', 'en', 'ja'...). */
  readonly language?: string;
}

interface InboundBase {
  readonly channel: Channel;
  /** The platform's id of the user, scoped to the channel (LINE userId, WhatsApp chat id...). */
  readonly userId: string;
  /** Unique per event on its channel; redeliveries repeat it (LINE webhookEventId, WhatsApp message id). */
  readonly eventId: string;
  readonly occurredAt: number;
  /** A platform handle to answer this event directly (LINE reply token); single use, short-lived. */
  readonly replyToken?: string;
}

/** What every channel adapter turns its platform events into. */
export type InboundEvent = InboundBase &
  (
    | { readonly type: 'text'; readonly text: string }
    | {
        readonly type: 'postback';
        readonly data: string;
        /** What a picker returned beside the data (LINE datetimepicker: `date`, `time` or `datetime`). */
        readonly params?: Readonly<Record<string, string>>;
      }
    | { readonly type: 'follow' }
    | { readonly type: 'unfollow' }
    /** A message we cannot read (sticker, location, voice...): answered with help, never dropped. */
    | { readonly type: 'unsupported'; readonly what: string }
  );

export type InboundEventType = InboundEvent['type'];
