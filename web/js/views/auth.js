// Sign-in (with the second-factor step), registration, the forgotten-password request, the reset
// and the email verification the mailed links open.
import { describe, establish, request } from '../api.js';
import { announce, errorBox, field, h, replace } from '../dom.js';
import { go } from '../router.js';

const MIN_PASSWORD = 8;
const MAX_PASSWORD_BYTES = 72;

function passwordProblem(password, email) {
  if (password.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) return `Use at most ${MAX_PASSWORD_BYTES} bytes.`;
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return 'The password cannot be your email address.';
  return null;
}

/** Disables a form's controls while `work` runs, and marks it busy for assistive tech. */
async function busy(form, work) {
  const controls = [...form.elements];
  form.setAttribute('aria-busy', 'true');
  controls.forEach((control) => { control.disabled = true; });
  try { return await work(); } finally {
    controls.forEach((control) => { control.disabled = false; });
    form.removeAttribute('aria-busy');
  }
}

function input(type, name, autocomplete, extra = {}) {
  return h('input', { type, name, autocomplete, required: true, ...extra });
}

function afterSignIn(query) {
  const next = query && query.get('next');
  go(next && next.startsWith('/') ? next : '/');
}

/** `#/sign-in`: email and password, then a TOTP or recovery code when the account has 2FA. */
export function signInView(main, _params, query) {
  const error = errorBox('sign-in-error');
  const email = input('email', 'email', 'email');
  const password = input('password', 'password', 'current-password');
  const form = h('form', { id: 'sign-in-form', novalidate: true },
    field('sign-in-email', 'Email', email),
    field('sign-in-password', 'Password', password),
    error.node,
    h('button', { type: 'submit', text: 'Sign in' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.clear();
    if (!email.value || !password.value) { error.show('Enter your email and password.'); return; }
    await busy(form, async () => {
      try {
        const answer = await request('/api/v1/auth/login', { method: 'POST', body: { email: email.value, password: password.value }, retry: false });
        if (answer.mfa_required) { secondFactor(main, answer.mfa_token, query); return; }
        establish(answer);
        announce('Signed in');
        afterSignIn(query);
      } catch (failure) {
        error.show(describe(failure));
        password.focus();
      }
    });
  });
  replace(main,
    h('section', { class: 'card narrow', 'aria-labelledby': 'sign-in-title' },
      h('h1', { id: 'sign-in-title', text: 'Sign in' }),
      form,
      h('p', {}, h('a', { href: '#/forgot', text: 'Forgot your password?' })),
      h('p', {}, 'New here? ', h('a', { href: '#/register', text: 'Create an account' }))));
  email.focus();
}

function secondFactor(main, mfaToken, query) {
  const error = errorBox('code-error');
  let recovery = false;
  // No autocomplete token: `one-time-code` is for codes sent by SMS, and the axe-core the tests
  // run (3.1) does not know it.
  const code = h('input', { type: 'text', name: 'code', required: true, inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: '6' });
  const label = h('label', { for: 'sign-in-code', text: 'Six-digit code from your authenticator app' });
  code.id = 'sign-in-code';
  const toggle = h('button', { type: 'button', class: 'link', text: 'Use a recovery code instead' });
  toggle.addEventListener('click', () => {
    recovery = !recovery;
    label.textContent = recovery ? 'Recovery code' : 'Six-digit code from your authenticator app';
    toggle.textContent = recovery ? 'Use the authenticator code instead' : 'Use a recovery code instead';
    code.inputMode = recovery ? 'text' : 'numeric';
    if (recovery) { code.removeAttribute('pattern'); code.removeAttribute('maxlength'); } else { code.pattern = '[0-9]{6}'; code.maxLength = 6; }
    code.value = '';
    code.focus();
  });
  const form = h('form', { id: 'code-form', novalidate: true },
    h('div', { class: 'field' }, label, code), error.node, h('button', { type: 'submit', text: 'Verify' }), toggle);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.clear();
    const value = code.value.trim();
    if (!recovery && !/^[0-9]{6}$/.test(value)) { error.show('Enter the six digits your app shows.'); code.focus(); return; }
    if (!value) { error.show('Enter one of your recovery codes.'); return; }
    await busy(form, async () => {
      try {
        const body = recovery ? { mfa_token: mfaToken, recovery_code: value } : { mfa_token: mfaToken, code: value };
        establish(await request('/api/v1/auth/login/2fa', { method: 'POST', body, retry: false }));
        announce('Signed in');
        afterSignIn(query);
      } catch (failure) {
        error.show(describe(failure));
        code.focus();
      }
    });
  });
  replace(main,
    h('section', { class: 'card narrow', 'aria-labelledby': 'code-title' },
      h('h1', { id: 'code-title', tabindex: '-1', text: 'Two-step verification' }),
      h('p', { text: 'Your account asks for a second factor.' }),
      form,
      h('p', {}, h('a', { href: '#/sign-in', text: 'Start over' }))));
  code.focus();
}

