// The page's entry: restores the session from the refresh cookie, draws the navigation and runs
// the view for the current hash route.
import { currentUser, refresh, session, signOut } from './api.js';
import { h, replace, announce } from './dom.js';
import { realtime } from './realtime.js';
import { go, resolve, route } from './router.js';
import { signInView, registerView, forgotView, resetView, verifyView } from './views/auth.js';
import { uploadView } from './views/upload.js';
import { historyView } from './views/history.js';
import { conversionView } from './views/conversion.js';
import { filesView } from './views/files.js';

route('/', uploadView, { auth: true });
route('/sign-in', signInView);
route('/register', registerView);
route('/forgot', forgotView);
route('/reset-password', resetView);
route('/verify-email', verifyView);
route('/conversions', historyView, { auth: true });
route('/conversions/:id', conversionView, { auth: true });
route('/conversions/:id/files', filesView, { auth: true });

const main = document.getElementById('main');
let cleanup = null;

function drawNav() {
  const nav = document.getElementById('nav');
  const user = currentUser();
  const here = (location.hash.replace(/^#/, '') || '/').split('?')[0];
  const link = (path, label) => h('a', { href: '#' + path, 'aria-current': here === path ? 'page' : null, text: label });
  if (user) {
    replace(nav,
      link('/', 'Convert'),
      link('/conversions', 'History'),
      h('span', { class: 'who', text: user.email }),
      h('button', { type: 'button', class: 'secondary', id: 'sign-out', text: 'Sign out', on: { click: async () => {
        realtime.stop(); // first: the session's end closes the socket, which must not try to refresh
        await signOut();
        announce('Signed out');
        go('/sign-in');
      } } }));
  } else {
    replace(nav, link('/sign-in', 'Sign in'), link('/register', 'Register'));
  }
}

async function show() {
  if (cleanup) { try { cleanup(); } catch { /* a view's cleanup never blocks the next */ } }
  cleanup = null;
  drawNav();
  const current = resolve();
  if (!current) {
    replace(main, h('h1', { tabindex: '-1', text: 'Not found' }), h('p', {}, 'This page does not exist. ', h('a', { href: '#/', text: 'Go to the start.' })));
    focusHeading();
    return;
  }
  if (current.auth && !currentUser()) {
    const back = location.hash.replace(/^#/, '');
    go('/sign-in' + (back && back !== '/' ? '?next=' + encodeURIComponent(back) : ''));
    return;
  }
  if (!current.auth && currentUser() && ['/sign-in', '/register'].includes(current.path)) { go('/'); return; }
  replace(main);
  try {
    cleanup = (await current.view(main, current.params, current.query)) || null;
  } catch (error) {
    replace(main, h('h1', { tabindex: '-1', text: 'Something went wrong' }), h('p', { class: 'error', role: 'alert', text: String(error.message || error) }));
  }
  focusHeading();
}

function focusHeading() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    document.title = heading.textContent + ' · ModPorter';
  }
}

session.addEventListener('change', () => {
  drawNav();
  if (currentUser()) realtime.start();
});

window.addEventListener('hashchange', show);

(async () => {
  await refresh();
  if (currentUser()) realtime.start();
  await show();
})();
