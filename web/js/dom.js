// Small DOM helpers: every element is built with createElement and text nodes, never from HTML
// strings, so nothing a server or a user wrote can turn into markup.

/**
 * Builds an element. `attributes` may hold `class`, `text`, `on` (event name → handler),
 * `dataset`, boolean attributes (`hidden: true`), and plain attributes; falsy values are skipped.
 * Children may be nodes, strings, arrays of them, or null.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name === 'on') for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'value') element.value = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `element` with `children`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Says `message` to screen readers through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  requestAnimationFrame(() => { region.textContent = message; });
}

/** A labelled form field: label, control and an optional hint tied together for assistive tech. */
export function field(id, label, control, hint) {
  control.id = id;
  const hintNode = hint ? h('p', { class: 'hint', id: id + '-hint', text: hint }) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), control, hintNode);
}

/** An error box (role=alert) that stays empty and hidden until `show` is called. */
export function errorBox(id) {
  const box = h('div', { class: 'error', id, role: 'alert', hidden: true });
  return {
    node: box,
    show(message) { box.textContent = message; box.hidden = false; },
    clear() { box.textContent = ''; box.hidden = true; },
  };
}

/** Bytes as a short human figure (1.5 MB). */
export function formatBytes(bytes) {
  if (bytes < 1024) return bytes + ' B';
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return (value >= 10 ? value.toFixed(0) : value.toFixed(1)) + ' ' + units[unit];
}

/** An ISO time as the reader's local date and time. */
export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Saves `blob` as a file named `name` through a temporary link. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
