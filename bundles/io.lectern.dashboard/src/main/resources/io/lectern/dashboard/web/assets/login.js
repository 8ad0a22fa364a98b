// Signs in with a session cookie, then goes back where the visitor wanted to go.
import './app.js';

const form = document.getElementById('login');
const error = document.getElementById('error');

/** Only pages of the dashboard itself: never another site named in the link. */
function target() {
  const next = new URLSearchParams(location.search).get('next') || '';
  return /^\/dashboard\/[^/]*/.test(next) && !next.startsWith('//') ? next : '/dashboard/';
}

form.addEventListener('submit', async e => {
  e.preventDefault();
  error.textContent = '';
  const r = await fetch('/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'lectern' },
    body: JSON.stringify({ username: form.username.value.trim(), password: form.password.value }),
  });
  if (r.ok) {
    location.href = target();
    return;
  }
  const data = await r.json().catch(() => ({}));
  if (data.error === 'setup-required') {
    location.href = '/setup';
    return;
  }
  error.textContent = data.message || 'Signing in did not work. Try again.';
  form.password.select();
});
form.password.focus();
