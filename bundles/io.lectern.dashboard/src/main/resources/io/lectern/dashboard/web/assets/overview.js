// All streams at a glance; live changes arrive as server events, without reloading the page.
import { api, layout, esc, events, formatBitrate, stateBadge, outputColor, notify, isAdmin } from './app.js';

const grid = document.getElementById('streams');
const THUMBNAIL_SECONDS = 5;

function card(stream) {
  const col = document.createElement('div');
  col.className = 'col-12 col-md-6 col-xl-4';
  col.dataset.stream = stream.name;
  col.dataset.private = String((stream.settings || {}).visibility === 'private');
  col.innerHTML = `
    <div class="card stream-card h-100">
      <div class="card-header d-flex align-items-center gap-2">
        <a class="fw-semibold text-decoration-none me-auto text-truncate" href="/dashboard/stream?name=${encodeURIComponent(stream.name)}">
          ${esc(stream.title || stream.name)}</a>
        <span data-slot="state"></span>
      </div>
      <div class="card-body">
        <div data-slot="preview" class="mb-3"></div>
        <dl class="row small mb-2">
          <dt class="col-5">Name</dt><dd class="col-7 font-monospace">${esc(stream.name)}</dd>
          <dt class="col-5">Ingest</dt><dd class="col-7">${esc(stream.ingest)}</dd>
          <dt class="col-5">Bitrate in</dt><dd class="col-7" data-slot="bitrate">–</dd>
          <dt class="col-5">Frames/s</dt><dd class="col-7" data-slot="fps">–</dd>
          <dt class="col-5">Viewers</dt><dd class="col-7" data-slot="viewers">–</dd>
        </dl>
        <div class="small text-body-secondary" data-slot="reason"></div>
        <div class="d-flex flex-wrap gap-1" data-slot="outputs"></div>
      </div>
      <div class="card-footer d-flex gap-2">
        <button class="btn btn-success btn-sm" data-action="start"><i class="fa-solid fa-play"></i> Start</button>
        <button class="btn btn-outline-danger btn-sm" data-action="stop"><i class="fa-solid fa-stop"></i> Stop</button>
        <a class="btn btn-outline-secondary btn-sm ms-auto" href="/dashboard/stream?name=${encodeURIComponent(stream.name)}">
          <i class="fa-solid fa-chart-line"></i> Details</a>
      </div>
    </div>`;
  col.querySelectorAll('[data-action]').forEach(btn => btn.addEventListener('click', async () => {
    btn.disabled = true;
    try {
      update(stream.name, await api('POST', `/streams/${encodeURIComponent(stream.name)}/${btn.dataset.action}`));
    } catch (e) {
      notify(e.message, 'danger');
    } finally {
      btn.disabled = false;
    }
  }));
  return col;
}

