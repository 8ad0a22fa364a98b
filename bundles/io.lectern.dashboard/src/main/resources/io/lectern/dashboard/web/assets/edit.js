// Makes or changes a stream, and its destinations once it exists.
import { api, layout, esc, notify, showErrors } from './app.js';

const RUNGS = ['240p', '360p', '480p', '720p', '1080p'];
const INGESTS = { rtmp: 'RTMP (OBS and most apps)', srt: 'SRT', webrtc: 'WebRTC (WHIP, from a browser)', testpattern: 'Test pattern (no camera)' };
const ENCODERS = { x264: 'x264 (processor)', nvenc: 'NVIDIA NVENC', qsv: 'Intel Quick Sync' };
const PATTERN_SETTINGS = ['width', 'height', 'fps'];

const form = document.getElementById('stream');
const name = new URLSearchParams(location.search).get('name');
let stream = null;

function pluginOptions(plugins, kind, known, select, auto) {
  const installed = new Set(plugins.filter(p => p.kind === kind).map(p => p.id));
  const ids = [...new Set([...Object.keys(known), ...installed])];
  select.innerHTML = (auto ? `<option value="">${auto}</option>` : '') + ids.map(id =>
    `<option value="${esc(id)}">${esc(known[id] || id)}${installed.has(id) ? '' : ' (not installed)'}</option>`).join('');
}

function fill(s) {
  form.name.value = s.name;
  form.name.readOnly = true;
  form.title.value = s.title || '';
  form.ingest.value = s.ingest;
  form.latencyMode.value = s.latencyMode;
  form.encoders.value = (s.encoders || [])[0] || '';
  document.querySelectorAll('#ladder input').forEach(box => { box.checked = s.ladder.includes(box.value); });
  PATTERN_SETTINGS.forEach(k => { form[k].value = (s.settings || {})[k] || ''; });
  form.visibility.value = (s.settings || {}).visibility === 'private' ? 'private' : 'public';
  document.getElementById('heading').textContent = s.title || s.name;
  document.getElementById('delete').classList.remove('d-none');
  document.getElementById('destinations-box').classList.remove('d-none');
  showDestinations(s.destinations || []);
}

function showDestinations(list) {
  const ul = document.getElementById('destinations');
  ul.innerHTML = list.length ? '' : '<li class="list-group-item text-body-secondary small">None yet: the stream goes only to your viewers.</li>';
  for (const d of list) {
    const li = document.createElement('li');
    li.className = 'list-group-item d-flex align-items-center gap-2';
    li.dataset.destination = d.id;
    li.innerHTML = `<i class="fa-solid fa-satellite-dish"></i><div class="me-auto small"><div class="fw-semibold">${esc(d.id)}</div>
      <div class="text-body-secondary">${esc(d.platform)} · ${esc(d.settings.url || '')}</div></div>
      <button class="btn btn-outline-danger btn-sm" title="Remove"><i class="fa-solid fa-trash"></i></button>`;
    li.querySelector('button').addEventListener('click', async () => {
      try {
        await api('DELETE', `/streams/${encodeURIComponent(stream.name)}/destinations/${encodeURIComponent(d.id)}`);
        stream = await api('GET', `/streams/${encodeURIComponent(stream.name)}`);
        showDestinations(stream.destinations);
      } catch (e) {
        notify(e.message, 'danger');
      }
    });
    ul.append(li);
  }
}

function body() {
  const settings = { ...(stream ? stream.settings : {}) };
  PATTERN_SETTINGS.forEach(k => {
    if (form[k].value) settings[k] = form[k].value; else delete settings[k];
  });
  if (form.visibility.value === 'private') settings.visibility = 'private'; else delete settings.visibility;
  return {
    name: form.name.value.trim(),
    title: form.title.value.trim(),
    ingest: form.ingest.value,
    latencyMode: form.latencyMode.value,
    ladder: [...document.querySelectorAll('#ladder input:checked')].map(b => b.value),
    encoders: form.encoders.value ? [form.encoders.value] : [],
    settings,
  };
}

form.addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const saved = stream
      ? await api('PUT', `/streams/${encodeURIComponent(stream.name)}`, body())
      : await api('POST', '/streams', body());
    (saved.warnings || []).forEach(w => notify(w, 'warning'));
    if (stream) {
      notify('Saved.');
      stream = saved;
    } else {
      sessionStorage.setItem('lectern-new-key-' + saved.name, JSON.stringify({ key: saved.key, publishUrls: saved.publishUrls }));
      location.href = `/dashboard/stream?name=${encodeURIComponent(saved.name)}&created=1`;
    }
  } catch (err) {
    showErrors(form, err);
  }
});

document.getElementById('delete').addEventListener('click', async () => {
  if (!confirm(`Delete the stream ${stream.name}? Its key and settings are gone for good.`)) return;
  try {
    await api('DELETE', `/streams/${encodeURIComponent(stream.name)}`);
    location.href = '/dashboard/';
  } catch (e) {
    notify(e.message, 'danger');
  }
});

/** Server, key and the encode settings that were given (empty ones are left to Lectern). */
function destinationSettings(f) {
  const settings = { url: f.url.value.trim(), key: f.key.value };
  const field = k => f.elements[`settings.${k}`];
  if (field('encode').value !== 'auto') settings.encode = field('encode').value;
  for (const k of ['encodeHeight', 'encodeBitrate']) {
    if (field(k).value) settings[k] = field(k).value;
  }
  if (field('encodeVertical').checked) settings.encodeVertical = 'true';
  return settings;
}

document.getElementById('destination').addEventListener('submit', async e => {
  e.preventDefault();
  const f = e.target;
  try {
    const added = await api('POST', `/streams/${encodeURIComponent(stream.name)}/destinations`, {
      id: f.id.value.trim() || f.platform.value,
      platform: f.platform.value,
      settings: destinationSettings(f),
    });
    (added.warnings || []).forEach(w => notify(w, 'warning'));
    f.reset();
    stream = await api('GET', `/streams/${encodeURIComponent(stream.name)}`);
    showDestinations(stream.destinations);
  } catch (err) {
    showErrors(f, err);
  }
});

async function load() {
  await layout();
  const plugins = await api('GET', '/plugins').catch(() => []);
  pluginOptions(plugins, 'ingest', INGESTS, form.ingest);
  pluginOptions(plugins, 'encoder', ENCODERS, form.encoders, 'Best available');
  const destinationSelect = document.getElementById('d-platform');
  const platforms = plugins.filter(p => p.kind === 'destination');
  destinationSelect.innerHTML = platforms.map(p => `<option value="${esc(p.id)}">${esc(p.displayName || p.id)}</option>`).join('');
  document.getElementById('ladder').innerHTML = RUNGS.map(r => `
    <div class="form-check form-check-inline">
      <input class="form-check-input" type="checkbox" id="rung-${r}" value="${r}" ${r === '720p' || r === '360p' ? 'checked' : ''}>
      <label class="form-check-label" for="rung-${r}">${r}</label>
    </div>`).join('');
  const togglePattern = () => document.getElementById('pattern-settings').classList.toggle('d-none', form.ingest.value !== 'testpattern');
  form.ingest.addEventListener('change', togglePattern);
  if (name) {
    stream = await api('GET', `/streams/${encodeURIComponent(name)}`);
    fill(stream);
  }
  togglePattern();
}

load().catch(e => notify(e.message, 'danger'));
