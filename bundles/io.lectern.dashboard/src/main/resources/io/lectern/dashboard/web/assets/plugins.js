// Installed plugins by kind, and hot install of plugin bundles.
import { api, layout, esc, notify, events, isAdmin } from './app.js';

const KINDS = { ingest: 'Ingest', decoder: 'Decoders', encoder: 'Encoders', packager: 'Packagers', destination: 'Destinations' };
const HEALTH = { ok: 'success', degraded: 'warning', unavailable: 'danger' };

async function showPlugins() {
  const plugins = await api('GET', '/plugins');
  document.getElementById('kinds').innerHTML = Object.entries(KINDS).map(([kind, title]) => {
    const list = plugins.filter(p => p.kind === kind);
    return `<div class="card mb-3"><div class="card-header">${title} <span class="badge text-bg-secondary">${list.length}</span></div>
      <ul class="list-group list-group-flush">${list.map(p => `
        <li class="list-group-item d-flex flex-wrap align-items-center gap-2" data-plugin="${esc(p.kind)}/${esc(p.id)}">
          <span class="fw-semibold">${esc(p.displayName || p.id)}</span>
          <code class="small">${esc(p.id)}</code>
          <span class="text-body-secondary small me-auto">${esc(p.bundle)} ${esc(p.version)}</span>
          ${p.inUse ? `<span class="badge text-bg-info">used by ${p.inUse}</span>` : ''}
          <span class="badge text-bg-${HEALTH[p.state] || 'secondary'}" title="${esc(p.reason)}">${esc(p.state)}</span>
        </li>`).join('') || '<li class="list-group-item text-body-secondary small">None installed.</li>'}</ul></div>`;
  }).join('');
}

async function showBundles() {
  if (!isAdmin()) return;
  const bundles = await api('GET', '/plugins/bundles');
  const body = document.getElementById('bundles');
  body.innerHTML = bundles.map(b => `
    <tr data-bundle="${b.bundleId}"><td>${esc(b.bundle)}${b.uploaded ? ' <span class="badge text-bg-primary">uploaded</span>' : ''}</td>
      <td>${esc(b.version)}</td><td>${esc(b.state)}</td>
      <td class="text-end text-nowrap">
        ${b.state === 'active'
          ? '<button class="btn btn-outline-warning btn-sm" data-do="stop"><i class="fa-solid fa-pause"></i> Stop</button>'
          : '<button class="btn btn-outline-success btn-sm" data-do="start"><i class="fa-solid fa-play"></i> Start</button>'}
        <button class="btn btn-outline-danger btn-sm" data-do="remove"><i class="fa-solid fa-trash"></i> Remove</button></td></tr>`).join('');
  body.querySelectorAll('[data-do]').forEach(btn => btn.addEventListener('click', async () => {
    const id = btn.closest('tr').dataset.bundle;
    try {
      if (btn.dataset.do === 'remove') {
        if (!confirm('Remove this bundle? Streams that use its plugins wait until it comes back.')) return;
        await api('DELETE', `/plugins/${id}`);
      } else {
        await api('POST', `/plugins/${id}/${btn.dataset.do}`);
      }
      await showBundles();
    } catch (e) {
      notify(e.message, 'danger');
    }
  }));
}

document.getElementById('upload').addEventListener('submit', async e => {
  e.preventDefault();
  const file = document.getElementById('jar').files[0];
  if (!file) {
    notify('Choose a .jar file first.', 'warning');
    return;
  }
  try {
    const b = await api('POST', '/plugins', file, 'application/java-archive');
    notify(`Installed ${b.bundle} ${b.version}.`);
    e.target.reset();
    await showBundles();
  } catch (err) {
    notify(err.message, 'danger');
  }
});

async function load() {
  await layout();
  await showPlugins();
  await showBundles();
  events({ plugin: () => showPlugins().then(showBundles).catch(() => {}) });
}

load().catch(e => notify(e.message, 'danger'));
