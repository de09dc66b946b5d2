// The platform's REST API from the browser. The access token lives in this module's memory only;
// the refresh token is the HttpOnly `mp_refresh` cookie, rotated with the readable `mp_csrf`
// cookie echoed in `X-CSRF-Token`. A reload signs the user back in through that cookie.

/** An error the API answered (`{"error": {code, message, request_id}}`) or a network failure. */
export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

const state = { token: null, user: null, expiresAt: 0, refreshing: null, timer: null };

/** Fires `change` when the user signs in, out, or the token is renewed. */
export const session = new EventTarget();

/** The signed-in user (`{id, email, roles}`) or null. */
export function currentUser() { return state.user; }

/** The access token, for the WebSocket's `auth` message. */
export function accessToken() { return state.token; }

function csrfToken() {
  const match = document.cookie.split('; ').find((part) => part.startsWith('mp_csrf='));
  return match ? decodeURIComponent(match.slice('mp_csrf='.length)) : null;
}

/** Keeps what a sign-in, registration or refresh answered, and schedules the next refresh. */
export function establish(answer) {
  state.token = answer.access_token;
  if (answer.user) state.user = answer.user;
  state.expiresAt = Date.now() + (answer.expires_in || 900) * 1000;
  clearTimeout(state.timer);
  const lead = Math.max(10, (answer.expires_in || 900) - 60) * 1000;
  state.timer = setTimeout(() => { refresh().catch(() => {}); }, lead);
  session.dispatchEvent(new Event('change'));
}

/** Forgets the session in this tab (the server side is ended by `signOut`). */
export function forget() {
  clearTimeout(state.timer);
  state.token = null;
  state.user = null;
  session.dispatchEvent(new Event('change'));
}

/**
 * Rotates the refresh cookie for a new access token. Concurrent callers share one request.
 * Resolves true when signed in afterwards.
 */
export function refresh() {
  if (state.refreshing) return state.refreshing;
  const csrf = csrfToken();
  if (!csrf) return Promise.resolve(false);
  state.refreshing = (async () => {
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' },
      });
      if (!response.ok) { if (state.token) forget(); return false; }
      const answer = await response.json();
      establish(answer);
      if (!answer.user) state.user = (await request('/api/v1/users/me')).user ?? state.user;
      return true;
    } catch {
      return false;
    } finally {
      state.refreshing = null;
    }
  })();
  return state.refreshing;
}

async function failure(response) {
  let code = 'http_' + response.status;
  let message = response.statusText || 'the request failed';
  let requestId = response.headers.get('X-Request-ID');
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
      requestId = body.error.request_id || requestId;
    }
  } catch { /* not JSON: keep the status line */ }
  return new ApiError(response.status, code, message, requestId);
}

/**
 * Calls the API. `body` (an object) goes as JSON; `raw: true` returns the Response (for files).
 * A 401 while signed in refreshes the token once and retries.
 * @throws {ApiError}
 */
export async function request(path, { method = 'GET', body, raw = false, retry = true, headers = {} } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (state.token) init.headers.Authorization = 'Bearer ' + state.token;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'the server cannot be reached; check your connection and try again');
  }
  if (response.status === 401 && retry && state.token && (await refresh())) {
    return request(path, { method, body, raw, retry: false, headers });
  }
  if (!response.ok) throw await failure(response);
  if (raw) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Makes sure the access token has at least a minute left (uploads use XHR, outside `request`). */
export async function freshToken() {
  if (state.token && state.expiresAt - Date.now() > 60000) return state.token;
  await refresh();
  return state.token;
}

/** Ends the session on the server (cookies cleared) and here. */
export async function signOut() {
  try {
    await request('/api/v1/auth/logout', { method: 'POST', retry: false });
  } catch { /* the local session ends either way */ }
  forget();
}

/** A user-facing sentence for any error. */
export function describe(error) {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited' || error.status === 429) return 'Too many requests: wait a moment and try again.';
    return error.message.charAt(0).toUpperCase() + error.message.slice(1) + (error.message.endsWith('.') ? '' : '.');
  }
  return 'Something went wrong: ' + (error && error.message ? error.message : String(error));
}
