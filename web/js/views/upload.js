// `#/`: pick or drop a mod, check it here the way the server will (type by content, size against
// the caller's own limit), send it with a real progress bar, then follow it live.
import { ApiError, describe, freshToken, request } from '../api.js';
import { announce, errorBox, formatBytes, h, replace } from '../dom.js';
import { go } from '../router.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Checks `file` against `limits`; resolves a problem sentence or null. */
export async function checkFile(file, limits) {
  const name = file.name.toLowerCase();
  const extensions = limits.accepted_extensions || ['.jar', '.zip'];
  if (!extensions.some((extension) => name.endsWith(extension))) return `${file.name} is not a mod: choose a ${extensions.join(' or ')} file.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > limits.max_upload_bytes) return `${file.name} is ${formatBytes(file.size)}; the largest you may upload is ${formatBytes(limits.max_upload_bytes)}.`;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (!ZIP_MAGIC.every((byte, index) => head[index] === byte)) return `${file.name} is not a jar or zip archive (its content says otherwise).`;
  return null;
}

function send(file, options, token, onProgress) {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    body.append('file', file, file.name);
    body.append('options', JSON.stringify(options));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/conversions');
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => { if (event.lengthComputable) onProgress(event.loaded, event.total); });
    xhr.addEventListener('load', () => {
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 202 && answer) { resolve(answer); return; }
      const error = answer && answer.error;
      reject(new ApiError(xhr.status, error ? error.code : 'http_' + xhr.status, error ? error.message : 'the upload was refused (' + xhr.status + ')'));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', 'the upload was interrupted; check your connection and try again')));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'the upload was cancelled')));
    xhr.send(body);
  });
}

export async function uploadView(main) {
  const error = errorBox('upload-error');
  const quota = h('p', { class: 'hint', id: 'upload-limits', text: 'Checking your limits…' });
  const picker = h('input', { type: 'file', id: 'upload-file', name: 'file', accept: '.jar,.zip,application/java-archive,application/zip', class: 'visually-hidden' });
  const chosen = h('p', { class: 'chosen', id: 'upload-chosen', 'aria-live': 'polite', text: 'No file chosen yet.' });
  const zone = h('div', { class: 'dropzone', id: 'dropzone' },
    h('p', { class: 'drop-title', text: 'Drop a mod here' }),
    h('p', {}, 'or ', h('label', { for: 'upload-file', class: 'button-like', text: 'choose a .jar file' })),
    picker, chosen);
  const assumptions = h('select', { id: 'upload-assumptions', name: 'assumptions' },
    h('option', { value: 'conservative', text: 'Conservative: skip what Bedrock cannot do' }),
    h('option', { value: 'aggressive', text: 'Aggressive: stand in the closest Bedrock feature' }));
  const progress = h('progress', { id: 'upload-progress', max: '100', value: '0', 'aria-label': 'Upload progress' });
  const progressText = h('span', { id: 'upload-progress-text', text: '' });
  const progressRow = h('div', { class: 'progress-row', hidden: true }, progress, progressText);
  const submit = h('button', { type: 'submit', id: 'upload-submit', disabled: true, text: 'Convert' });
  const form = h('form', { id: 'upload-form', novalidate: true },
    zone,
    h('div', { class: 'field' }, h('label', { for: 'upload-assumptions', text: 'Assumptions' }), assumptions),
    error.node, progressRow, submit);

  let limits = { max_upload_bytes: 100 * 1024 * 1024, accepted_extensions: ['.jar', '.zip'] };
  let file = null;

  async function choose(candidate) {
    error.clear();
    file = null;
    submit.disabled = true;
    if (!candidate) return;
    chosen.textContent = `${candidate.name} (${formatBytes(candidate.size)})`;
    const problem = await checkFile(candidate, limits);
    if (problem) { error.show(problem); return; }
    file = candidate;
    submit.disabled = false;
  }

  picker.addEventListener('change', () => choose(picker.files[0]));
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const dropped = event.dataTransfer && event.dataTransfer.files;
    if (dropped && dropped.length > 1) { error.show('Drop one mod at a time.'); return; }
    choose(dropped && dropped[0]);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!file) return;
    error.clear();
    submit.disabled = true;
    picker.disabled = true;
    progressRow.hidden = false;
    try {
      const token = await freshToken();
      const accepted = await send(file, { assumptions: assumptions.value }, token, (loaded, total) => {
        const percent = Math.round((loaded / total) * 100);
        progress.value = percent;
        progressText.textContent = `${percent} % of ${formatBytes(total)}`;
      });
      announce(accepted.from_cache ? 'Converted already: opening the result' : 'Uploaded: the conversion has started');
      go('/conversions/' + accepted.id);
    } catch (failure) {
      error.show(describe(failure) + (failure.code ? ` (${failure.code})` : ''));
      progressRow.hidden = true;
      submit.disabled = false;
      picker.disabled = false;
    }
  });

  replace(main,
    h('section', { class: 'card', 'aria-labelledby': 'upload-title' },
      h('h1', { id: 'upload-title', text: 'Convert a mod' }),
      h('p', { text: 'Upload a Java Edition mod (.jar). ModPorter converts its blocks, items, recipes, textures and names into a Bedrock add-on and tells you what it could not.' }),
      quota, form));
  try {
    limits = await request('/api/v1/conversions/limits');
    const day = limits.conversions_per_day === null ? 'no daily limit' : `${limits.used_today} of ${limits.conversions_per_day} conversions used today`;
    quota.textContent = `Up to ${formatBytes(limits.max_upload_bytes)} per mod; ${day}.`;
  } catch (failure) {
    quota.textContent = 'Your limits could not be read: ' + describe(failure);
  }
}
