// SPDX-License-Identifier: AGPL-3.0-or-later
// The kiosk: one voter at a time, one step per screen, nothing kept. The key (a backup file, or
// its QR code through the camera or a picture), then the passphrase, the measure, the choice, and
// the vote; the key is forgotten after the vote, on "Finish" and after two minutes idle.
import { h, show, status, field } from '../lib/dom.js';
import { api, submit } from '../lib/api.js';
import { session, records, keystore, unlock, lockKey } from '../lib/session.js';
import { readFileText, parseKeyMaterial, keyError } from '../lib/keys.js';
import { Kind } from '../lib/records.js';
import { t } from '../i18n/index.js';
import { cameraOn, startQrCamera, stopCamera } from './camera.js';
import { readQrFromPicture } from './qr-reading.js';

let kioskIdle = null;
let kioskScanned = null; // a backup just read from a QR code: sealed, in memory, until used or forgotten

// The kiosk's page: large type; a voter's touch or key press keeps them from being forgotten, and
// the camera stops when the page goes.
export function setUpKiosk() {
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
export function kioskStepKey({ problem = null } = {}) {
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
