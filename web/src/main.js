// SPDX-License-Identifier: AGPL-3.0-or-later
// veche's web UI: the shell (the header and its navigation, the language) and the router. One
// page, routed by the URL fragment (#/measures/x), talking to the node's JSON API (docs/api.md);
// the pages are in pages/, the shared code in lib/. Everything a citizen
// signs is built and signed here (lib/records.js); keys stay in this browser (lib/keystore.js).
// In kiosk mode (/kiosk or `veche serve --kiosk`) it keeps nothing: one voter at a time, and
// everything is forgotten after each.
import { backupFromQrPayload, readQrPixels } from './lib/qr.js';
import { h, show, status, field } from './lib/dom.js';
import { api, submit } from './lib/api.js';
import { session, records, keystore, unlock, lockKey, kiosk, startServices, onSessionChange } from './lib/session.js';
import { readFileText, parseKeyMaterial, keyError } from './lib/keys.js';
import { Kind } from './lib/records.js';
import { t, setLanguage, currentLanguage } from './i18n/index.js';
import { viewHome } from './pages/home.js';
import { viewTerritory, viewEnrol, viewMe } from './pages/registry.js';
import { viewRegistrar } from './pages/registrar.js';
import { viewMeasures, viewMeasure, stopMeasureRefresh, viewLaws, viewLaw, viewInitiatives, viewInitiative, viewFileInitiative } from './pages/legislation.js';
import { viewElections, viewElection } from './pages/election.js';

// ---------- kiosk/qr-reading.js ----------
// Reading a key backup's QR code from pixels the browser draws: a picture chosen by the voter, or
// a camera frame (camera.js). The decoding itself is lib/qr.js (jsQR).

// Pixels of an image, a bitmap or a video frame, scaled to width × height (RGBA, as jsQR reads them).
function pixelsOf(source, width, height, canvas = document.createElement('canvas')) {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height).data;
}
const fitWithin = (width, height, limit) => {
  const scale = Math.min(1, limit / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
};

const MAX_PICTURE_BYTES = 32 << 20;
// The backup in a picture of its QR code. A photo is read at up to 1024 pixels first (fast), then
// at up to 2048 if that finds nothing (a small code in a large photo).
async function readQrFromPicture(file) {
  if (!file) throw new Error('no_qr_in_picture');
  if (file.size > MAX_PICTURE_BYTES) throw new Error('picture_too_large');
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error('not_a_picture');
  }
  try {
    let tried = 0;
    for (const limit of [1024, 2048]) {
      const [width, height] = fitWithin(bitmap.width, bitmap.height, limit);
      if (width * height <= tried) break; // the picture is smaller than the limit: read already
      tried = width * height;
      const payload = readQrPixels(pixelsOf(bitmap, width, height), width, height);
      if (payload) return backupFromQrPayload(payload);
    }
  } finally {
    bitmap.close();
  }
  throw new Error('no_qr_in_picture');
}

// ---------- kiosk/camera.js ----------
// The camera while the kiosk reads a QR code: one stream at most, whose tracks are stopped as soon
// as a veche backup is read, on cancel, on leaving the step, and when the kiosk forgets its voter.

let camera = null;
// Whether the camera is on (or being started).
const cameraOn = () => camera !== null;

function stopCamera() {
  if (!camera) return;
  clearTimeout(camera.timer);
  for (const track of camera.stream?.getTracks() ?? []) track.stop();
  if (camera.video) camera.video.srcObject = null;
  camera = null;
}

// Starts the camera into `video` and reads frames until a veche backup shows; throws 'no_camera' or
// 'camera_denied'. A QR code that is not a veche backup is reported and the reading goes on.
async function startQrCamera(video, { onBackup, onProblem }) {
  stopCamera();
  const attempt = { video, stream: null, timer: null };
  camera = attempt;
  const current = () => camera === attempt;
  if (!navigator.mediaDevices?.getUserMedia) {
    camera = null;
    throw new Error('no_camera'); // no camera API: e.g. a page not served over HTTPS or localhost
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  } catch (e) {
    if (!current()) return; // cancelled while the browser was asking
    camera = null;
    throw new Error(e?.name === 'NotAllowedError' || e?.name === 'SecurityError' ? 'camera_denied' : 'no_camera');
  }
  if (!current()) {
    for (const track of stream.getTracks()) track.stop(); // cancelled while the camera started
    return;
  }
  attempt.stream = stream;
  video.srcObject = stream;
  video.play().catch(() => {}); // muted and inline: allowed to play without a gesture
  readFrames(video, current, attempt, { onBackup, onProblem });
}

// Reads a frame every 150 ms while `current()` holds, until one shows a veche backup.
function readFrames(video, current, attempt, { onBackup, onProblem }) {
  const canvas = document.createElement('canvas');
  let lastProblem = null;
  const readFrame = () => {
    if (!current()) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
      const [width, height] = fitWithin(video.videoWidth, video.videoHeight, 800);
      const payload = readQrPixels(pixelsOf(video, width, height, canvas), width, height);
      if (payload) {
        try {
          const backup = backupFromQrPayload(payload);
          stopCamera();
          onBackup(backup);
          return;
        } catch (err) {
          if (err.message !== lastProblem) onProblem(err);
          lastProblem = err.message;
        }
      }
    }
    attempt.timer = setTimeout(readFrame, 150);
  };
  readFrame();
}

