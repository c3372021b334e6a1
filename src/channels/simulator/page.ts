// The simulator page: one self-contained HTML document (inline CSS and JS, no CDN, no build step). All text from
// the server is inserted with textContent, never as HTML.

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** `warning`: shown on top of the chat (the simulator is reachable from beyond this machine). */
export function simulatorPage(o: { warning?: string } = {}): string {
  const warning = o.warning ? `<div id="exposed-warning" role="alert">${escapeHtml(o.warning)}</div>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>pointloop simulator</title>
<style>
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"Noto Sans TC","Helvetica Neue",Arial,sans-serif;background:#e9edf2;height:100vh;display:flex}
#side{width:240px;background:#1f2a37;color:#fff;padding:12px;display:flex;flex-direction:column;gap:8px}
#side h1{font-size:16px;margin:4px 0 8px}#side small{color:#9aa8b6}
.member{padding:8px 10px;border-radius:8px;cursor:pointer;background:#2c3a4a}.member.active{background:#06c755;color:#fff}
#side input,#side select{width:100%;padding:6px;border-radius:6px;border:0}
#side button{padding:7px;border:0;border-radius:6px;background:#06c755;color:#fff;font-weight:600;cursor:pointer}
#chat{flex:1;display:flex;flex-direction:column;max-width:560px;margin:0 auto;background:#8cabd9}
#title{background:#273246;color:#fff;padding:12px 16px;font-weight:600}
#exposed-warning{background:#b42318;color:#fff;padding:10px 16px;font-size:14px;line-height:1.4;font-weight:600}
#log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}
.row{display:flex}.row.me{justify-content:flex-end}
.bubble-text{max-width:78%;padding:8px 12px;border-radius:16px;white-space:pre-wrap;word-break:break-word;font-size:14px;line-height:1.4}
.bot .bubble-text{background:#fff}.me .bubble-text{background:#06c755;color:#fff}
.carousel{display:flex;gap:8px;overflow-x:auto;max-width:100%;padding-bottom:4px}
.flex-bubble{background:#fff;border-radius:16px;overflow:hidden;min-width:240px;max-width:300px;flex:0 0 auto;display:flex;flex-direction:column}
.flex-bubble.kilo{max-width:260px}.flex-bubble.mega{max-width:300px}
.fx-box{display:flex;min-width:0}.fx-text{min-width:0;font-size:14px}.fx-img{display:block;width:100%;object-fit:cover;background:#eee}
.fx-btn{border:0;border-radius:8px;padding:9px;font-size:14px;cursor:pointer;width:100%}
.fx-btn.primary{background:#06c755;color:#fff}.fx-btn.secondary{background:#eef0f3;color:#111}.fx-btn.link{background:none;color:#2860c9}
.fx-sep{border:0;border-top:1px solid #e5e7eb;margin:0;width:100%}
#quick{display:flex;gap:6px;overflow-x:auto;padding:6px 10px;min-height:44px;background:#7a9ccf}
.chip{flex:0 0 auto;border:1px solid #fff;background:rgba(255,255,255,.92);border-radius:16px;padding:6px 12px;font-size:13px;cursor:pointer}
#composer{display:flex;gap:6px;padding:8px;background:#fff}#composer input{flex:1;padding:10px;border:1px solid #ccd;border-radius:18px}
#composer button{border:0;background:#06c755;color:#fff;border-radius:18px;padding:0 16px;font-weight:600;cursor:pointer}
</style></head><body>
<aside id="side"><h1>pointloop simulator</h1><small>Act as members. Same conversation and ledger as LINE.</small>
<div id="members"></div>
<input id="newName" placeholder="Member name" value="Amy" aria-label="Member name">
<select id="newLang" aria-label="Language"><option value="zh-TW">繁體中文</option><option value="en">English</option></select>
<button id="add">Add member</button></aside>
<main id="chat">${warning}<div id="title">No member yet: add one</div><div id="log" aria-live="polite"></div><div id="quick"></div>
<form id="composer"><input id="text" autocomplete="off" placeholder="Type a message" aria-label="Message"><button id="send" type="submit">Send</button></form></main>
<script>
(() => {
  const token = new URLSearchParams(location.search).get('token');
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) };
  const state = JSON.parse(localStorage.getItem('pointloop-sim') || '{"members":[],"current":null}');
  const logs = {};
  const save = () => localStorage.setItem('pointloop-sim', JSON.stringify(state));
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };
  const SIZES = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
  const SPACE = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  const px = (v) => v == null ? undefined : (SPACE[v] != null ? SPACE[v] + 'px' : SIZES[v] != null ? SIZES[v] + 'px' : v);

  function act(action) {
    if (!action) return;
    if (action.type === 'postback') send({ type: 'postback', data: action.data }, action.displayText || action.label);
    else if (action.type === 'message') send({ type: 'text', text: action.text }, action.text);
    else if (action.type === 'uri') window.open(action.uri, '_blank', 'noopener');
  }

  function box(c) {
    const e = el('div', 'fx-box');
    e.style.flexDirection = c.layout === 'vertical' ? 'column' : 'row';
    if (c.layout === 'baseline') e.style.alignItems = 'baseline';
    e.style.gap = px(c.spacing) || '0';
    for (const k of ['margin', 'paddingAll', 'paddingTop', 'paddingBottom', 'paddingStart', 'paddingEnd']) {
      if (c[k]) e.style[k === 'paddingAll' ? 'padding' : k.replace('Start', 'Left').replace('End', 'Right')] = px(c[k]);
    }
    if (c.backgroundColor) e.style.background = c.backgroundColor;
    if (c.cornerRadius) e.style.borderRadius = px(c.cornerRadius);
    if (c.borderColor) e.style.border = '1px solid ' + c.borderColor;
    if (c.width) e.style.width = c.width; if (c.height) e.style.height = c.height;
    if (c.justifyContent) e.style.justifyContent = c.justifyContent; if (c.alignItems) e.style.alignItems = c.alignItems;
    for (const child of c.contents || []) e.append(comp(child, c.layout));
    if (c.action) { e.style.cursor = 'pointer'; e.onclick = () => act(c.action); }
    return e;
  }

  function comp(c, parentLayout) {
    let e;
    switch (c.type) {
      case 'box': e = box(c); break;
      case 'text': {
        e = el('div', 'fx-text');
        if (c.contents && c.contents.length) for (const s of c.contents) e.append(comp(s)); else e.textContent = c.text || '';
        e.style.fontSize = px(c.size) || '14px'; if (c.weight === 'bold') e.style.fontWeight = '700';
        if (c.color) e.style.color = c.color; if (c.align) e.style.textAlign = c.align === 'start' ? 'left' : c.align === 'end' ? 'right' : 'center';
        e.style.whiteSpace = c.wrap ? 'pre-wrap' : 'nowrap'; if (!c.wrap) { e.style.overflow = 'hidden'; e.style.textOverflow = 'ellipsis'; }
        if (c.decoration === 'line-through') e.style.textDecoration = 'line-through';
        break;
      }
      case 'span': e = el('span', '', c.text || ''); if (c.color) e.style.color = c.color; if (c.weight === 'bold') e.style.fontWeight = '700'; if (c.size) e.style.fontSize = px(c.size); break;
      case 'image': {
        e = el('img', 'fx-img'); e.src = c.url; e.alt = '';
        const r = (c.aspectRatio || '1:1').split(':'); e.style.aspectRatio = r[0] + '/' + r[1];
        if (c.size && c.size !== 'full') e.style.width = px(c.size) || c.size;
        if (c.aspectMode === 'fit') e.style.objectFit = 'contain';
        if (c.action) { e.style.cursor = 'pointer'; e.onclick = () => act(c.action); }
        break;
      }
      case 'icon': e = el('img'); e.src = c.url; e.alt = ''; e.style.width = e.style.height = px(c.size) || '16px'; break;
      case 'button': e = el('button', 'fx-btn ' + (c.style || 'link'), (c.action && c.action.label) || ''); if (c.color && c.style !== 'link') e.style.background = c.color; e.onclick = () => act(c.action); break;
      case 'separator': e = el('hr', 'fx-sep'); if (c.color) e.style.borderTopColor = c.color; break;
      case 'spacer': e = el('div'); e.style.height = px(c.size) || '8px'; break;
      case 'filler': e = el('div'); e.style.flex = '1'; break;
      default: e = el('div', '', '[' + c.type + ']');
    }
    if (c.margin && e.style) e.style.marginTop = parentLayout === 'vertical' || !parentLayout ? px(c.margin) : '';
    if (c.flex != null && e.style) e.style.flex = String(c.flex);
    else if (parentLayout && parentLayout !== 'vertical' && c.type !== 'separator' && e.style) e.style.flex = '1 1 0';
    return e;
  }

  function bubble(b) {
    const e = el('div', 'flex-bubble ' + (b.size || 'mega'));
    for (const part of ['header', 'hero', 'body', 'footer']) {
      if (!b[part]) continue;
      const p = comp(b[part], 'vertical');
      if (part !== 'hero' && b[part].type === 'box' && !b[part].paddingAll) p.style.padding = '16px';
      const style = b.styles && b.styles[part];
      if (style && style.backgroundColor) p.style.background = style.backgroundColor;
      e.append(p);
    }
    return e;
  }

  function renderMessage(m) {
    const row = el('div', 'row bot');
    if (m.type === 'text') row.append(el('div', 'bubble-text', m.text));
    else if (m.type === 'flex') {
      if (m.contents.type === 'carousel') { const c = el('div', 'carousel'); for (const b of m.contents.contents) c.append(bubble(b)); row.append(c); }
      else row.append(bubble(m.contents));
      row.dataset.alt = m.altText;
    } else if (m.type === 'image') { const i = el('img'); i.src = m.originalContentUrl; i.style.maxWidth = '200px'; row.append(i); }
    else row.append(el('div', 'bubble-text', '[' + m.type + ']'));
    return row;
  }

  function setQuick(items) {
    const q = $('quick'); q.replaceChildren();
    for (const it of items || []) { const b = el('button', 'chip', it.action.label); b.type = 'button'; b.onclick = () => act(it.action); q.append(b); }
  }

  function draw() {
    const list = $('members'); list.replaceChildren();
    for (const m of state.members) {
      const d = el('div', 'member' + (m.userId === state.current ? ' active' : ''), m.name);
      d.onclick = () => { state.current = m.userId; save(); draw(); };
      list.append(d);
    }
    const cur = state.members.find((m) => m.userId === state.current);
    $('title').textContent = cur ? cur.name + ' (' + cur.userId + ')' : 'No member yet: add one';
    const log = $('log'); log.replaceChildren(...(logs[state.current] || []));
    log.scrollTop = log.scrollHeight;
    setQuick(cur && cur.quick);
  }

  async function send(body, echo) {
    const cur = state.members.find((m) => m.userId === state.current);
    if (!cur) return;
    const log = (logs[cur.userId] ||= []);
    if (echo) { const r = el('div', 'row me'); r.append(el('div', 'bubble-text', echo)); log.push(r); }
    draw();
    const res = await fetch('/simulator/api/events', { method: 'POST', headers, body: JSON.stringify({ userId: cur.userId, ...body }) });
    const json = await res.json();
    if (!res.ok) { log.push(el('div', 'row bot', 'Error: ' + (json.error || res.status))); draw(); return; }
    for (const batch of json.messages) {
      for (const m of batch.line) log.push(renderMessage(m));
      const last = batch.line[batch.line.length - 1];
      cur.quick = last && last.quickReply ? last.quickReply.items : [];
    }
    save(); draw();
  }

  $('add').onclick = () => {
    const name = $('newName').value.trim() || 'Member';
    const userId = 'sim-' + Math.random().toString(36).slice(2, 10);
    state.members.push({ userId, name, quick: [] });
    state.current = userId; save(); draw();
    send({ type: 'follow', displayName: name, language: $('newLang').value });
  };
  $('composer').onsubmit = (e) => { e.preventDefault(); const t = $('text').value.trim(); if (!t) return; $('text').value = ''; send({ type: 'text', text: t }, t); };
  draw();
})();
</script></body></html>`;
}