/** `#/register`: a new account, signed in at once; the verification link goes by mail. */
export function registerView(main) {
  const error = errorBox('register-error');
  const email = input('email', 'email', 'email');
  const password = input('password', 'password', 'new-password', { minlength: String(MIN_PASSWORD) });
  const confirm = input('password', 'confirm', 'new-password');
  const form = h('form', { id: 'register-form', novalidate: true },
    field('register-email', 'Email', email),
    field('register-password', 'Password', password, `At least ${MIN_PASSWORD} characters; a passphrase of a few words works well.`),
    field('register-confirm', 'Repeat the password', confirm),
    error.node,
    h('button', { type: 'submit', text: 'Create account' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.clear();
    if (!/^[^@\s]+@[^@\s]+$/.test(email.value.trim())) { error.show('Enter a valid email address.'); email.focus(); return; }
    const problem = passwordProblem(password.value, email.value);
    if (problem) { error.show(problem); password.focus(); return; }
    if (password.value !== confirm.value) { error.show('The two passwords differ.'); confirm.focus(); return; }
    await busy(form, async () => {
      try {
        establish(await request('/api/v1/auth/register', { method: 'POST', body: { email: email.value.trim(), password: password.value }, retry: false }));
        announce('Account created. A verification link is on its way to your inbox.');
        go('/');
      } catch (failure) {
        error.show(describe(failure));
      }
    });
  });
  replace(main,
    h('section', { class: 'card narrow', 'aria-labelledby': 'register-title' },
      h('h1', { id: 'register-title', text: 'Create an account' }),
      form,
      h('p', {}, 'Already registered? ', h('a', { href: '#/sign-in', text: 'Sign in' }))));
  email.focus();
}

/** `#/forgot`: asks for a reset link (the answer never says whether the address has an account). */
export function forgotView(main) {
  const error = errorBox('forgot-error');
  const email = input('email', 'email', 'email');
  const done = h('p', { class: 'notice', role: 'status', hidden: true });
  const form = h('form', { id: 'forgot-form', novalidate: true },
    field('forgot-email', 'Email', email), error.node, h('button', { type: 'submit', text: 'Send a reset link' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.clear();
    if (!email.value.includes('@')) { error.show('Enter the email address of your account.'); return; }
    await busy(form, async () => {
      try {
        await request('/api/v1/auth/password-reset/request', { method: 'POST', body: { email: email.value.trim() }, retry: false });
        done.textContent = 'If an account uses that address, a reset link is on its way. It works for one hour.';
        done.hidden = false;
      } catch (failure) {
        error.show(describe(failure));
      }
    });
  });
  replace(main,
    h('section', { class: 'card narrow', 'aria-labelledby': 'forgot-title' },
      h('h1', { id: 'forgot-title', text: 'Reset your password' }), form, done,
      h('p', {}, h('a', { href: '#/sign-in', text: 'Back to sign in' }))));
}

/** `#/reset-password?token=…` (the mailed link): a new password; every session ends. */
export function resetView(main, _params, query) {
  const token = query.get('token') || '';
  const error = errorBox('reset-error');
  const password = input('password', 'password', 'new-password');
  const confirm = input('password', 'confirm', 'new-password');
  const form = h('form', { id: 'reset-form', novalidate: true },
    field('reset-password', 'New password', password, `At least ${MIN_PASSWORD} characters.`),
    field('reset-confirm', 'Repeat the new password', confirm),
    error.node, h('button', { type: 'submit', text: 'Set the new password' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.clear();
    const problem = passwordProblem(password.value);
    if (problem) { error.show(problem); return; }
    if (password.value !== confirm.value) { error.show('The two passwords differ.'); return; }
    await busy(form, async () => {
      try {
        await request('/api/v1/auth/password-reset', { method: 'POST', body: { token, password: password.value }, retry: false });
        replace(form, h('p', { class: 'notice', role: 'status' }, 'Your password is changed and every session has ended. ',
          h('a', { href: '#/sign-in', text: 'Sign in' })));
      } catch (failure) {
        error.show(describe(failure));
      }
    });
  });
  replace(main, h('section', { class: 'card narrow', 'aria-labelledby': 'reset-title' },
    h('h1', { id: 'reset-title', text: 'Choose a new password' }),
    token ? form : h('p', { class: 'error', role: 'alert', text: 'This link has no token. Ask for a new one.' })));
}

/** `#/verify-email?token=…` (the mailed link). */
export async function verifyView(main, _params, query) {
  const status = h('p', { role: 'status', text: 'Confirming your address…' });
  replace(main, h('section', { class: 'card narrow', 'aria-labelledby': 'verify-title' }, h('h1', { id: 'verify-title', text: 'Confirm your email' }), status));
  try {
    await request('/api/v1/auth/verify-email', { method: 'POST', body: { token: query.get('token') || '' }, retry: false });
    status.textContent = 'Your email address is confirmed.';
  } catch (failure) {
    status.className = 'error';
    status.textContent = describe(failure);
  }
}
