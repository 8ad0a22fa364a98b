// Every recording, newest first.
import { layout, notify, events } from './app.js';
import { showRecordings } from './recording-list.js';

const box = document.getElementById('recordings');

async function load() {
  await layout();
  await showRecordings(box, '/recordings', true);
  // A stream that stops finishes its recording: show it as ready.
  const states = {};
  events({
    pipeline: p => {
      if (states[p.stream] !== undefined && states[p.stream] !== p.state) {
        setTimeout(() => showRecordings(box, '/recordings', true).catch(() => {}), 1500);
      }
      states[p.stream] = p.state;
    }
  });
}

load().catch(e => notify(e.message, 'danger'));
