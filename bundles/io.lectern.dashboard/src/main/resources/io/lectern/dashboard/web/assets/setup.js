// First run: choose the admin password, then sign in with it.
import './app.js';

const form = document.getElementById('setup');
const error = document.getElementById('error');

async function post(path, body) {
  const r = await fetch('/api/v1' + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'lectern' },
    body: JSON.stringify(body),
  });
  return { ok: r.ok, status: r.status, data: await r.json().catch(() => ({})) };
}

form.addEventListener('submit', async e => {
  e.preventDefault();
  error.textContent = '';
  const password = form.password.value;
  if (password !== form.repeat.value) {
    error.textContent = 'The two passwords are not the same.';
    return;
  }
  const setup = await post('/setup', { password });
  if (setup.status === 409) {
    location.href = '/login';
    return;
  }
  if (!setup.ok) {
    error.textContent = setup.data.message || 'That did not work. Try again.';
    return;
  }
  const login = await post('/session', { username: 'admin', password });
  location.href = login.ok ? '/dashboard/' : '/login';
});
form.password.focus();
