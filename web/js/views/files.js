// `#/conversions/ID/files`: the converted add-on's files (a read-only tree) and a JSON editor for
// one file at a time, shared live: this page sends its user's changes as JSON Patch edits over
// the WebSocket (`doc:ID`), applies everyone else's as they are committed, and shows where the
// other collaborators' cursors are.
import { currentUser, describe, request } from '../api.js';
import { announce, errorBox, formatBytes, h, replace } from '../dom.js';
import { apply, diff, equal } from '../jsonpatch.js';
import { realtime } from '../realtime.js';

const PEER_TIMEOUT_MS = 30000;

function pretty(value) { return JSON.stringify(value, null, 2); }

function caret(textarea) {
  const before = textarea.value.slice(0, textarea.selectionStart);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function offsetOf(text, line, column) {
  const lines = text.split('\n');
  const row = Math.min(Math.max(line, 1), lines.length);
  let offset = 0;
  for (let index = 0; index < row - 1; index += 1) offset += lines[index].length + 1;
  return offset + Math.min(column - 1, lines[row - 1].length);
}

function buildTree(files) {
  const root = { folders: new Map(), files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      if (!node.folders.has(part)) node.folders.set(part, { folders: new Map(), files: [] });
      node = node.folders.get(part);
    }
    node.files.push({ ...file, name: parts[parts.length - 1] });
  }
  return root;
}

