// Shared by every dashboard page: API calls with the session's CSRF token, the menu, messages and live events.

let current = null;

/** The signed-in user ({username, role, csrfToken}); sends the visitor to the sign-in page when there is none. */
export async function session() {
  if (!current) {
    const r = await fetch('/api/v1/session', { headers: { 'X-Requested-With': 'lectern' } });
    if (r.status === 401) {
      location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
      throw new Error('not signed in');
    }
    current = await r.json();
  }
  return current;
}

export function isAdmin() {
  return current && current.role === 'admin';
}

/** Calls the API; answers the parsed JSON (null when empty) or throws an Error with the API's message and fields. */
export async function api(method, path, body, contentType) {
  const headers = { 'X-Requested-With': 'lectern' };
  if (method !== 'GET' && current && current.csrfToken) {
    headers['X-CSRF-Token'] = current.csrfToken;
  }
  let payload = body;
  if (body !== undefined && !(body instanceof Blob) && !(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (contentType) {
    headers['Content-Type'] = contentType;
  }
  const r = await fetch('/api/v1' + path, { method, headers, body: payload });
  if (r.status === 401) {
    location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
  }
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) {
    const e = new Error((data && data.message) || ('The server answered ' + r.status));
    e.status = r.status;
    e.fields = (data && data.fields) || {};
    throw e;
  }
  return data;
}

/** Escapes text for HTML. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Shows a message above the page; it goes away by itself unless it is an error. */
export function notify(message, kind = 'success') {
  const box = document.createElement('div');
  box.className = `alert alert-${kind} alert-dismissible fade show`;
  box.setAttribute('role', 'alert');
  box.innerHTML = `${esc(message)}<button type="button" class="btn-close" data-bs-dismiss="alert" aria-label="Close"></button>`;
  document.getElementById('alerts').append(box);
  if (kind !== 'danger') {
    setTimeout(() => box.remove(), 5000);
  }
}

/** Puts the API's field errors under the form's inputs (by name) and says the rest at the top. */
export function showErrors(form, error) {
  form.querySelectorAll('.is-invalid').forEach(el => el.classList.remove('is-invalid'));
  form.querySelectorAll('.invalid-feedback.api').forEach(el => el.remove());
  let shown = false;
  for (const [field, message] of Object.entries(error.fields || {})) {
    const input = form.querySelector(`[name="${field}"]`);
    if (input) {
      input.classList.add('is-invalid');
      const fb = document.createElement('div');
      fb.className = 'invalid-feedback api';
      fb.textContent = message;
      input.after(fb);
      shown = true;
    }
  }
  if (!shown) {
    notify(error.message, 'danger');
  }
}

export function formatBitrate(bps) {
  if (!bps) return '0 kb/s';
  return bps >= 1e6 ? (bps / 1e6).toFixed(2) + ' Mb/s' : Math.round(bps / 1e3) + ' kb/s';
}

export const STATE_COLORS = { live: 'success', starting: 'info', waiting: 'warning', blocked: 'danger', failed: 'danger', stopped: 'secondary' };

export function stateBadge(state) {
  return `<span class="badge text-bg-${STATE_COLORS[state] || 'secondary'}" data-role="state">${esc(state)}</span>`;
}

/** A colour for an output's state text such as "live" or "retrying in 4 s". */
export function outputColor(state) {
  if (state === 'live' || state === 'running') return 'success';
  if (/^(failed|error)/.test(state)) return 'danger';
  return 'warning';
}

/** Listens to the server's live events; the browser reconnects by itself. */
export function events(handlers) {
  const source = new EventSource('/api/v1/events');
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, e => handler(JSON.parse(e.data)));
  }
  return source;
}

/** Builds the menu for the signed-in user and marks the current page. */
export async function layout() {
  const me = await session();
  const page = document.body.dataset.page;
  const link = (href, icon, label, name) =>
    `<li class="nav-item"><a class="nav-link${page === name ? ' active' : ''}" href="${href}"><i class="fa-solid ${icon} fa-fw"></i> ${label}</a></li>`;
  document.querySelector('#nav .container-fluid').insertAdjacentHTML('beforeend', `
    <button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#menu" aria-label="Menu">
      <span class="navbar-toggler-icon"></span></button>
    <div class="collapse navbar-collapse" id="menu">
      <ul class="navbar-nav me-auto">
        ${link('/dashboard/', 'fa-tower-broadcast', 'Streams', 'overview')}
        ${link('/dashboard/recordings', 'fa-film', 'Recordings', 'recordings')}
        ${link('/dashboard/plugins', 'fa-puzzle-piece', 'Plugins', 'plugins')}
        ${link('/dashboard/settings', 'fa-gear', 'Settings', 'settings')}
      </ul>
      <span class="navbar-text me-3"><i class="fa-solid fa-user"></i> <span id="whoami">${esc(me.username)}</span>
        <span class="badge text-bg-secondary">${esc(me.role)}</span></span>
      <button class="btn btn-outline-light btn-sm" id="logout"><i class="fa-solid fa-right-from-bracket"></i> Sign out</button>
    </div>`);
  document.getElementById('logout').addEventListener('click', async () => {
    await api('DELETE', '/session');
    location.href = '/login';
  });
  document.querySelectorAll('[data-admin]').forEach(el => el.classList.toggle('d-none', !isAdmin()));
  return me;
}

/** Copies an element's text and says so on the button. */
export function copyButtons(root = document) {
  root.querySelectorAll('[data-copy]').forEach(btn => btn.addEventListener('click', async () => {
    const text = document.getElementById(btn.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      btn.innerHTML = '<i class="fa-solid fa-check"></i> Copied';
    } catch {
      btn.innerHTML = '<i class="fa-solid fa-xmark"></i> Select and copy';
    }
    setTimeout(() => { btn.innerHTML = '<i class="fa-regular fa-copy"></i> Copy'; }, 2000);
  }));
}

document.getElementById('year').textContent = new Date().getFullYear();
