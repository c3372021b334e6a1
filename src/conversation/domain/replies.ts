import type { Language } from '../../kernel/i18n/language.js';

/**
 * Channel-neutral replies. The conversation decides WHAT to say as view models; each channel adapter decides
 * HOW (LINE: Flex from flex-templates/ + quick replies; WhatsApp: text with numbered options; simulator: HTML).
 * Every reply carries `text`, a complete plain-text rendering (LINE altText, WhatsApp body, logs in tests).
 */
export type QuickReplyAction =
  | { readonly type: 'postback'; readonly data: string; readonly displayText?: string }
  | { readonly type: 'message'; readonly text: string }
  | { readonly type: 'uri'; readonly uri: string };

export interface QuickReply {
  readonly label: string;
  readonly action: QuickReplyAction;
}

export interface BalanceLine {
  readonly pointType: string;
  readonly name: string;
  readonly amount: number;
  /** e.g. "120 expire on 2026-12-31", or null. */
  readonly expiryNote: string | null;
}

export interface HistoryLine {
  readonly date: string;
  /** "+50" / "-150". */
  readonly delta: string;
  readonly positive: boolean;
  readonly pointTypeName: string;
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
        readonly lines: readonly string[];
        /** The last 7 local days, oldest first; `label` is the day of the month. */
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
