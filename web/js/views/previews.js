// A finished conversion's previews: every block and item drawn twice, Java beside Bedrock, with
// the agreement score and a "looks different" flag. The list comes from
// `GET /api/v1/conversions/{id}/previews`; each image is fetched with the user's token (so another
// user gets nothing), only when its card scrolls into view, and shown from a data: URL (the page's
// CSP allows images from 'self' and data: only).
import { describe, request } from '../api.js';
import { h, replace } from '../dom.js';

/** Fetches one preview image through the API and returns it as a data: URL. */
async function imageURL(id, name) {
  const response = await request(`/api/v1/conversions/${id}/previews/${encodeURIComponent(name)}.png`, { raw: true });
  const blob = await response.blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** Loads an `img` from its `data-name` once it comes near the viewport. */
function lazyLoader(id) {
  async function load(image) {
    if (image.dataset.loaded) return;
    image.dataset.loaded = 'loading';
    try {
      image.src = await imageURL(id, image.dataset.name);
      image.dataset.loaded = 'yes';
    } catch (failure) {
      image.dataset.loaded = 'failed';
      image.alt = image.alt + ' (not available: ' + describe(failure) + ')';
    }
  }
  if (!('IntersectionObserver' in window)) return { watch: load, stop() {} };
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      load(entry.target);
    }
  }, { rootMargin: '200px' });
  return { watch: (image) => observer.observe(image), stop: () => observer.disconnect() };
}

/** Renders the previews of conversion `id` into `container`; returns a function that stops loading. */
export async function renderPreviews(container, id) {
  replace(container, h('p', { role: 'status', class: 'loading', text: 'Loading the previews…' }));
  let list;
  try {
    list = await request(`/api/v1/conversions/${id}/previews`);
  } catch (failure) {
    replace(container, h('p', { class: 'error', role: 'alert', text: 'The previews could not be loaded: ' + describe(failure) }));
    return () => {};
  }
  const items = list.items || [];
  if (!items.length) {
    replace(container, h('section', { class: 'card', 'aria-labelledby': 'previews-title' },
      h('h2', { id: 'previews-title', text: 'Previews' }), h('p', { text: 'This add-on has no blocks or items to draw.' })));
    return () => {};
  }
  const loader = lazyLoader(id);
  const different = items.filter((item) => item.looks_different).length;
  const onlyDifferent = h('input', { type: 'checkbox', id: 'previews-different-only' });
  const shown = h('p', { class: 'hint', id: 'previews-count', 'aria-live': 'polite' });
  const grid = h('ul', { class: 'preview-grid', id: 'preview-grid' });

  const cards = items.map((item) => {
    const picture = (side, label) => {
      const image = h('img', { width: '128', height: '128', alt: `${item.java_id}, ${label}`, dataset: { name: item[side] }, class: 'preview-image' });
      return { image, figure: h('figure', {}, image, h('figcaption', { text: label })) };
    };
    const java = picture('java', 'Java');
    const bedrock = picture('bedrock', 'Bedrock');
    const score = Math.round((item.score ?? 0) * 100);
    const card = h('li', { class: 'preview-card' + (item.looks_different ? ' different' : ''), dataset: { javaId: item.java_id, different: String(!!item.looks_different) } },
      h('p', { class: 'preview-name' }, h('span', { class: 'badge ' + item.kind, text: item.kind }), ' ', h('code', { text: item.java_id })),
      h('div', { class: 'preview-pair' }, java.figure, bedrock.figure),
      h('p', { class: 'preview-score' }, `Agreement ${score} %`, item.looks_different ? h('strong', { class: 'flag', text: ' · looks different' }) : null),
      item.reason ? h('p', { class: 'hint', text: item.reason }) : null);
    return { card, item, images: [java.image, bedrock.image] };
  });

  function draw() {
    const visible = cards.filter(({ item }) => !onlyDifferent.checked || item.looks_different);
    replace(grid, visible.map(({ card }) => card));
    for (const { images } of visible) for (const image of images) loader.watch(image);
    shown.textContent = `${visible.length} of ${items.length} shown · ${different} look different (agreement under ${Math.round(list.threshold * 100)} %)`;
  }
  onlyDifferent.addEventListener('change', draw);

  replace(container, h('section', { class: 'card', 'aria-labelledby': 'previews-title' },
    h('h2', { id: 'previews-title', text: 'Previews: Java beside Bedrock' }),
    h('p', { class: 'hint', text: 'Each block and item as the mod draws it and as the add-on will. A low agreement means the add-on may look wrong in game.' }),
    h('label', { class: 'inline', for: 'previews-different-only' }, onlyDifferent, ' Looks different only'),
    shown, grid));
  draw();
  return () => loader.stop();
}