export async function filesView(main, { id }) {
  const channelName = 'doc:' + id;
  const error = errorBox('files-error');
  let tree;
  try {
    tree = await request(`/api/v1/conversions/${id}/files`);
  } catch (failure) {
    replace(main, h('h1', { text: 'Files' }), h('p', { class: 'error', role: 'alert', text: describe(failure) }),
      h('p', {}, h('a', { href: '#/conversions/' + id, text: 'Back to the conversion' })));
    return null;
  }

  const me = currentUser();
  const treeNode = h('nav', { class: 'tree', id: 'file-tree', 'aria-label': 'Add-on files' });
  const heading = h('h2', { id: 'editor-title', text: 'Choose a file' });
  const gutter = h('div', { class: 'gutter', id: 'gutter', 'aria-hidden': 'true' });
  const editor = h('textarea', { id: 'editor', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', disabled: true, 'aria-labelledby': 'editor-title', 'aria-describedby': 'editor-state' });
  const state = h('p', { id: 'editor-state', class: 'hint', role: 'status', text: 'Pick a JSON file from the tree to read and edit it.' });
  const peersList = h('ul', { id: 'peers', class: 'peers' });
  const saveButton = h('button', { type: 'button', id: 'save-version', text: 'Save as a new version' });
  const versionNote = h('p', { id: 'version-note', class: 'hint', text: `Saved version: ${tree.version || 'the original conversion'}.` });

  let docSeq = tree.seq || 0;
  const log = []; // every committed edit seen since the page subscribed: {seq, path, ops}
  let open = null; // {path, server, inflight, timer}
  const peers = new Map(); // connection → {email, path, line, column, at}

  function drawTree() {
    const render = (node, prefix) => h('ul', {},
      [...node.folders.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, child]) =>
        h('li', { class: 'folder' }, h('span', { class: 'folder-name', text: name + '/' }), render(child, prefix + name + '/'))),
      node.files.sort((a, b) => a.name.localeCompare(b.name)).map((file) => h('li', { class: 'file' },
        file.editable && file.path.endsWith('.json')
          ? h('button', { type: 'button', class: 'file-button' + (open && open.path === file.path ? ' open' : ''), dataset: { path: file.path },
            'aria-current': open && open.path === file.path ? 'true' : null, text: file.name, on: { click: () => openFile(file.path) } })
          : h('span', { class: 'readonly', title: 'not editable here', text: file.name }),
        h('span', { class: 'size', text: ' ' + formatBytes(file.size) + (file.edited ? ' · edited' : '') }))));
    replace(treeNode, render(buildTree(tree.files), ''));
  }

  function drawGutter() {
    const count = editor.value ? editor.value.split('\n').length : 0;
    const marks = new Map();
    for (const peer of peers.values()) {
      if (open && peer.path === open.path && peer.line) marks.set(peer.line, [...(marks.get(peer.line) || []), peer.email]);
    }
    replace(gutter, Array.from({ length: count }, (_, index) => {
      const who = marks.get(index + 1);
      return h('div', { class: who ? 'line peer-line' : 'line', title: who ? who.join(', ') : null, text: String(index + 1) });
    }));
    gutter.scrollTop = editor.scrollTop;
  }

  function drawPeers() {
    const now = Date.now();
    for (const [connection, peer] of peers) if (now - peer.at > PEER_TIMEOUT_MS || peer.left) peers.delete(connection);
    replace(peersList, peers.size ? [...peers.values()].map((peer) => h('li', { class: 'peer', dataset: { email: peer.email || '' } },
      h('span', { class: 'peer-dot', 'aria-hidden': 'true' }),
      h('span', { text: `${peer.email || 'someone'} — ${peer.path ? `${peer.path}${peer.line ? `, line ${peer.line}, column ${peer.column}` : ''}` : 'looking at the tree'}` })))
      : h('li', { class: 'empty', text: 'Nobody else is here right now.' }));
    drawGutter();
  }

  function setText(text) {
    const focused = document.activeElement === editor;
    const position = caret(editor);
    editor.value = text;
    if (focused) {
      const offset = offsetOf(text, position.line, position.column);
      editor.setSelectionRange(offset, offset);
    }
    drawGutter();
  }

  function localDocument() {
    try { return { ok: true, value: JSON.parse(editor.value) }; } catch (failure) { return { ok: false, message: failure.message }; }
  }

  async function openFile(path) {
    error.clear();
    if (open) { clearTimeout(open.timer); await flush(); }
    editor.disabled = true;
    state.textContent = 'Loading ' + path + '…';
    try {
      const response = await request(`/api/v1/conversions/${id}/files/${encodeURIComponent(path)}`, { raw: true });
      const seq = Number(response.headers.get('X-Document-Seq') || '0');
      let server = JSON.parse(await response.text());
      // Edits committed while the file was on its way are applied on top of what came back.
      for (const entry of log) if (entry.path === path && entry.seq > seq) server = apply(server, entry.ops);
      open = { path, server, inflight: null, timer: null };
      heading.textContent = path;
      editor.disabled = false;
      setText(pretty(server));
      state.textContent = 'Up to date. Changes are shared as you type.';
      drawTree();
      sendCursor();
      announce('Opened ' + path);
    } catch (failure) {
      open = null;
      state.textContent = '';
      error.show(`${path} could not be opened: ${describe(failure)}`);
    }
  }

  function scheduleSync() {
    if (!open) return;
    clearTimeout(open.timer);
    open.timer = setTimeout(sync, 300);
  }

  async function sync() {
    if (!open || open.inflight) return;
    const local = localDocument();
    if (!local.ok) { state.textContent = 'Not valid JSON yet (' + local.message + '): your change is shared once it parses.'; return; }
    const ops = diff(open.server, local.value);
    if (!ops.length) { state.textContent = 'Up to date. Changes are shared as you type.'; return; }
    const file = open;
    file.inflight = { ops, seq: null };
    state.textContent = 'Sharing your change…';
    try {
      const ack = await realtime.call({ type: 'edit', channel: channelName, data: { path: file.path, base_seq: docSeq, ops } });
      if (file !== open) return;
      if (docSeq >= ack.seq) { file.inflight = null; scheduleSync(); } else file.inflight.seq = ack.seq;
      state.textContent = `Shared (edit ${ack.seq}).`;
    } catch (failure) {
      if (file !== open) return;
      file.inflight = null;
      if (failure.code === 'conflict') {
        // Someone changed the same part first: take their version, then re-apply ours over it.
        state.textContent = 'Someone changed the same part at the same time: merging…';
        await refetch(file);
        scheduleSync();
      } else {
        state.textContent = 'Your change was not shared: ' + (failure.message || 'the connection is down') + '. It is kept here and retried.';
        setTimeout(scheduleSync, 2000);
      }
    }
  }

  async function refetch(file) {
    try {
      const response = await request(`/api/v1/conversions/${id}/files/${encodeURIComponent(file.path)}`, { raw: true });
      const seq = Number(response.headers.get('X-Document-Seq') || '0');
      let server = JSON.parse(await response.text());
      for (const entry of log) if (entry.path === file.path && entry.seq > seq) server = apply(server, entry.ops);
      file.server = server;
    } catch (failure) { error.show(describe(failure)); }
  }

  async function flush() {
    if (open && !open.inflight) await sync();
  }

  function committed(event) {
    if (event.type === 'snapshot') {
      docSeq = Math.max(docSeq, event.seq || 0);
      if (open && event.files && event.files[open.path] !== undefined) {
        const content = event.files[open.path];
        open.server = typeof content === 'string' ? JSON.parse(content) : content;
        setText(pretty(open.server));
      }
      return;
    }
    if (event.type !== 'edit') return;
    log.push({ seq: event.seq, path: event.path, ops: event.ops });
    if (log.length > 1000) log.shift();
    docSeq = Math.max(docSeq, event.seq);
    const entry = tree.files.find((file) => file.path === event.path);
    if (entry && !entry.edited) { entry.edited = true; drawTree(); }
    if (!open || open.path !== event.path) return;
    const before = open.server;
    try { open.server = apply(before, event.ops); } catch { refetch(open); return; }
    const mine = open.inflight && (open.inflight.seq === event.seq || (event.author === (me && me.id) && equal(event.ops, open.inflight.ops)));
    if (mine) {
      open.inflight = null;
      scheduleSync();
      return;
    }
    // Another collaborator's edit: keep whatever this user has typed and not yet shared on top.
    const local = localDocument();
    if (local.ok && equal(local.value, before)) setText(pretty(open.server));
    else if (local.ok) {
      try { setText(pretty(apply(open.server, diff(before, local.value)))); } catch { /* kept as typed; the next sync resolves it */ }
    }
    state.textContent = `Updated with a collaborator's edit (${event.seq}).`;
  }

  let cursorTimer = null;
  function sendCursor() {
    if (cursorTimer) return;
    cursorTimer = setTimeout(() => {
      cursorTimer = null;
      const position = open ? caret(editor) : {};
      realtime.cast({ type: 'cursor', channel: channelName, data: { email: me && me.email, path: open ? open.path : null, line: position.line, column: position.column } });
    }, 120);
  }

  function presence(status) {
    realtime.cast({ type: 'presence', channel: channelName, data: { email: me && me.email, path: open ? open.path : null, status } });
  }

  function heard(kind, data) {
    if (!data || data.connection === realtime.connection) return;
    const value = data.value || {};
    const peer = peers.get(data.connection) || {};
    peers.set(data.connection, {
      email: value.email || peer.email, path: value.path ?? peer.path,
      line: kind === 'cursor' ? value.line : peer.line, column: kind === 'cursor' ? value.column : peer.column,
      at: Date.now(), left: value.status === 'left',
    });
    if (kind === 'presence' && value.status === 'joined') presence('here'); // let the newcomer see us at once
    drawPeers();
  }

  editor.addEventListener('input', () => { drawGutter(); scheduleSync(); sendCursor(); });
  for (const event of ['keyup', 'click', 'select', 'focus']) editor.addEventListener(event, sendCursor);
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });

  saveButton.addEventListener('click', async () => {
    error.clear();
    await flush();
    saveButton.disabled = true;
    try {
      const saved = await request(`/api/v1/conversions/${id}/save`, { method: 'POST' });
      versionNote.textContent = `Saved version: ${saved.version}. The download now serves it.`;
      announce('Saved version ' + saved.version);
    } catch (failure) {
      error.show('The add-on was not saved: ' + describe(failure));
    } finally { saveButton.disabled = false; }
  });

  replace(main,
    h('section', { class: 'card', 'aria-labelledby': 'files-title' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/conversions/' + id, text: 'Back to the conversion' })),
      h('h1', { id: 'files-title', text: 'Add-on files' }),
      h('p', { text: 'Everyone invited to this add-on sees the same files; edits appear for the others as they are made.' }),
      h('div', { class: 'workspace' },
        treeNode,
        h('div', { class: 'editor-pane' }, heading, h('div', { class: 'editor-frame' }, gutter, editor), state, error.node,
          h('div', { class: 'actions' }, saveButton), versionNote),
        h('aside', { class: 'people', 'aria-labelledby': 'peers-title' }, h('h2', { id: 'peers-title', text: 'Here now' }), peersList))));
  drawTree();
  drawPeers();

  const stop = realtime.subscribe(channelName, (message) => {
    if (message.kind === 'event') committed(message.data);
    else if (message.kind === 'cursor' || message.kind === 'presence') heard(message.kind, message.data);
    else if (message.kind === 'subscribed') { presence('joined'); sendCursor(); }
    else if (message.kind === 'error') error.show('Live editing: ' + ((message.data && message.data.message) || 'refused'));
  }, docSeq);
  const heartbeat = setInterval(() => { presence('here'); drawPeers(); }, 10000);
  return () => {
    presence('left');
    clearInterval(heartbeat);
    clearTimeout(cursorTimer);
    if (open) clearTimeout(open.timer);
    stop();
  };
}
