// The one place a real whatsapp-web.js Client is built (it launches Chromium). Everything else receives a
// WwebjsClient, so tests pass a fake with the library's own types.
import QRCode from 'qrcode';
import wwebjs from 'whatsapp-web.js';
import type { WwebjsClient } from '../channels/whatsapp-web/client.js';

export interface WhatsAppWebClientSettings {
  /** LocalAuth folder: the linked session survives restarts (no new QR). */
  readonly sessionDir: string;
  /** Debian's `chromium` package: /usr/bin/chromium. */
  readonly chromiumPath: string;
}

export function createWhatsAppWebClient(s: WhatsAppWebClientSettings): WwebjsClient {
  return new wwebjs.Client({
    authStrategy: new wwebjs.LocalAuth({ dataPath: s.sessionDir }),
    puppeteer: {
      headless: true,
      executablePath: s.chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-setuid-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
      ],
    },
  });
}

/** Prints a scannable QR code in the terminal (small: two rows per character). */
export async function printQrToTerminal(qr: string, out: (s: string) => void = console.log): Promise<void> {
  const art = await QRCode.toString(qr, { type: 'terminal', small: true });
  out(`Scan this with WhatsApp (Settings > Linked devices > Link a device):\n${art}`);
}
