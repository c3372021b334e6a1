// The simulator page: one self-contained HTML document (inline CSS and JS, no CDN, no build step). All text from
// the server is inserted with textContent, never as HTML. The stylesheet, the Flex renderer and the chat script
// live in page-css.ts, page-flex.ts and page-chat.ts.
import { CHAT_SCRIPT } from './page-chat.js';
import { PAGE_CSS } from './page-css.js';
import { FLEX_SCRIPT } from './page-flex.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** `warning`: shown on top of the chat (the simulator is reachable from beyond this machine). */
export function simulatorPage(o: { warning?: string } = {}): string {
  const warning = o.warning ? `<div id="exposed-warning" role="alert">${escapeHtml(o.warning)}</div>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>pointloop simulator</title>
<style>${PAGE_CSS}</style></head><body>
<aside id="side"><h1>pointloop simulator</h1><small>Act as members. Same conversation and ledger as LINE.</small>
<div id="members"></div>
<input id="newName" placeholder="Member name" value="Amy" aria-label="Member name">
<select id="newLang" aria-label="Language"><option value="zh-TW">繁體中文</option><option value="en">English</option></select>
<button id="add">Add member</button>
<small>Preview a design: paste a bubble or carousel as LINE's Flex Message Simulator exports it.</small>
<textarea id="flex-json" rows="6" spellcheck="false" aria-label="Flex JSON" placeholder='{"type":"bubble", ...}'></textarea>
<button id="preview" type="button">Draw Flex</button><div id="paste-error" role="status"></div></aside>
<main id="chat">${warning}<div id="title">No member yet: add one</div><div id="log" aria-live="polite"></div><div id="quick"></div>
<form id="composer"><input id="text" autocomplete="off" placeholder="Type a message" aria-label="Message"><button id="send" type="submit">Send</button></form>
<button id="menu-toggle" type="button" hidden></button><div id="rich-menu" hidden></div></main>
<script>${FLEX_SCRIPT}</script>
<script>${CHAT_SCRIPT}</script></body></html>`;
}
