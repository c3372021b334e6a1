// The simulator page's chat (client-side JavaScript, inlined by page.ts after the Flex renderer): members, sending,
// the conversation read back from the database (GET /simulator/api/conversation) on load and on switching member,
// pushes as they come (server-sent events, GET /simulator/api/stream), the "paste a Flex JSON" preview and the rich
// menu under the chat (GET /simulator/api/rich-menu). Server text goes in with textContent only.

export const CHAT_SCRIPT = String.raw`
(() => {
  const token = new URLSearchParams(location.search).get('token');
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) };
  const withToken = (url) => token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url;
  const state = JSON.parse(localStorage.getItem('pointloop-sim') || '{"members":[],"current":null}');
  // Per member: the drawn rows, the outbox ids drawn (a reply comes with the POST's answer AND on the stream), the
  // highest outbox id seen (where the stream resumes) and the quick replies of the last bot message.
  const logs = {}, seen = {}, lastId = {}, quick = {};
  let stream = null, streamUser = null, menuOpen = true;
  const save = () => localStorage.setItem('pointloop-sim', JSON.stringify({ members: state.members, current: state.current }));
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };
  const current = () => state.members.find((m) => m.userId === state.current);

  function act(action) {
    if (!action) return;
    if (action.type === 'postback') send({ type: 'postback', data: action.data }, action.displayText || action.label);
    else if (action.type === 'message') send({ type: 'text', text: action.text }, action.text);
    else if (action.type === 'uri') window.open(action.uri, '_blank', 'noopener');
  }

  function renderMessage(m) {
    const row = el('div', 'row bot');
    if (m.type === 'text') row.append(el('div', 'bubble-text', m.text));
    else if (m.type === 'flex') { row.append(window.flexRender.container(m.contents, act)); row.dataset.alt = m.altText || ''; }
    else if (m.type === 'image') { const i = el('img'); i.src = m.originalContentUrl; i.style.maxWidth = '200px'; row.append(i); }
    else row.append(el('div', 'bubble-text', '[' + m.type + ']'));
    return row;
  }

  const meRow = (text) => { const r = el('div', 'row me'); r.append(el('div', 'bubble-text', text)); return r; };
  const systemRow = (text) => { const r = el('div', 'row system'); r.append(el('span', '', text)); return r; };

  /** One outbox row's LINE messages, once: false when it was drawn already. */
  function addBot(userId, view) {
    const s = (seen[userId] ||= new Set());
    if (view.id != null) { if (s.has(view.id)) return false; s.add(view.id); lastId[userId] = Math.max(lastId[userId] || 0, view.id); }
    const log = (logs[userId] ||= []);
    for (const m of view.line) log.push(renderMessage(m));
    const last = view.line[view.line.length - 1];
    if (last) quick[userId] = last.quickReply ? last.quickReply.items : [];
    return true;
  }

  function addMember(userId, event) {
    const log = (logs[userId] ||= []);
    if (event.type === 'text') log.push(meRow(event.text));
    else if (event.type === 'postback') log.push(meRow('\u25B8 ' + event.data));
    else if (event.type === 'follow') log.push(systemRow('joined'));
    else if (event.type === 'unfollow') log.push(systemRow('left'));
  }

  function setQuick(items) {
    const q = $('quick'); q.replaceChildren();
    for (const it of items || []) { const b = el('button', 'chip', it.action.label); b.type = 'button'; b.onclick = () => act(it.action); q.append(b); }
  }

  function draw() {
    const list = $('members'); list.replaceChildren();
    for (const m of state.members) {
      const d = el('div', 'member' + (m.userId === state.current ? ' active' : ''), m.name);
      d.onclick = () => { state.current = m.userId; save(); open(); };
      list.append(d);
    }
    const cur = current();
    $('title').textContent = cur ? cur.name + ' (' + cur.userId + ')' : 'No member yet: add one';
    const log = $('log'); log.replaceChildren(...(logs[state.current] || []));
    log.scrollTop = log.scrollHeight;
    setQuick(cur && quick[cur.userId]);
  }

  /** The member's conversation as the database holds it (what they sent, what the bot sent), then live pushes. */
  async function loadHistory(userId) {
    const res = await fetch(withToken('/simulator/api/conversation?userId=' + encodeURIComponent(userId)), { headers });
    if (!res.ok) return;
    const json = await res.json();
    logs[userId] = []; seen[userId] = new Set(); quick[userId] = [];
    for (const entry of json.entries) {
      if (entry.from === 'member') addMember(userId, entry.event);
      else addBot(userId, entry);
    }
  }

  function listen(userId) {
    if (stream && streamUser === userId) return;
    if (stream) stream.close();
    streamUser = userId;
    stream = new EventSource(withToken('/simulator/api/stream?userId=' + encodeURIComponent(userId) + '&after=' + (lastId[userId] || 0)));
    stream.addEventListener('reply', (ev) => {
      if (addBot(userId, JSON.parse(ev.data)) && state.current === userId) { draw(); document.body.dataset.pushes = String(Number(document.body.dataset.pushes || 0) + 1); }
    });
    stream.addEventListener('open', () => { document.body.dataset.stream = 'open'; });
  }

  async function loadMenu(userId) {
    const box = $('rich-menu'), toggle = $('menu-toggle');
    let json = null;
    try {
      const res = await fetch(withToken('/simulator/api/rich-menu?userId=' + encodeURIComponent(userId)), { headers });
      if (res.ok) json = await res.json();
    } catch {}
    if (!json || !json.menu || state.current !== userId) { box.hidden = true; toggle.hidden = true; box.replaceChildren(); return; }
    const { size, areas, chatBarText } = json.menu;
    box.replaceChildren();
    box.style.aspectRatio = size.width + ' / ' + size.height;
    if (json.imageUrl) { const img = el('img'); img.src = withToken(json.imageUrl); img.alt = ''; box.append(img); }
    (areas || []).forEach((a, i) => {
      const b = el('button', 'rm-area'); b.type = 'button';
      b.setAttribute('aria-label', (a.action && (a.action.label || a.action.text || a.action.displayText)) || 'area ' + (i + 1));
      b.style.left = (a.bounds.x / size.width * 100) + '%'; b.style.top = (a.bounds.y / size.height * 100) + '%';
      b.style.width = (a.bounds.width / size.width * 100) + '%'; b.style.height = (a.bounds.height / size.height * 100) + '%';
      b.onclick = () => act(a.action);
      box.append(b);
    });
    toggle.textContent = (chatBarText || 'Menu') + (menuOpen ? ' \u25BE' : ' \u25B4');
    toggle.hidden = false; box.hidden = !menuOpen;
  }

  async function open() {
    const cur = current();
    draw();
    if (!cur) return;
    await loadHistory(cur.userId);
    draw();
    listen(cur.userId);
    loadMenu(cur.userId);
  }

  async function send(body, echo) {
    const cur = current();
    if (!cur) return;
    const log = (logs[cur.userId] ||= []);
    if (echo) log.push(meRow(echo));
    draw();
    const res = await fetch('/simulator/api/events', { method: 'POST', headers, body: JSON.stringify({ userId: cur.userId, ...body }) });
    const json = await res.json();
    if (!res.ok) { log.push(el('div', 'row bot', 'Error: ' + (json.error || res.status))); draw(); return; }
    for (const view of json.messages) addBot(cur.userId, view);
    draw();
    loadMenu(cur.userId);
  }

  function preview() {
    $('paste-error').textContent = '';
    let json;
    try { json = JSON.parse($('flex-json').value); } catch (e) { $('paste-error').textContent = 'Not JSON: ' + e.message; return; }
    if (json && json.type === 'flex') json = json.contents;
    if (!json || (json.type !== 'bubble' && json.type !== 'carousel')) { $('paste-error').textContent = 'Paste a bubble or a carousel'; return; }
    const row = el('div', 'row bot preview');
    row.append(window.flexRender.container(json, () => {}));
    const key = state.current || '_preview';
    (logs[key] ||= []).push(row);
    if (!state.current) { const log = $('log'); log.append(row); } else draw();
    row.scrollIntoView();
  }

  $('add').onclick = () => {
    const name = $('newName').value.trim() || 'Member';
    const userId = 'sim-' + Math.random().toString(36).slice(2, 10);
    state.members.push({ userId, name });
    state.current = userId; save();
    logs[userId] = []; seen[userId] = new Set();
    draw(); listen(userId);
    send({ type: 'follow', displayName: name, language: $('newLang').value });
  };
  $('composer').onsubmit = (e) => { e.preventDefault(); const t = $('text').value.trim(); if (!t) return; $('text').value = ''; send({ type: 'text', text: t }, t); };
  $('preview').onclick = preview;
  $('menu-toggle').onclick = () => { menuOpen = !menuOpen; const cur = current(); if (cur) loadMenu(cur.userId); };
  open();
})();
`;
