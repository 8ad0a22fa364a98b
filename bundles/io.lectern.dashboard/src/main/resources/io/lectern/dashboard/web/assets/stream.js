// One stream: where to publish, how to watch, start and stop, and live charts.
import { api, layout, esc, notify, events, stateBadge, outputColor, copyButtons, formatBitrate } from './app.js';
import { showRecordings } from './recording-list.js';

const params = new URLSearchParams(location.search);
const name = params.get('name');
const MAX_POINTS = 180;
const charts = {};

function copyRow(label, id, value, secret) {
  return `<div class="mb-3"><div class="small text-body-secondary">${label}</div>
    <div class="d-flex align-items-start gap-2"><code class="flex-grow-1 ${secret ? 'secret' : ''}" id="${id}">${esc(value)}</code>
    <button class="btn btn-outline-secondary btn-sm text-nowrap" data-copy="${id}"><i class="fa-regular fa-copy"></i> Copy</button></div></div>`;
}

/** OBS wants the server and the key apart: split an rtmp://host/app/key address. */
function obsParts(url) {
  const i = url.lastIndexOf('/');
  return { server: url.slice(0, i), key: url.slice(i + 1) };
}

function showIngest(stream, key, urls) {
  const box = document.getElementById('ingest-info');
  if (stream.ingest === 'testpattern') {
    box.innerHTML = '<p class="mb-0">This stream makes its own test picture: press <strong>Start</strong>, no camera needed.</p>';
    return;
  }
  if (!key) {
    box.innerHTML = `<p>The stream key ends in <code>${esc(stream.keyHint)}</code>. It is shown only once, when it is made.</p>
      <button class="btn btn-outline-warning btn-sm" id="rotate" data-admin><i class="fa-solid fa-rotate"></i> Make a new key</button>`;
    document.getElementById('rotate').addEventListener('click', async () => {
      if (!confirm('Make a new key? The old one stops working at once.')) return;
      const r = await api('POST', `/streams/${encodeURIComponent(name)}/key`).catch(e => notify(e.message, 'danger'));
      if (r) showIngest(stream, r.key, r.publishUrls);
    });
    return;
  }
  let html = urls.map((u, i) => copyRow(i === 0 ? 'Publish address' : 'Also', `url-${i}`, u, true)).join('');
  html += copyRow('Stream key', 'key', key, true);
  const rtmp = urls.find(u => u.startsWith('rtmp://'));
  if (rtmp) {
    const obs = obsParts(rtmp);
    html += `<h3 class="h6 mt-3"><i class="fa-solid fa-circle-dot"></i> OBS Studio</h3>
      <p class="small mb-2">Settings → Stream → Service: <strong>Custom…</strong></p>
      ${copyRow('Server', 'obs-server', obs.server)}${copyRow('Stream Key', 'obs-key', obs.key, true)}`;
  }
  box.innerHTML = html;
  copyButtons(box);
}

function showWatch(stream) {
  const abs = p => location.origin + p;
  const box = document.getElementById('watch-info');
  box.innerHTML = copyRow('Watch page', 'watch', abs(stream.playback.watch))
    + copyRow('Embed', 'embed', `<iframe src="${abs(stream.playback.embed)}" allowfullscreen></iframe>`)
    + copyRow('HLS', 'hls', abs(stream.playback.hls)) + copyRow('DASH', 'dash', abs(stream.playback.dash));
  if ((stream.settings || {}).visibility === 'private') {
    box.insertAdjacentHTML('afterbegin', `<div class="alert alert-secondary py-2"><i class="fa-solid fa-lock"></i>
      This stream is private: the addresses below work only with a private link.
      <div class="d-flex gap-2 mt-2"><select class="form-select form-select-sm w-auto" id="link-time" aria-label="Link works for">
        <option value="3600">for 1 hour</option><option value="86400" selected>for 1 day</option>
        <option value="604800">for 1 week</option><option value="2592000">for 30 days</option></select>
      <button class="btn btn-outline-primary btn-sm" id="private-link"><i class="fa-solid fa-link"></i> Make a private link</button></div>
      <div id="private-links" class="mt-2"></div></div>`);
    document.getElementById('private-link').addEventListener('click', async () => {
      const seconds = Number(document.getElementById('link-time').value);
      const r = await api('POST', `/streams/${encodeURIComponent(name)}/playback-urls`, { expiresInSeconds: seconds })
        .catch(e => notify(e.message, 'danger'));
      if (!r) return;
      const out = document.getElementById('private-links');
      out.innerHTML = copyRow('Private watch link', 'private-watch', abs(r.watch))
        + copyRow('Private embed', 'private-embed', `<iframe src="${abs(r.embed)}" allowfullscreen></iframe>`)
        + `<div class="small text-body-secondary">Works until ${esc(new Date(r.expiresAt).toLocaleString())}.</div>`;
      copyButtons(out);
    });
  }
  copyButtons(box);
}