// ---------- kiosk/kiosk.js ----------
// The kiosk: one voter at a time, one step per screen, nothing kept. The key (a backup file, or
// its QR code through the camera or a picture), then the passphrase, the measure, the choice, and
// the vote; the key is forgotten after the vote, on "Finish" and after two minutes idle.

let kioskIdle = null;
let kioskScanned = null; // a backup just read from a QR code: sealed, in memory, until used or forgotten

// The kiosk's page: large type; a voter's touch or key press keeps them from being forgotten, and
// the camera stops when the page goes.
function setUpKiosk() {
  document.body.classList.add('kiosk');
  const someoneHere = () => (session.key || cameraOn() || kioskScanned) && kioskTouch();
  document.addEventListener('pointerdown', someoneHere);
  document.addEventListener('keydown', someoneHere);
  window.addEventListener('pagehide', stopCamera);
}

function kioskReset() {
  lockKey();
  kioskScanned = null;
  clearTimeout(kioskIdle);
  kioskStepKey();
}
function kioskTouch() {
  clearTimeout(kioskIdle);
  kioskIdle = setTimeout(kioskReset, 120_000); // a voter who walks away is forgotten
}

// Step 1: the key, from the backup file or from the QR code of the backup (the camera, or a picture
// of the code), then the passphrase. `problem` says why the camera could not be used.
function kioskStepKey({ problem = null } = {}) {
  stopCamera();
  const file = h('input', { type: 'file', accept: '.json,.key,application/json' });
  const picture = h('input', { type: 'file', accept: 'image/*' });
  const pass = h('input', { type: 'password', autocomplete: 'off' });
  const loaded = h('p', { role: 'status' });
  const out = h('p', { role: 'alert' });
  const showLoaded = () => {
    status(loaded, t('qr_loaded', { id: kioskScanned.citizen }), 'ok');
    out.textContent = '';
    kioskTouch(); // a voter who walks away now is forgotten, with the backup
    pass.focus();
  };
  file.addEventListener('change', () => {
    kioskScanned = null;
    loaded.textContent = '';
  });
  picture.addEventListener('change', async () => {
    const chosen = picture.files[0];
    picture.value = ''; // the picture is read once and not kept; the same one may be chosen again
    if (!chosen) return;
    status(out, t('working'));
    try {
      const backup = await readQrFromPicture(chosen);
      if (!form.isConnected) return; // the kiosk moved on (or forgot the voter) meanwhile
      kioskScanned = backup;
      file.value = '';
      showLoaded();
    } catch (err) {
      kioskScanned = null;
      loaded.textContent = '';
      status(out, keyError(err), 'error');
    }
  });
  const form = h(
    'form',
    {},
    h('p', {}, t('kiosk_key_help')),
    field(t('load_backup'), file),
    h('div', { class: 'kiosk-qr' }, h('button', { type: 'button', class: 'big secondary', onclick: kioskStepScan }, t('qr_scan')), field(t('qr_picture'), picture)),
    loaded,
    field(t('passphrase'), pass),
    h('button', { type: 'submit', class: 'big' }, t('kiosk_next')),
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await kioskUnlock(file, pass);
      kioskStepMeasure();
    } catch (err) {
      status(out, keyError(err), 'error');
    }
  });
  show(h('h1', {}, t('kiosk_step_key')), form);
  if (kioskScanned) showLoaded();
  if (problem) status(out, problem, 'error');
}

// Opens the backup read from a QR code, or else the chosen file, with the passphrase typed.
async function kioskUnlock(file, pass) {
  const m = kioskScanned
    ? { seed: keystore.open(kioskScanned, pass.value), citizen: kioskScanned.citizen }
    : parseKeyMaterial(await readFileText(file), pass.value);
  pass.value = '';
  kioskScanned = null;
  unlock(m.citizen || '?', m.seed);
  kioskTouch();
}

// Step 1 with the camera: one screen with what the camera sees, until a backup is read or the voter
// cancels. The idle timer runs here too, so a camera left on is stopped with the rest.
function kioskStepScan() {
  kioskScanned = null; // scanning again replaces whatever was read before
  const video = h('video', { class: 'kiosk-camera', muted: true, playsinline: true, 'aria-label': t('qr_camera_label') });
  video.muted = true; // the property, not just the attribute, lets it play without a gesture
  const note = h('p', { role: 'status' }, t('qr_scan_wait'));
  show(
    h('h1', {}, t('qr_scan_title')),
    h('p', {}, t('qr_scan_help')),
    video,
    note,
    h('button', { type: 'button', class: 'big secondary', onclick: () => kioskStepKey() }, t('cancel')),
  );
  kioskTouch();
  startQrCamera(video, {
    onBackup: (backup) => {
      kioskScanned = backup;
      kioskStepKey();
    },
    onProblem: (err) => status(note, keyError(err), 'error'),
  }).catch((err) => kioskStepKey({ problem: keyError(err) }));
}

