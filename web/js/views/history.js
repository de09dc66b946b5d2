// `#/conversions`: the user's conversions, newest first, paged, with what can be done to each;
// the list refreshes itself when one of them finishes (the user's own channel).
import { currentUser, describe, request } from '../api.js';
import { announce, errorBox, formatTime, h, replace } from '../dom.js';
import { realtime } from '../realtime.js';
import { go } from '../router.js';
import { downloadAddon } from './conversion.js';

const PAGE_SIZE = 10;
const RUNNING = new Set(['queued', 'running']);

export async function historyView(main, _params, query) {
  const page = Math.max(1, parseInt(query.get('page') || '1', 10) || 1);
  const status = query.get('status') || '';
  const error = errorBox('history-error');
  const area = h('div', { id: 'history-area', 'aria-busy': 'true' }, h('p', { class: 'loading', role: 'status', text: 'Loading your conversions…' }));
  const filter = h('select', { id: 'history-status' },
    ['', 'queued', 'running', 'completed', 'failed', 'cancelled'].map((value) => h('option', { value, selected: value === status, text: value || 'Any status' })));
  filter.addEventListener('change', () => go('/conversions' + (filter.value ? '?status=' + filter.value : '')));
  replace(main, h('section', { class: 'card', 'aria-labelledby': 'history-title' },
    h('h1', { id: 'history-title', text: 'Your conversions' }),
    h('div', { class: 'filters' }, h('div', { class: 'field' }, h('label', { for: 'history-status', text: 'Show' }), filter)),
    error.node, area));

  async function load() {
    let answer;
    try {
      const parameters = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
      if (status) parameters.set('status', status);
      answer = await request('/api/v1/conversions?' + parameters);
    } catch (failure) {
      area.removeAttribute('aria-busy');
      replace(area, h('p', { class: 'error', role: 'alert', text: 'Your conversions could not be loaded: ' + describe(failure) }));
      return;
    }
    area.removeAttribute('aria-busy');
    if (!answer.items.length) {
      replace(area, h('div', { class: 'empty', id: 'history-empty' },
        h('p', { text: status ? `No ${status} conversions.` : 'No conversions yet.' }),
        h('p', {}, h('a', { href: '#/', text: 'Convert your first mod' }))));
      return;
    }
    const pages = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
    const pageLink = (target, label) => h('a', { href: `#/conversions?page=${target}${status ? '&status=' + status : ''}`, text: label });
    replace(area,
      h('div', { class: 'table-wrap' }, h('table', { class: 'history', id: 'history-table' },
        h('caption', { class: 'visually-hidden', text: 'Your conversions, newest first' }),
        h('thead', {}, h('tr', {}, ['Mod file', 'Uploaded', 'Status', 'Score', 'Actions'].map((label) => h('th', { scope: 'col', text: label })))),
        h('tbody', {}, answer.items.map(row)))),
      h('nav', { class: 'pager', 'aria-label': 'Pages' },
        page > 1 ? pageLink(page - 1, '← Newer') : null,
        h('span', { text: ` Page ${page} of ${pages} (${answer.total} in all) ` }),
        page < pages ? pageLink(page + 1, 'Older →') : null));
  }

  function row(item) {
    const actions = [h('a', { href: '#/conversions/' + item.id, class: 'button-like secondary small', text: 'Open', 'aria-label': 'Open ' + item.file_name })];
    if (item.status === 'completed') {
      actions.push(h('button', { type: 'button', class: 'secondary small', text: 'Download', 'aria-label': 'Download ' + item.file_name, on: { click: async () => {
        try { await downloadAddon(item.id); } catch (failure) { error.show(describe(failure)); }
      } } }));
    }
    const running = RUNNING.has(item.status);
    actions.push(h('button', { type: 'button', class: 'danger small', text: running ? 'Cancel' : 'Delete',
      'aria-label': (running ? 'Cancel ' : 'Delete ') + item.file_name, on: { click: async () => {
        if (!running && !window.confirm(`Delete ${item.file_name} and its add-on?`)) return;
        try {
          await request('/api/v1/conversions/' + item.id, { method: 'DELETE' });
          announce(running ? 'Cancelled' : 'Deleted');
          load();
        } catch (failure) { error.show(describe(failure)); }
      } } }));
    const score = item.summary && typeof item.summary.score === 'number' ? String(item.summary.score) : '—';
    return h('tr', { dataset: { id: item.id } },
      h('td', {}, h('a', { href: '#/conversions/' + item.id, text: item.file_name })),
      h('td', { text: formatTime(item.created_at) }),
      h('td', {}, h('span', { class: 'badge ' + item.status, text: item.status })),
      h('td', { text: score }),
      h('td', { class: 'row-actions' }, actions));
  }

  await load();
  // A conversion of this user's finishing anywhere refreshes the list. The channel's history is
  // replayed before the subscription's ack; only what comes after it (or a reconnect's ack) counts.
  const user = currentUser();
  if (!user) return null;
  let live = false;
  let timer = null;
  const reload = () => { clearTimeout(timer); timer = setTimeout(load, 200); };
  const stop = realtime.subscribe('user:' + user.id, (message) => {
    if (message.kind === 'subscribed') { if (live) reload(); live = true; }
    if (message.kind === 'event' && live) reload();
  });
  return () => { clearTimeout(timer); stop(); };
}
