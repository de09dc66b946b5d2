// `#/conversions/ID`: the conversion's stages advancing live over the WebSocket (polling the
// status while the socket cannot connect), then its report, previews (Java beside Bedrock),
// downloads and sharing.
import { currentUser, describe, request } from '../api.js';
import { announce, errorBox, field, formatTime, h, replace } from '../dom.js';
import { realtime } from '../realtime.js';
import { renderPreviews } from './previews.js';
import { renderReport } from './report.js';

const STAGES = [
  ['queued', 'Queued'], ['analyzing', 'Analyzing the jar'], ['planning', 'Planning'], ['converting', 'Converting'],
  ['validating', 'Validating'], ['packaging', 'Packaging'], ['completed', 'Done'],
];
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** Asks for a signed link and lets the browser download the add-on through it. */
export async function downloadAddon(id) {
  const link = await request(`/api/v1/conversions/${id}/download-link`, { method: 'POST' });
  const anchor = h('a', { href: link.url, download: '', hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

export async function conversionView(main, { id }) {
  let record;
  try {
    record = await request('/api/v1/conversions/' + encodeURIComponent(id));
  } catch (failure) {
    replace(main, h('h1', { text: 'Conversion not found' }), h('p', { class: 'error', role: 'alert', text: describe(failure) }),
      h('p', {}, h('a', { href: '#/conversions', text: 'Back to your conversions' })));
    return null;
  }
  const error = errorBox('conversion-error');
  const title = h('h1', { text: record.file_name });
  const badge = h('span', { class: 'badge', id: 'conversion-status' });
  const live = h('span', { class: 'live', id: 'live-state' });
  const stageList = h('ol', { class: 'stages', id: 'stages' });
  const progress = h('progress', { id: 'conversion-progress', max: '100', value: '0', 'aria-label': 'Conversion progress' });
  const percent = h('span', { id: 'conversion-percent' });
  const message = h('p', { id: 'conversion-message', role: 'status' });
  const log = h('ol', { class: 'log', id: 'event-log', 'aria-label': 'What happened so far' });
  const actions = h('div', { class: 'actions', id: 'conversion-actions' });
  const reportArea = h('div', { id: 'report-area' });
  const previewArea = h('div', { id: 'preview-area' });
  let stopPreviews = () => {};
  const shareArea = h('div', { id: 'share-area' });
  const timing = h('p', { class: 'hint', id: 'conversion-times' });

  replace(main,
    h('section', { class: 'card', 'aria-labelledby': 'conversion-title' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/conversions', text: 'Your conversions' })),
      Object.assign(title, { id: 'conversion-title' }),
      h('p', { class: 'status-line' }, badge, ' ', live),
      timing,
      h('div', { class: 'progress-row' }, progress, percent),
      message, stageList, actions, error.node,
      h('details', { class: 'events' }, h('summary', { text: 'Event log' }), log)),
    reportArea, previewArea, shareArea);

  let current = { status: record.status, stage: record.stage, percent: record.progress ?? 0, message: record.message };
  let reportShown = false;
  const seen = new Set();

  function drawStages() {
    const index = STAGES.findIndex(([name]) => name === current.stage);
    replace(stageList, STAGES.map(([name, label], position) => {
      let state = position < index ? 'done' : position === index ? 'current' : 'pending';
      if (current.status === 'completed') state = 'done';
      if (current.status === 'failed' && position === index) state = 'failed';
      const text = state === 'done' ? 'done' : state === 'current' ? 'in progress' : state === 'failed' ? 'failed' : 'waiting';
      return h('li', { class: 'stage ' + state, dataset: { stage: name, state }, 'aria-current': state === 'current' ? 'step' : null },
        h('span', { class: 'stage-name', text: label }), h('span', { class: 'visually-hidden', text: ': ' + text }));
    }));
  }

  function draw() {
    badge.textContent = current.status;
    badge.className = 'badge ' + current.status;
    progress.value = current.percent;
    percent.textContent = current.percent + ' %';
    message.textContent = current.message || '';
    timing.textContent = `Uploaded ${formatTime(record.created_at)}` + (record.finished_at ? ` · finished ${formatTime(record.finished_at)}` : '');
    drawStages();
    drawActions();
    if (current.status === 'completed' && !reportShown) {
      reportShown = true;
      renderReport(reportArea, id);
      renderPreviews(previewArea, id).then((stop) => { stopPreviews = stop; });
      drawSharing();
    }
    if (current.status === 'failed') {
      const failure = record.error || {};
      error.show(`The conversion failed: ${failure.message || current.message || 'no reason given'}${failure.code ? ` (${failure.code})` : ''}`);
    }
  }

  function drawActions() {
    const buttons = [];
    if (current.status === 'completed') {
      buttons.push(h('button', { type: 'button', id: 'download-addon', text: 'Download the .mcaddon', on: { click: async () => {
        error.clear();
        try { await downloadAddon(id); announce('Download started'); } catch (failure) { error.show(describe(failure)); }
      } } }));
      buttons.push(h('a', { class: 'button-like secondary', href: `#/conversions/${id}/files`, id: 'open-files', text: 'Open the files' }));
    }
    if (!TERMINAL.has(current.status)) {
      buttons.push(h('button', { type: 'button', class: 'danger', id: 'cancel-conversion', text: 'Cancel', on: { click: async () => {
        try { await request('/api/v1/conversions/' + id, { method: 'DELETE' }); announce('Cancelled'); refreshStatus(); } catch (failure) { error.show(describe(failure)); }
      } } }));
    }
    replace(actions, buttons);
  }

  async function drawSharing() {
    if (!currentUser()) return;
    try {
      const answer = await request(`/api/v1/conversions/${id}/collaborators`);
      const owner = answer.you_own === true;
      const list = h('ul', { id: 'collaborators' }, (answer.collaborators || []).map((person) => h('li', { text: person.email || person.user_id })));
      const shareError = errorBox('share-error');
      const email = h('input', { type: 'email', name: 'invite', autocomplete: 'email', required: true });
      const form = h('form', { id: 'invite-form', novalidate: true }, field('invite-email', 'Invite someone by email', email), shareError.node,
        h('button', { type: 'submit', class: 'secondary', text: 'Invite' }));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        shareError.clear();
        try {
          await request(`/api/v1/conversions/${id}/collaborators`, { method: 'POST', body: { email: email.value.trim() } });
          announce('Invited ' + email.value);
          drawSharing();
        } catch (failure) { shareError.show(describe(failure)); }
      });
      replace(shareArea, h('section', { class: 'card', 'aria-labelledby': 'share-title' },
        h('h2', { id: 'share-title', text: 'Collaborators' }),
        (answer.collaborators || []).length ? list : h('p', { text: 'Nobody else works on this add-on yet.' }),
        owner ? form : null));
    } catch { replace(shareArea); }
  }

  function apply(event) {
    if (!event || !event.type) return;
    const key = event.id ?? `${event.stage}-${event.percent}`;
    if (seen.has(key)) return;
    seen.add(key);
    log.append(h('li', { text: `${event.stage}: ${event.percent} % — ${event.message || ''}` }));
    const status = event.type === 'progress' ? 'running' : event.type;
    if (TERMINAL.has(current.status) && !TERMINAL.has(status)) return; // a late replayed event
    current = { status, stage: event.stage, percent: event.percent ?? current.percent, message: event.message };
    if (TERMINAL.has(status)) refreshStatus();
    draw();
  }

  async function refreshStatus() {
    try {
      record = await request('/api/v1/conversions/' + id);
      current = { status: record.status, stage: record.stage, percent: record.progress ?? current.percent, message: record.message };
      draw();
    } catch { /* the next poll or event tries again */ }
  }

  // Live updates, with polling while the socket is down.
  let pollTimer = null;
  function drawLive() {
    const state = realtime.status;
    live.textContent = state === 'live' ? 'Live' : state === 'offline' ? 'Live updates unavailable: checking every few seconds' : 'Connecting…';
    live.className = 'live ' + state;
    const needPolling = state !== 'live' && !TERMINAL.has(current.status);
    if (needPolling && !pollTimer) pollTimer = setInterval(() => { if (!TERMINAL.has(current.status)) refreshStatus(); }, 2000);
    if (!needPolling && pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }
  const onState = () => drawLive();
  realtime.addEventListener('state', onState);
  const stop = realtime.subscribe('conversion:' + id, (message) => {
    if (message.kind === 'event') apply(message.data);
    if (message.kind === 'subscribed') refreshStatus();
  });
  const stateTimer = setInterval(drawLive, 3000);
  draw();
  drawLive();

  return () => {
    stop();
    realtime.removeEventListener('state', onState);
    clearInterval(stateTimer);
    if (pollTimer) clearInterval(pollTimer);
    stopPreviews();
  };
}

