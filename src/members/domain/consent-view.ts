// The consent card, registration's last step: what we keep and why, the terms and the privacy policy as link
// buttons, Agree and Decline. A titled card with buttons, so it is drawn as the help card is on every channel
// (LINE: the help template's buttons; WhatsApp: the links listed, Agree/Decline numbered).

import { AGREE, DECLINE } from '../../conversation/domain/command-names.js';
import { postbackData } from '../../conversation/domain/intents.js';
import type { QuickReply, Reply } from '../../conversation/domain/replies.js';
import type { ViewContext } from '../../conversation/domain/views.js';
import { type MessageKey, t } from '../../kernel/i18n/catalog.js';

export const CONSENT_CARD = 'consent_card';

export function consentReply(ctx: ViewContext): Reply {
  const { language, brand } = ctx;
  const tap = (key: MessageKey, cmd: string): QuickReply => ({
    label: t(language, key),
    action: { type: 'postback', data: postbackData(cmd), displayText: t(language, key) },
  });
  const title = t(language, 'register.consent_title');
  const body = t(language, 'register.consent_body', { brand: brand.name });
  const terms: QuickReply = { label: t(language, 'qr.terms'), action: { type: 'uri', uri: brand.termsUrl } };
  const privacy: QuickReply = { label: t(language, 'qr.privacy'), action: { type: 'uri', uri: brand.privacyUrl } };
  const agree = tap('qr.agree', AGREE);
  const decline = tap('qr.decline', DECLINE);
  return {
    kind: 'help',
    language,
    title,
    body,
    actions: [terms, privacy, agree, decline],
    quickReplies: [agree, decline, terms, privacy],
    text: `${title}\n${body}\n${terms.label}: ${brand.termsUrl}\n${privacy.label}: ${brand.privacyUrl}`,
  };
}