function chart(id, color) {
  // Chart.js is a classic script: it puts Chart on window.
  charts[id] = new window.Chart(document.getElementById(id), {
    type: 'line',
    data: { labels: [], datasets: [{ data: [], borderColor: color, backgroundColor: color + '33', fill: true, pointRadius: 0, tension: 0.3 }] },
    options: {
      animation: false, maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { ticks: { maxTicksLimit: 4, color: '#adb5bd' }, grid: { color: '#343a40' } },
                y: { beginAtZero: true, ticks: { color: '#adb5bd' }, grid: { color: '#343a40' } } },
    },
  });
}

function addPoint(time, bitrate, fps, speed) {
  const label = time.toLocaleTimeString();
  for (const [id, value] of [['chart-bitrate', bitrate / 1000], ['chart-fps', fps], ['chart-speed', speed]]) {
    const c = charts[id];
    c.data.labels.push(label);
    c.data.datasets[0].data.push(Math.round(value * 100) / 100);
    if (c.data.labels.length > MAX_POINTS) {
      c.data.labels.shift();
      c.data.datasets[0].data.shift();
    }
  }
}

function redraw() {
  Object.values(charts).forEach(c => c.update('none'));
}

function showPipeline(p) {
  const state = p.state || 'stopped';
  document.getElementById('state').innerHTML = stateBadge(state);
  document.querySelector('[data-action="start"]').disabled = state !== 'stopped' && state !== 'failed';
  document.querySelector('[data-action="stop"]').disabled = state === 'stopped';
  document.getElementById('outputs').innerHTML = (p.outputs || []).map(o =>
    `<span class="badge text-bg-${outputColor(o.state)}">${esc(o.kind)} ${esc(o.id)}: ${esc(o.state)}</span>`
    + (o.kind === 'destination' ? ` <button class="btn btn-outline-secondary btn-sm py-0" data-reconnect="${esc(o.id)}"`
      + ` title="Drop the connection and connect again now"><i class="fa-solid fa-plug-circle-bolt"></i> Reconnect</button>` : '')).join('')
    + (state !== 'stopped' && p.bitrateIn ? ` <span class="badge text-bg-dark">${formatBitrate(p.bitrateIn)}</span>` : '');
}

async function load() {
  await layout();
  const stream = await api('GET', `/streams/${encodeURIComponent(name)}`);
  document.getElementById('heading').textContent = stream.title || stream.name;
  document.getElementById('edit').href = `/dashboard/edit?name=${encodeURIComponent(name)}`;
  // A stream just made: its key came with the create answer, kept for this one visit.
  const created = params.get('created') && sessionStorage.getItem('lectern-new-key-' + name);
  if (created) {
    const fresh = JSON.parse(created);
    sessionStorage.removeItem('lectern-new-key-' + name);
    document.getElementById('key-once').classList.remove('d-none');
    showIngest(stream, fresh.key, fresh.publishUrls);
  } else {
    showIngest(stream, null, []);
  }
  showWatch(stream);
  showPipeline(stream.live);
  chart('chart-bitrate', '#0d6efd');
  chart('chart-fps', '#20c997');
  chart('chart-speed', '#ffc107');
  const history = await api('GET', `/streams/${encodeURIComponent(name)}/stats?limit=${MAX_POINTS}`);
  history.forEach(s => addPoint(new Date(s.at), s.ingestBitrate, s.fps, s.encoderSpeed));
  redraw();
  const recordings = () => showRecordings(document.getElementById('recordings'), `/streams/${encodeURIComponent(name)}/recordings`, false);
  await recordings();
  let lastState = null;
  events({
    pipeline: p => {
      if (p.stream !== name) return;
      showPipeline(p);
      // A recording starts when the stream goes live and is ready once it stops.
      if (p.state !== lastState) {
        lastState = p.state;
        setTimeout(() => recordings().catch(() => {}), 1500);
      }
      if (p.state !== 'stopped') {
        const speeds = (p.outputs || []).filter(o => o.kind === 'rendition' && o.speed > 0).map(o => o.speed);
        addPoint(new Date(), p.bitrateIn, p.fpsIn, speeds.length ? Math.min(...speeds) : 0);
        redraw();
      }
    },
  });
  document.getElementById('outputs').addEventListener('click', async e => {
    const btn = e.target.closest('[data-reconnect]');
    if (!btn) return;
    btn.disabled = true;
    const id = btn.dataset.reconnect;
    await api('POST', `/streams/${encodeURIComponent(name)}/destinations/${encodeURIComponent(id)}/reconnect`)
      .then(() => notify(`Reconnecting ${id}.`, 'info'), err => notify(err.message, 'danger'));
    btn.disabled = false;
  });
  document.querySelectorAll('[data-action]').forEach(btn => btn.addEventListener('click', async () => {
    btn.disabled = true;
    try {
      showPipeline(await api('POST', `/streams/${encodeURIComponent(name)}/${btn.dataset.action}`));
    } catch (e) {
      notify(e.message, 'danger');
      btn.disabled = false;
    }
  }));
}

load().catch(e => notify(e.message, 'danger'));
