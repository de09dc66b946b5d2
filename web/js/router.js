// Hash routes (`#/conversions/ID`): the server serves one page, and links from mail
// (`#/reset-password?token=…`) keep their token out of request lines and logs.

const routes = [];

/** Registers `pattern` (`/conversions/:id`) with `view(main, params, query)`, which may return a cleanup function. */
export function route(pattern, view, { auth = false } = {}) {
  const names = [];
  const source = pattern.replace(/:([a-z]+)/g, (_, name) => { names.push(name); return '([^/]+)'; });
  routes.push({ regex: new RegExp('^' + source + '$'), names, view, auth });
}

/** The current route: `{view, params, query, auth}` or null. */
export function resolve() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?');
  for (const entry of routes) {
    const match = entry.regex.exec(path);
    if (!match) continue;
    const params = {};
    entry.names.forEach((name, index) => { params[name] = decodeURIComponent(match[index + 1]); });
    return { view: entry.view, params, query: new URLSearchParams(search), auth: entry.auth, path };
  }
  return null;
}

/** Goes to `path` (`/conversions/ID`). */
export function go(path) {
  if (location.hash === '#' + path) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = '#' + path;
}
