import type { Context, Hono } from 'hono';
import QRCode from 'qrcode';
import type { AdminAuthenticate } from '../../http/admin-router.js';
import type { RouteModule } from '../../http/app.js';
import { bearerToken } from '../../http/auth.js';
import type { SessionState } from './session.js';

export interface QrStatusSource {
  status(): { state: SessionState; qr: string | null };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/**
 * GET /admin/whatsapp/qr: the QR code that links the WhatsApp Web session, as an HTML page (it refreshes itself:
 * WhatsApp rotates the code), and GET /admin/whatsapp/qr.png: the bare image. Owners only (ADMIN_TOKEN or an
 * owner admin token): whoever scans it controls the brand's WhatsApp number.
 */
export function whatsappWebQrRoutes(o: { authenticate: AdminAuthenticate; source: QrStatusSource }): RouteModule {
  const authorized = async (c: Context) => {
    const token = bearerToken(c.req.header('authorization'));
    return token !== undefined && (await o.authenticate(token))?.role === 'owner';
  };
  const unauthorized = (c: Context) =>
    c.json({ error: 'unauthorized', message: 'admin bearer token required' }, 401, { 'cache-control': 'no-store' });

  return (app: Hono) => {
    app.get('/admin/whatsapp/qr.png', async (c) => {
      if (!(await authorized(c))) return unauthorized(c);
      const { qr, state } = o.source.status();
      if (!qr) return c.json({ error: 'no_qr', state }, 404, { 'cache-control': 'no-store' });
      const png = await QRCode.toBuffer(qr, { type: 'png', margin: 2, width: 320 });
      return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
    });
    app.get('/admin/whatsapp/qr', async (c) => {
      if (!(await authorized(c))) return unauthorized(c);
      const { qr, state } = o.source.status();
      const body = qr
        ? `<p>Open WhatsApp on the phone &rarr; Linked devices &rarr; Link a device, and scan:</p>
<img alt="WhatsApp Web QR code" width="320" height="320" src="${await QRCode.toDataURL(qr, { margin: 2, width: 320 })}">`
        : state === 'ready'
          ? '<p>Connected: the WhatsApp Web session is linked and ready.</p>'
          : `<p>No QR code right now (state: ${escapeHtml(state)}). This page refreshes itself.</p>`;
      return c.html(
        `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
<title>WhatsApp Web link</title></head><body style="font-family:sans-serif;text-align:center">
<h1>WhatsApp Web</h1><p>State: <b>${escapeHtml(state)}</b></p>${body}</body></html>`,
        200,
        { 'cache-control': 'no-store' },
      );
    });
  };
}
