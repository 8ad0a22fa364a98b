// API tokens, users and the password.
import { api, layout, esc, notify, showErrors, isAdmin, session } from './app.js';

async function showTokens() {
  const tokens = await api('GET', '/tokens');
  const ul = document.getElementById('tokens');
  ul.innerHTML = tokens.map(t => `
    <li class="list-group-item d-flex align-items-center gap-2" data-token="${esc(t.id)}">
      <div class="me-auto"><div>${esc(t.name)}</div><div class="small text-body-secondary">made ${new Date(t.created).toLocaleString()}
        · ${t.lastUsed ? 'last used ' + new Date(t.lastUsed).toLocaleString() : 'never used'}</div></div>
      <button class="btn btn-outline-danger btn-sm"><i class="fa-solid fa-ban"></i> Revoke</button></li>`).join('')
    || '<li class="list-group-item text-body-secondary small">No tokens.</li>';
  ul.querySelectorAll('[data-token] button').forEach(btn => btn.addEventListener('click', async () => {
    await api('DELETE', `/tokens/${encodeURIComponent(btn.closest('li').dataset.token)}`).catch(e => notify(e.message, 'danger'));
    showTokens();
  }));
}

async function showUsers() {
  const me = await session();
  const users = await api('GET', '/users');
  const ul = document.getElementById('users');
  ul.innerHTML = users.map(u => `
    <li class="list-group-item d-flex align-items-center gap-2" data-user="${esc(u.username)}">
      <i class="fa-solid fa-user"></i><span class="me-auto">${esc(u.username)}</span>
      <span class="badge text-bg-secondary">${esc(u.role)}</span>
      ${u.username === me.username ? '' : '<button class="btn btn-outline-danger btn-sm" title="Delete"><i class="fa-solid fa-trash"></i></button>'}</li>`).join('');
  ul.querySelectorAll('[data-user] button').forEach(btn => btn.addEventListener('click', async () => {
    const name = btn.closest('li').dataset.user;
    if (!confirm(`Delete the user ${name}?`)) return;
    await api('DELETE', `/users/${encodeURIComponent(name)}`).catch(e => notify(e.message, 'danger'));
    showUsers();
  }));
}

document.getElementById('token-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const t = await api('POST', '/tokens', { name: e.target.name.value.trim() });
    const box = document.getElementById('new-token');
    box.innerHTML = `Copy the token now: it is shown only once.<br><code class="secret" id="token-secret">${esc(t.token)}</code>`;
    box.classList.remove('d-none');
    e.target.reset();
    showTokens();
  } catch (err) {
    showErrors(e.target, err);
  }
});

document.getElementById('user-form').addEventListener('submit', async e => {
  e.preventDefault();
  const f = e.target;
  try {
    await api('POST', '/users', { username: f.username.value.trim(), password: f.password.value, role: f.role.value });
    f.reset();
    notify('User added.');
    showUsers();
  } catch (err) {
    showErrors(f, err);
  }
});

document.getElementById('password-form').addEventListener('submit', async e => {
  e.preventDefault();
  const f = e.target;
  try {
    await api('POST', '/account/password', { currentPassword: f.currentPassword.value, newPassword: f.newPassword.value });
    f.reset();
    notify('Your password is changed.');
  } catch (err) {
    showErrors(f, err);
  }
});

async function load() {
  await layout();
  if (isAdmin()) {
    await Promise.all([showTokens(), showUsers()]);
  }
}

load().catch(e => notify(e.message, 'danger'));
