// The simulator page's Flex renderer (client-side JavaScript, inlined by page.ts): a Flex bubble or carousel as LINE
// draws it, on LINE's own scales (each property has its own: a text `sm` is 14 px, a spacing `sm` 4 px, an image
// `sm` 80 px). The schema is messaging-api.yml's FlexContainer/FlexComponent. Text goes in with textContent only.
// `window.flexRender.container(json, act)` returns an element; `act(action)` runs a tapped action.

export const FLEX_SCRIPT = String.raw`
(() => {
  const FONT = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
  const SPACE = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  const IMAGE = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, '3xl': 180, '4xl': 200, '5xl': 240, full: '100%' };
  const BORDER = { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 };
  const BUBBLE = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 };
  const BLOCK_PAD = { header: '20px', hero: undefined, body: '20px', footer: '10px' };
  const ALIGN = { start: 'flex-start', center: 'center', end: 'flex-end' };
  const GRAVITY = { top: 'flex-start', center: 'center', bottom: 'flex-end' };
  // A keyword of the property's own scale, else the value as given ("12px", "50%").
  const scale = (table, v) => v == null ? undefined : table[v] != null ? (typeof table[v] === 'number' ? table[v] + 'px' : table[v]) : String(v);
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };
  const ratio = (r) => { const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(r || '1:1'); return m ? [Number(m[1]), Number(m[2])] : [1, 1]; };
  let act = () => {};

  function tappable(e, action) { if (action) { e.style.cursor = 'pointer'; e.addEventListener('click', (ev) => { ev.stopPropagation(); act(action); }); } }

  function position(e, c) {
    if (c.position === 'absolute') e.style.position = 'absolute';
    for (const [k, css] of [['offsetTop', 'top'], ['offsetBottom', 'bottom'], ['offsetStart', 'left'], ['offsetEnd', 'right']]) {
      if (c[k] != null) e.style[css] = scale(SPACE, c[k]);
    }
  }

  function background(e, b) {
    if (!b || b.type !== 'linearGradient') return;
    const stops = [b.startColor + ' 0%'];
    if (b.centerColor) stops.push(b.centerColor + ' ' + (b.centerPosition || '50%'));
    stops.push(b.endColor + ' 100%');
    e.style.backgroundImage = 'linear-gradient(' + (b.angle || '0deg') + ', ' + stops.join(', ') + ')';
  }

  function box(c) {
    const e = el('div', 'fx-box fx-' + (c.layout || 'vertical'));
    e.style.flexDirection = c.layout === 'vertical' ? 'column' : 'row';
    if (c.layout === 'baseline') e.style.alignItems = 'baseline';
    if (c.paddingAll != null) e.style.padding = scale(SPACE, c.paddingAll);
    for (const [k, css] of [['paddingTop', 'paddingTop'], ['paddingBottom', 'paddingBottom'], ['paddingStart', 'paddingLeft'], ['paddingEnd', 'paddingRight']]) {
      if (c[k] != null) e.style[css] = scale(SPACE, c[k]);
    }
    if (c.backgroundColor) e.style.backgroundColor = c.backgroundColor;
    background(e, c.background);
    if (c.borderWidth != null || c.borderColor) {
      e.style.borderStyle = 'solid';
      e.style.borderWidth = scale(BORDER, c.borderWidth == null ? 'normal' : c.borderWidth);
      e.style.borderColor = c.borderColor || '#000000';
    }
    if (c.cornerRadius != null) { e.style.borderRadius = scale(SPACE, c.cornerRadius); e.style.overflow = 'hidden'; }
    for (const k of ['width', 'height', 'maxWidth', 'maxHeight']) if (c[k]) e.style[k] = c[k];
    if (c.justifyContent) e.style.justifyContent = c.justifyContent;
    if (c.alignItems) e.style.alignItems = c.alignItems;
    let first = true;
    for (const child of c.contents || []) {
      const ce = comp(child, c.layout || 'vertical');
      const before = child.position === 'absolute' ? undefined : child.margin != null ? child.margin : first ? undefined : c.spacing;
      if (before != null) ce.style[c.layout === 'vertical' ? 'marginTop' : 'marginLeft'] = scale(SPACE, before);
      if (child.position !== 'absolute') first = false;
      e.append(ce);
    }
    tappable(e, c.action);
    return e;
  }

  function textStyle(e, c) {
    if (c.size) e.style.fontSize = scale(FONT, c.size);
    if (c.weight === 'bold') e.style.fontWeight = '700';
    if (c.color) e.style.color = c.color;
    if (c.style === 'italic') e.style.fontStyle = 'italic';
    if (c.decoration && c.decoration !== 'none') e.style.textDecoration = c.decoration;
  }

  function text(c, parent) {
    const e = el('div', 'fx-text');
    if (c.contents && c.contents.length) {
      for (const s of c.contents) { const sp = el('span', 'fx-span', s.text || ''); textStyle(sp, s); e.append(sp); }
    } else e.textContent = c.text || '';
    e.style.fontSize = scale(FONT, c.size || 'md');
    textStyle(e, { ...c, size: undefined });
    if (c.align) e.style.textAlign = c.align === 'start' ? 'left' : c.align === 'end' ? 'right' : 'center';
    if (c.gravity && parent !== 'vertical') e.style.alignSelf = GRAVITY[c.gravity];
    if (c.lineSpacing) e.style.lineHeight = 'calc(1.4em + ' + c.lineSpacing + ')';
    if (c.wrap) {
      e.style.whiteSpace = 'pre-wrap'; e.style.overflowWrap = 'anywhere';
      if (c.maxLines > 0) { e.style.display = '-webkit-box'; e.style.webkitBoxOrient = 'vertical'; e.style.webkitLineClamp = String(c.maxLines); e.style.overflow = 'hidden'; }
    } else { e.style.whiteSpace = 'nowrap'; e.style.overflow = 'hidden'; e.style.textOverflow = 'ellipsis'; }
    tappable(e, c.action);
    return e;
  }

  function image(c, parent) {
    const wrap = el('div', 'fx-image');
    wrap.style.justifyContent = ALIGN[c.align || 'center'];
    if (c.gravity && parent !== 'vertical') wrap.style.alignSelf = GRAVITY[c.gravity];
    const img = el('img', 'fx-img'); img.src = c.url; img.alt = '';
    const [w, h] = ratio(c.aspectRatio);
    img.style.width = scale(IMAGE, c.size || 'md'); img.style.maxWidth = '100%';
    img.style.aspectRatio = w + ' / ' + h;
    img.style.objectFit = c.aspectMode === 'cover' ? 'cover' : 'contain';
    if (c.backgroundColor) img.style.backgroundColor = c.backgroundColor;
    wrap.append(img); tappable(wrap, c.action);
    return wrap;
  }

  function icon(c) {
    const e = el('img', 'fx-icon'); e.src = c.url; e.alt = '';
    const [w, h] = ratio(c.aspectRatio);
    const size = scale(FONT, c.size || 'md');
    e.style.height = size; e.style.width = 'calc(' + size + ' * ' + (w / h) + ')';
    return e;
  }

  function button(c) {
    const style = c.style || 'link';
    const e = el('button', 'fx-btn ' + style, (c.action && c.action.label) || '');
    e.type = 'button';
    e.style.height = c.height === 'sm' ? '40px' : '52px';
    if (c.color) { if (style === 'link') e.style.color = c.color; else e.style.backgroundColor = c.color; }
    if (c.gravity) e.style.alignSelf = GRAVITY[c.gravity];
    tappable(e, c.action);
    return e;
  }

  function separator(c, parent) {
    const e = el('div', 'fx-sep');
    const line = '1px solid ' + (c.color || '#d4d6da');
    if (parent === 'vertical') { e.style.borderTop = line; e.style.width = '100%'; } else { e.style.borderLeft = line; e.style.alignSelf = 'stretch'; }
    return e;
  }

  function comp(c, parent) {
    let e;
    switch (c.type) {
      case 'box': e = box(c); break;
      case 'text': e = text(c, parent); break;
      case 'image': e = image(c, parent); break;
      case 'icon': e = icon(c); break;
      case 'button': e = button(c); break;
      case 'separator': e = separator(c, parent); break;
      case 'spacer': e = el('div', 'fx-spacer'); e.style[parent === 'vertical' ? 'height' : 'width'] = scale(SPACE, c.size || 'md'); break;
      case 'filler': e = el('div', 'fx-filler'); e.style.flex = (c.flex != null ? c.flex : 1) + ' 0 0'; return e;
      case 'video': e = c.altContent ? comp(c.altContent, parent) : el('div', 'fx-text', '[video]'); break;
      default: e = el('div', 'fx-text', '[' + c.type + ']');
    }
    position(e, c);
    const grow = c.flex != null ? c.flex : parent === 'vertical' || c.type === 'separator' || c.type === 'icon' || c.type === 'spacer' ? 0 : 1;
    e.style.flex = c.width || grow === 0 ? '0 0 auto' : grow + ' 0 0';
    if (c.width && c.type !== 'box') e.style.width = c.width;
    return e;
  }

  function bubble(b) {
    const e = el('div', 'flex-bubble ' + (b.size || 'mega'));
    e.style.width = (BUBBLE[b.size || 'mega'] || 300) + 'px';
    if (b.direction === 'rtl') e.style.direction = 'rtl';
    tappable(e, b.action);
    let first = true;
    for (const part of ['header', 'hero', 'body', 'footer']) {
      const block = b[part];
      if (!block) continue;
      const style = (b.styles && b.styles[part]) || {};
      const pad = block.type === 'box' && block.paddingAll == null ? BLOCK_PAD[part] : undefined;
      const p = comp(pad ? { ...block, paddingAll: pad } : block, 'vertical');
      p.classList.add('fx-block', 'fx-' + part);
      if (style.backgroundColor) p.style.backgroundColor = style.backgroundColor;
      if (style.separator && !first) p.style.borderTop = '1px solid ' + (style.separatorColor || '#d4d6da');
      if (part === 'body' || (part === 'hero' && !b.body)) p.style.flex = '1 0 auto';
      first = false;
      e.append(p);
    }
    return e;
  }

  function container(json, onAction) {
    act = onAction || (() => {});
    if (json && json.type === 'carousel') {
      const c = el('div', 'carousel');
      for (const b of json.contents || []) c.append(bubble(b));
      return c;
    }
    if (json && json.type === 'bubble') return bubble(json);
    return el('div', 'bubble-text', 'Not a Flex bubble or carousel');
  }

  window.flexRender = { container, FONT, SPACE, IMAGE, BUBBLE };
})();
`;
