// The Graph API's message bodies as the Cloud API channel sends them.
import type { WhatsAppTemplateRef } from '../../conversation/domain/replies.js';

/** A Graph API message body without `messaging_product`, `recipient_type` and `to` (the sender adds them). */
export type GraphMessage =
  | { readonly type: 'text'; readonly text: { readonly body: string; readonly preview_url: boolean } }
  | { readonly type: 'image'; readonly image: { readonly link: string; readonly caption?: string } }
  | { readonly type: 'interactive'; readonly interactive: Interactive }
  | {
      readonly type: 'template';
      readonly template: {
        readonly name: string;
        readonly language: { readonly code: string };
        readonly components?: readonly {
          readonly type: 'body';
          readonly parameters: readonly { readonly type: 'text'; readonly text: string }[];
        }[];
      };
    };

export type Interactive =
  | {
      readonly type: 'button';
      /** An image above the body (an announcement's picture). */
      readonly header?: { readonly type: 'image'; readonly image: { readonly link: string } };
      readonly body: { readonly text: string };
      readonly action: { readonly buttons: readonly { type: 'reply'; reply: { id: string; title: string } }[] };
    }
  | {
      readonly type: 'list';
      readonly body: { readonly text: string };
      readonly action: {
        readonly button: string;
        readonly sections: readonly {
          title?: string;
          rows: readonly { id: string; title: string; description?: string }[];
        }[];
      };
    };

/** A template message (the only kind allowed outside the 24-hour window). */
export function templateMessage(t: WhatsAppTemplateRef): GraphMessage {
  return {
    type: 'template',
    template: {
      name: t.name,
      language: { code: t.language },
      ...(t.parameters.length > 0 && {
        components: [{ type: 'body', parameters: t.parameters.map((text) => ({ type: 'text', text })) }],
      }),
    },
  };
}
