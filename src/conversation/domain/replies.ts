import type { Language } from '../../kernel/i18n/language.js';

/**
 * Channel-neutral replies. The conversation decides WHAT to say as view models; each channel adapter decides
 * HOW (LINE: Flex from flex-templates/ + quick replies; WhatsApp: text with numbered options; simulator: HTML).
 * Every reply carries `text`, a complete plain-text rendering (LINE altText, WhatsApp body, logs in tests).
 */
export type QuickReplyAction =
  | { readonly type: 'postback'; readonly data: string; readonly displayText?: string }
  | { readonly type: 'message'; readonly text: string }
  | { readonly type: 'uri'; readonly uri: string }
  /**
   * A date picker (LINE's datetimepicker, mode date): the pick comes back as a postback with `data` and
   * `params.date` (YYYY-MM-DD). Channels without one leave it out; the member types the date instead.
   */
  | {
      readonly type: 'datepicker';
      readonly data: string;
      readonly initial?: string;
      readonly min?: string;
      readonly max?: string;
    };

export interface QuickReply {
  readonly label: string;
  readonly action: QuickReplyAction;
}

export interface BalanceLine {
  readonly pointType: string;
  readonly name: string;
  readonly amount: number;
  /** The point type's unit word for `amount`: "點", "points", "stamp". */
  readonly unit: string;
  /** e.g. "120 points expire on 2026-12-31", or null. */
  readonly expiryNote: string | null;
}

export interface HistoryLine {
  readonly date: string;
  /** "+50" / "-150". */
  readonly delta: string;
  readonly positive: boolean;
  readonly pointTypeName: string;
  /** The point type's unit word for the delta: "點", "points", "stamp". */
  readonly unit: string;
  readonly description: string;
}

/**
 * A pre-approved WhatsApp message template (Cloud API): what is sent instead when the member's 24-hour window is
 * closed and free-form messages are refused. Body parameters fill {{1}}, {{2}}... in order.
 */
export interface WhatsAppTemplateRef {
  readonly name: string;
  /** The template's language code as registered with Meta, e.g. zh_TW, en_US. */
  readonly language: string;
  readonly parameters: readonly string[];
}

interface ReplyBase {
  readonly text: string;
  /** Broadcasts only: the template the Cloud API sends outside the 24-hour window. */
  readonly whatsappTemplate?: WhatsAppTemplateRef;
  readonly quickReplies?: readonly QuickReply[];
  readonly language: Language;
}

export type Reply = ReplyBase &
  (
    | { readonly kind: 'text' }
    | { readonly kind: 'welcome'; readonly title: string; readonly body: string }
    | { readonly kind: 'help'; readonly title: string; readonly body: string; readonly actions: readonly QuickReply[] }
    | {
        readonly kind: 'card';
        readonly title: string;
        readonly memberName: string;
        /** The static member code; null when the brand does not show it (CARD_SHOWS_MEMBER_CODE=false). */
        readonly memberCode: string | null;
        readonly memberSince: string;
        /** Absolute URL of the QR PNG of the rotating member token (signed, 5 minutes, no personal data). */
        readonly qrUrl: string;
        /** The numeric form of the rotating token, in groups of 4 digits, for a POS to type or scan. */
        readonly tokenCode: string;
        /** "At the till: scan the QR or type ... Valid until 10:05". */
        readonly tokenNote: string;
        readonly balances: readonly BalanceLine[];
        readonly labels: { readonly code: string; readonly since: string };
      }
    | {
        readonly kind: 'balance';
        readonly title: string;
        readonly balances: readonly BalanceLine[];
        readonly emptyNote: string | null;
      }
    | {
        readonly kind: 'history';
        readonly title: string;
        readonly lines: readonly HistoryLine[];
        readonly emptyNote: string | null;
      }
    | {
        readonly kind: 'checkin';
        readonly title: string;
        /** "+10 Bonus points for checking in today!" or "already checked in". */
        readonly headline: string;
        /** Checked in before today's message: the headline is news, not a success. */
        readonly already: boolean;
        readonly lines: readonly string[];
        /** The streak's days toward the next bonus, first to bonus day; `label` is the day of the streak. */
        readonly strip: readonly { readonly label: string; readonly checked: boolean; readonly today: boolean }[];
      }
    | {
        readonly kind: 'giveaways';
        readonly title: string;
        readonly items: readonly ListItem[];
        readonly emptyNote: string | null;
      }
    | {
        readonly kind: 'catalog';
        readonly title: string;
        /** At most 12 per page (a LINE carousel). */
        readonly items: readonly ListItem[];
        /** "You have 150 Bonus points": the member's balance of the page's point types, or null. */
        readonly balanceNote: string | null;
        readonly emptyNote: string | null;
        readonly nextPage: QuickReply | null;
      }
    | {
        readonly kind: 'confirm';
        readonly title: string;
        readonly body: string;
        readonly confirm: QuickReply;
        readonly cancel: QuickReply;
      }
    | {
        readonly kind: 'coupon';
        readonly title: string;
        readonly code: string;
        readonly qrUrl: string;
        readonly status: string;
        readonly validUntil: string | null;
        readonly usable: boolean;
        /** How to use it ("Show this screen at the counter"), while it is usable. */
        readonly howTo: string | null;
      }
    | {
        readonly kind: 'coupons';
        readonly title: string;
        readonly items: readonly ListItem[];
        readonly emptyNote: string | null;
      }
    | {
        /** A brand's broadcast (a campaign, a flash giveaway). Build it with announcementReply (announcement.ts). */
        readonly kind: 'announcement';
        readonly title: string;
        readonly body: string;
        /** An https:// image shown above the text, or null. */
        readonly imageUrl: string | null;
        /** The one button (e.g. claim the giveaway: a postback), or null. */
        readonly action: QuickReply | null;
      }
    | {
        /** What a store purchase or refund did to the member's points (src/purchases/domain/notice.ts). */
        readonly kind: 'receipt';
        readonly title: string;
        /** The store's name in the member's language. */
        readonly store: string;
        /** Amount, points earned or taken back, the multiplier, points that paid: label and value. */
        readonly rows: readonly { readonly label: string; readonly value: string; readonly emphasis: boolean }[];
        readonly balanceLabel: string;
        /** The balance as the committing batch left it ("1,250"). */
        readonly balance: string;
      }
  );

/** One entry of a list or carousel (a giveaway, a catalogue item, a coupon). */
export interface ListItem {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly detail: string;
  readonly imageUrl: string | null;
  /** The entry's action (claim, redeem, show); null when there is nothing to do. */
  readonly action: QuickReply | null;
}

export type ReplyKind = Reply['kind'];
