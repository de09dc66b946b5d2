// A finished conversion's report: the summary (score, counts per kind), the features in a
// sortable, filterable table with the smart assumption made for each one not converted, the
// warnings, and the exports.
import { describe, request } from '../api.js';
import { errorBox, h, replace, saveBlob } from '../dom.js';

const COUNTS = ['converted', 'approximated', 'skipped', 'failed'];

const COLUMNS = [
  { key: 'kind', label: 'Kind' },
  { key: 'java_id', label: 'Java' },
  { key: 'status', label: 'Status' },
  { key: 'bedrock_id', label: 'Bedrock' },
  { key: 'assumption', label: 'Smart assumption / notes', sortable: false },
];

function assumptionText(feature) {
  const parts = [];
  if (feature.assumption) {
    const a = feature.assumption;
    parts.push(`${a.reason}${a.stand_in ? ' → ' + a.stand_in : ''}${a.impact ? ` (impact: ${a.impact})` : ''}`);
  }
  for (const note of feature.notes || []) parts.push(note);
  return parts;
}

/** Renders the report of conversion `id` into `container`. */
export async function renderReport(container, id) {
  const error = errorBox('report-error');
  replace(container, h('p', { role: 'status', class: 'loading', text: 'Loading the report…' }));
  let report;
  try {
    report = await request(`/api/v1/conversions/${id}/report?format=json`);
  } catch (failure) {
    replace(container, h('p', { class: 'error', role: 'alert', text: 'The report could not be loaded: ' + describe(failure) }));
    return;
  }
  const features = report.features || [];
  const kinds = Object.keys(report.totals || {}).sort();

  const totals = h('table', { class: 'totals', id: 'report-totals' },
    h('caption', { text: 'Features per kind' }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Kind' }), COUNTS.map((name) => h('th', { scope: 'col', text: name })))),
    h('tbody', {}, kinds.map((kind) => h('tr', {}, h('th', { scope: 'row', text: kind }),
      COUNTS.map((name) => h('td', { text: String((report.totals[kind] || {})[name] ?? 0) }))))));

  const search = h('input', { type: 'search', id: 'feature-filter', placeholder: 'ruby, recipe, …' });
  const statusFilter = h('select', { id: 'feature-status' }, h('option', { value: '', text: 'Any status' }),
    [...new Set(features.map((feature) => feature.status))].sort().map((status) => h('option', { value: status, text: status })));
  const kindFilter = h('select', { id: 'feature-kind' }, h('option', { value: '', text: 'Any kind' }),
    kinds.map((kind) => h('option', { value: kind, text: kind })));
  const shown = h('p', { class: 'hint', id: 'feature-count', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'feature-rows' });
  let sort = { key: 'kind', direction: 1 };
  const headers = COLUMNS.map((column) => {
    if (column.sortable === false) return h('th', { scope: 'col', text: column.label });
    const button = h('button', { type: 'button', class: 'sort', dataset: { key: column.key }, text: column.label });
    const cell = h('th', { scope: 'col', 'aria-sort': 'none' }, button);
    button.addEventListener('click', () => {
      sort = { key: column.key, direction: sort.key === column.key ? -sort.direction : 1 };
      draw();
    });
    return cell;
  });

  function draw() {
    const needle = search.value.trim().toLowerCase();
    const rows = features.filter((feature) => (!statusFilter.value || feature.status === statusFilter.value)
      && (!kindFilter.value || feature.kind === kindFilter.value)
      && (!needle || [feature.kind, feature.java_id, feature.bedrock_id, feature.status, ...assumptionText(feature)]
        .some((text) => text && String(text).toLowerCase().includes(needle))));
    rows.sort((a, b) => String(a[sort.key] ?? '').localeCompare(String(b[sort.key] ?? '')) * sort.direction);
    headers.forEach((cell, index) => {
      if (COLUMNS[index].sortable === false) return;
      cell.setAttribute('aria-sort', COLUMNS[index].key === sort.key ? (sort.direction > 0 ? 'ascending' : 'descending') : 'none');
    });
    replace(body, rows.length ? rows.map((feature) => h('tr', { class: 'status-' + feature.status },
      h('td', { text: feature.kind }),
      h('td', {}, h('code', { text: feature.java_id || '—' })),
      h('td', {}, h('span', { class: 'badge ' + feature.status, text: feature.status })),
      h('td', {}, feature.bedrock_id ? h('code', { text: feature.bedrock_id }) : '—'),
      h('td', {}, assumptionText(feature).map((line) => h('p', { class: 'note', text: line }))))) :
      h('tr', {}, h('td', { colspan: String(COLUMNS.length), class: 'empty', text: 'No feature matches these filters.' })));
    shown.textContent = `Showing ${rows.length} of ${features.length} features.`;
  }
  [search, statusFilter, kindFilter].forEach((control) => control.addEventListener('input', draw));

  const exportButton = (format, label) => h('button', { type: 'button', class: 'secondary', id: 'export-' + format, text: label, on: { click: async () => {
    error.clear();
    try {
      const response = await request(`/api/v1/conversions/${id}/report?format=${format}`, { raw: true, headers: { Accept: '*/*' } });
      saveBlob(await response.blob(), `report-${id}.${format}`);
    } catch (failure) { error.show(describe(failure)); }
  } } });

  const warnings = report.warnings || [];
  const mod = report.mod || {};
  replace(container,
    h('section', { class: 'report card', 'aria-labelledby': 'report-title', id: 'report' },
      h('h2', { id: 'report-title', text: 'Report' }),
      h('div', { class: 'summary' },
        h('div', { class: 'score', id: 'report-score' }, h('span', { class: 'score-value', text: String(Math.round(report.score ?? 0)) }), h('span', { text: ' / 100 converted' })),
        h('dl', { class: 'facts' },
          h('dt', { text: 'Mod' }), h('dd', { text: `${mod.name || mod.id || '—'} ${mod.version || ''}`.trim() }),
          h('dt', { text: 'Loader' }), h('dd', { text: mod.loader || '—' }),
          h('dt', { text: 'Features' }), h('dd', { text: String(features.length) }),
          report.from_cache ? [h('dt', { text: 'Source' }), h('dd', { text: 'answered from the result cache' })] : null)),
      report.nothing_to_convert ? h('p', { class: 'notice', text: 'This jar holds nothing ModPorter can convert.' }) : null,
      totals,
      h('div', { class: 'exports' }, h('span', { text: 'Export the report: ' }), exportButton('json', 'JSON'), exportButton('html', 'HTML'), exportButton('csv', 'CSV')),
      error.node,
      h('h3', { text: 'Features' }),
      h('div', { class: 'filters' },
        h('div', { class: 'field' }, h('label', { for: 'feature-filter', text: 'Search' }), search),
        h('div', { class: 'field' }, h('label', { for: 'feature-status', text: 'Status' }), statusFilter),
        h('div', { class: 'field' }, h('label', { for: 'feature-kind', text: 'Kind' }), kindFilter)),
      shown,
      h('div', { class: 'table-wrap' }, h('table', { class: 'features', id: 'feature-table' },
        h('caption', { class: 'visually-hidden', text: 'Features of the mod and what became of each' }),
        h('thead', {}, h('tr', {}, headers)), body)),
      h('h3', { text: 'Warnings' }),
      warnings.length ? h('ul', { id: 'report-warnings' }, warnings.map((warning) => h('li', { text: typeof warning === 'string' ? warning : (warning.message || JSON.stringify(warning)) })))
        : h('p', { id: 'report-warnings', text: 'No warnings.' })));
  draw();
}
