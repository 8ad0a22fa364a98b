// A table of recordings with play, rename and delete: the Recordings page and each stream's page use it.
import { api, esc, notify, isAdmin } from './app.js';

export function formatDuration(seconds) {
  const s = Math.round(seconds || 0);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = n => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export function formatSize(bytes) {
  if (bytes >= 1e9) return (bytes / 1e9).toFixed(2) + ' GB';
  if (bytes >= 1e6) return (bytes / 1e6).toFixed(1) + ' MB';
  return Math.round((bytes || 0) / 1e3) + ' kB';
}

function row(r, showStream) {
  const when = new Date(r.started);
  return `<tr data-recording="${esc(r.id)}">
    ${showStream ? `<td><a href="/dashboard/stream?name=${encodeURIComponent(r.stream)}">${esc(r.stream)}</a></td>` : ''}
    <td class="title"><span data-role="title">${esc(r.title)}</span></td>
    <td class="text-nowrap"><time datetime="${esc(r.started)}">${esc(when.toLocaleString())}</time></td>
    <td class="text-nowrap">${formatDuration(r.durationSeconds)}</td>
    <td class="text-nowrap">${formatSize(r.bytes)}</td>
    <td>${r.state === 'ready' ? '<span class="badge text-bg-success">ready</span>'
      : '<span class="badge text-bg-danger"><i class="fa-solid fa-circle fa-beat-fade"></i> recording</span>'}</td>
    <td class="text-end text-nowrap">
      <a class="btn btn-outline-primary btn-sm" href="${esc(r.watchUrl)}" target="_blank" rel="noopener" data-do="play"><i class="fa-solid fa-play"></i> Play</a>
      <button class="btn btn-outline-secondary btn-sm" data-do="rename" data-admin-only><i class="fa-solid fa-pen"></i> Rename</button>
      <button class="btn btn-outline-danger btn-sm" data-do="delete" data-admin-only ${r.state === 'ready' ? '' : 'disabled title="Stop the stream first"'}><i class="fa-solid fa-trash"></i> Delete</button>
    </td></tr>`;
}

/**
 * Fills {@code container} with the recordings from {@code path} (an API path) and wires the buttons;
 * answers how many there are. {@code showStream} adds a stream column.
 */
export async function showRecordings(container, path, showStream) {
  const list = await api('GET', path);
  if (!list.length) {
    container.innerHTML = '<p class="text-body-secondary mb-0">No recordings yet. Streams in tutorial mode are recorded by themselves.</p>';
    return 0;
  }
  container.innerHTML = `<div class="table-responsive"><table class="table table-sm align-middle mb-0 recordings">
    <thead><tr>${showStream ? '<th>Stream</th>' : ''}<th>Title</th><th>Date</th><th>Length</th><th>Size</th><th>State</th><th></th></tr></thead>
    <tbody>${list.map(r => row(r, showStream)).join('')}</tbody></table></div>`;
  container.querySelectorAll('[data-admin-only]').forEach(el => el.classList.toggle('d-none', !isAdmin()));
  container.querySelectorAll('button[data-do]').forEach(btn => btn.addEventListener('click', async () => {
    const tr = btn.closest('tr');
    const id = tr.dataset.recording;
    if (btn.dataset.do === 'delete') {
      const title = tr.querySelector('[data-role="title"]').textContent;
      if (!confirm(`Delete the recording "${title}"? Viewers cannot watch it any more, and it cannot be brought back.`)) return;
      try {
        await api('DELETE', `/recordings/${id}`);
        notify('The recording was deleted.');
        await showRecordings(container, path, showStream);
      } catch (e) {
        notify(e.message, 'danger');
      }
    } else if (btn.dataset.do === 'rename') {
      rename(tr, id);
    }
  }));
  return list.length;
}

/** Swaps the title for a small form; Enter or Save sends it, Esc or Cancel goes back. */
function rename(tr, id) {
  const cell = tr.querySelector('td.title');
  const old = cell.querySelector('[data-role="title"]').textContent;
  cell.innerHTML = `<form class="d-flex gap-1" novalidate>
    <input class="form-control form-control-sm" name="title" maxlength="200" aria-label="New title">
    <button class="btn btn-primary btn-sm" type="submit">Save</button>
    <button class="btn btn-outline-secondary btn-sm" type="button" data-cancel>Cancel</button></form>`;
  const form = cell.querySelector('form');
  const input = form.elements.title;
  input.value = old;
  input.focus();
  const back = title => { cell.innerHTML = `<span data-role="title">${esc(title)}</span>`; };
  form.querySelector('[data-cancel]').addEventListener('click', () => back(old));
  input.addEventListener('keydown', e => { if (e.key === 'Escape') back(old); });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const saved = await api('PATCH', `/recordings/${id}`, { title: input.value });
      back(saved.title);
      notify('Renamed.');
    } catch (err) {
      input.classList.add('is-invalid');
      notify((err.fields && err.fields.title) || err.message, 'danger');
    }
  });
}