/** Shows a pipeline's state (as /pipelines and the pipeline events give it) on the stream's card. */
function update(name, p) {
  const col = grid.querySelector(`[data-stream="${CSS.escape(name)}"]`);
  if (!col) return;
  const slot = s => col.querySelector(`[data-slot="${s}"]`);
  const state = p.state || 'stopped';
  if (col.dataset.state !== state) {
    col.dataset.state = state;
    slot('state').innerHTML = stateBadge(state);
    slot('preview').innerHTML = `
      <div class="thumb-box" data-live="${state === 'live'}">
        <img class="preview thumb" alt="Latest picture of ${esc(name)}" hidden>
        <div class="preview-off text-body-secondary"><i class="fa-solid fa-video-slash fa-2x"></i></div>
        ${state === 'live' ? '<button class="btn btn-sm btn-dark thumb-play" title="Play a muted live preview"><i class="fa-solid fa-play"></i> Live</button>' : ''}
      </div>`;
    const play = slot('preview').querySelector('.thumb-play');
    if (play) play.addEventListener('click', async () => {
      const signed = await signature(col).catch(() => '');
      slot('preview').innerHTML = `<iframe class="preview" title="Preview of ${esc(name)}" src="/embed/${encodeURIComponent(name)}?autoplay=1&muted=1&controls=0&count=0${esc(signed)}" allow="autoplay"></iframe>`;
    });
    thumbnail(col);
  }
  slot('bitrate').textContent = state === 'stopped' ? '–' : formatBitrate(p.bitrateIn);
  slot('fps').textContent = state === 'stopped' ? '–' : Number(p.fpsIn || 0).toFixed(1);
  slot('reason').textContent = state === 'live' ? '' : (p.reason || '');
  slot('outputs').innerHTML = (p.outputs || []).map(o =>
    `<span class="badge text-bg-${outputColor(o.state)}" title="${esc(o.plugin)}: ${esc(o.state)}">
       ${esc(o.kind)} ${esc(o.id)}: ${esc(o.state)}</span>`).join('');
  col.querySelector('[data-action="start"]').disabled = state !== 'stopped' && state !== 'failed';
  col.querySelector('[data-action="stop"]').disabled = state === 'stopped';
}

/**
 * Loads the stream's latest picture (a small JPEG the server makes when asked) into its card. The
 * old picture stays until the new one has arrived; a stream without a picture keeps the icon.
 */
async function thumbnail(col) {
  const img = col.querySelector('img.thumb');
  if (!img) return;
  const signed = await signature(col).catch(() => '');
  const next = new Image();
  next.onload = () => {
    img.src = next.src;
    img.hidden = false;
    col.querySelector('.thumb-box .preview-off').hidden = true;
  };
  next.src = `/watch/${encodeURIComponent(col.dataset.stream)}/thumbnail.jpg?t=${Date.now()}${signed}`;
}

const links = {};

/**
 * For a private stream, '&exp=…&sig=…' of a link the dashboard makes for itself (an hour long, made
 * again ten minutes before it ends), so its pictures and previews open; '' for a public stream.
 */
async function signature(col) {
  if (col.dataset.private !== 'true') return '';
  const name = col.dataset.stream;
  if (!links[name] || Date.parse(links[name].expiresAt) - Date.now() < 600_000) {
    links[name] = await api('POST', `/streams/${encodeURIComponent(name)}/playback-urls`, { expiresInSeconds: 3600 });
  }
  return '&' + links[name].watch.split('?')[1];
}

/** The newest viewer count of the last minute, from the recorded statistics. */
async function viewers(name) {
  const since = new Date(Date.now() - 60_000).toISOString();
  const samples = await api('GET', `/streams/${encodeURIComponent(name)}/stats?since=${since}`);
  const col = grid.querySelector(`[data-stream="${CSS.escape(name)}"]`);
  if (col) col.querySelector('[data-slot="viewers"]').textContent = samples.length ? samples[samples.length - 1].viewers : '0';
}

async function load() {
  await layout();
  const [streams, pipelines] = await Promise.all([api('GET', '/streams'), api('GET', '/pipelines').catch(() => [])]);
  document.getElementById('empty').classList.toggle('d-none', streams.length > 0);
  streams.forEach(s => grid.append(card(s)));
  streams.forEach(s => update(s.name, pipelines.find(p => p.stream === s.name) || s.live));
  const refreshViewers = () => streams.forEach(s => viewers(s.name).catch(() => {}));
  refreshViewers();
  setInterval(refreshViewers, 10_000);
  // Live pictures every few seconds; an offline stream's last picture does not change.
  setInterval(() => grid.querySelectorAll('.thumb-box[data-live="true"]').forEach(b => thumbnail(b.closest('[data-stream]'))), THUMBNAIL_SECONDS * 1000);
  events({ pipeline: p => update(p.stream, p) });
  if (!isAdmin()) document.getElementById('new-stream').remove();
}

load().catch(e => notify(e.message, 'danger'));
