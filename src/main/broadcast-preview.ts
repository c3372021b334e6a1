// What the broadcast preview shows per channel: the same renderers the channels send with (LINE with the brand's
// templates when the runtime has them), applied to the broadcast's replies. Nothing is sent or stored.
import type { BroadcastPreviewRenderer } from '../broadcasts/index.js';
import { renderLineMessages } from '../channels/line/flex/render.js';
import type { LineRenderer } from '../channels/line/text-render.js';
import { renderText } from '../channels/whatsapp/render-text.js';
import { renderCloud } from '../channels/whatsapp-cloud/render.js';

export function broadcastPreviewRenderer(lineRenderer?: () => LineRenderer): BroadcastPreviewRenderer {
  let line: LineRenderer | undefined;
  const lineMessages: LineRenderer = (replies) => {
    line ??= lineRenderer?.() ?? ((r) => renderLineMessages(r));
    return line(replies);
  };
  return (replies, channel) => {
    switch (channel) {
      case 'line':
        return { messages: lineMessages(replies) };
      case 'wa_web':
        return renderText(replies);
      case 'wa_cloud':
        return renderCloud(replies);
      case 'simulator':
        // What the simulator page receives: the view models and the LINE messages it draws them from.
        return { replies, line: lineMessages(replies) };
    }
  };
}