async function kioskStepMeasure() {
  const open = await api('measures?status=voting&limit=100');
  show(
    h('h1', {}, t('kiosk_step_measure')),
    open.measures.length
      ? h('ul', { class: 'kiosk-list' }, open.measures.map((m) => h('li', {}, h('button', { class: 'big', onclick: () => kioskStepChoice(m) }, m.title))))
      : h('p', {}, t('no_open')),
    h('button', { class: 'secondary', onclick: kioskReset }, t('kiosk_finish')),
  );
}

function kioskStepChoice(m) {
  kioskTouch();
  const out = h('p', { role: 'alert' });
  const confirm = (choice) => async () => {
    status(out, t('working'));
    try {
      const record = records.sign(Kind.vote, records.votePayload(m.id, choice), session.key);
      const receipt = await submit(record);
      kioskStepDone(m, choice, receipt);
    } catch (e) {
      status(out, t('error', { message: e.message }), 'error');
    }
  };
  show(
    h('h1', {}, t('kiosk_step_choice', { title: m.title })),
    h('div', { class: 'choices' }, ['yes', 'no', 'abstain'].map((c) => h('button', { class: `big choice ${c}`, onclick: confirm(c) }, t('kiosk_confirm', { choice: t(c) })))),
    out,
    h('button', { class: 'secondary', onclick: kioskStepMeasure }, t('back')),
  );
}

function kioskStepDone(m, choice, receipt) {
  show(
    h('h1', {}, t('kiosk_step_done')),
    h('p', { class: 'ok big-text' }, t('vote_cast', { choice: t(choice), index: receipt.index })),
    h('p', {}, t('kiosk_done_help')),
    h('button', { class: 'big', onclick: kioskReset }, t('kiosk_finish')),
  );
  lockKey(); // the key is gone as soon as the vote is in
}

// ---------- shell and routing ----------

function renderHeader() {
  const nav = document.getElementById('nav');
  const link = (hash, key) => h('a', { href: hash, 'aria-current': location.hash === hash ? 'page' : null }, t(key));
  const lang = h('button', { class: 'lang', onclick: () => switchLanguage(currentLanguage() === 'en' ? 'ru' : 'en') }, t('language'));
  if (kiosk) {
    nav.replaceChildren(h('span', { class: 'kiosk-title' }, t('kiosk_title')), lang);
  } else {
    nav.replaceChildren(
      ...[link('#/', 'nav_home'), link('#/measures', 'nav_measures'), link('#/elections', 'nav_elections'), link('#/laws', 'nav_laws'), link('#/initiatives', 'nav_initiatives'),
      link('#/enrol', 'nav_enrol'), link('#/me', 'nav_me'), link('#/registrar', 'nav_registrar'),
      session.citizen ? h('span', { class: 'who' }, t('unlocked', { id: session.citizen })) : null,
      lang].filter(Boolean),
    );
  }
  document.getElementById('brand').textContent = t('app_name');
  document.getElementById('skip').textContent = t('skip');
  document.documentElement.lang = currentLanguage();
}

function switchLanguage(lang) {
  setLanguage(lang);
  if (!kiosk) localStorage.setItem('veche.lang', lang);
  renderHeader();
  if (kiosk) kioskStepKey();
  else route();
}

const routes = [
  [/^#?\/?$/, viewHome],
  [/^#\/territories\/([\w-]+)$/, viewTerritory],
  [/^#\/measures$/, viewMeasures],
  [/^#\/measures\/([\w-]+)$/, viewMeasure],
  [/^#\/elections$/, viewElections],
  [/^#\/elections\/([\w-]+)$/, viewElection],
  [/^#\/laws$/, viewLaws],
  [/^#\/laws\/([\w-]+)$/, viewLaw],
  [/^#\/initiatives$/, viewInitiatives],
  [/^#\/initiatives-new$/, viewFileInitiative],
  [/^#\/initiatives\/([\w-]+)$/, viewInitiative],
  [/^#\/enrol$/, viewEnrol],
  [/^#\/me$/, viewMe],
  [/^#\/registrar$/, viewRegistrar],
];

async function route() {
  renderHeader();
  stopMeasureRefresh();
  for (const [pattern, view] of routes) {
    const m = pattern.exec(location.hash);
    if (!m) continue;
    show(h('p', {}, t('loading')));
    try {
      await view(...m.slice(1).map(decodeURIComponent));
    } catch (e) {
      show(h('h1', {}, t('error', { message: '' })), h('p', { class: 'error', role: 'alert' }, e.message));
    }
    return;
  }
  show(h('h1', {}, '404'), h('p', {}, h('a', { href: '#/' }, t('nav_home'))));
}

async function start() {
  onSessionChange(renderHeader);
  await startServices();
  setLanguage(kiosk ? 'en' : localStorage.getItem('veche.lang') || (navigator.language?.startsWith('ru') ? 'ru' : 'en'));
  if (kiosk) {
    setUpKiosk();
    renderHeader();
    kioskStepKey();
  } else {
    window.addEventListener('hashchange', route);
    route();
  }
  document.body.dataset.ready = 'true';
}

start();
