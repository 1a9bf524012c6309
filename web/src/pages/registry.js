// SPDX-License-Identifier: AGPL-3.0-or-later
// The registry: territories (the tree, a territory's page with its charter), a citizen's
// enrolment (the key made here and bound with the one-time code) and "My key" (unlock, lock,
// forget, load a backup; the backup as a file or a QR code; the receipts).
import { h, show, status, field, download } from '../lib/dom.js';
import { api, listAll, submit } from '../lib/api.js';
import { session, sodium, records, keystore, unlock, lockKey, sessionChanged } from '../lib/session.js';
import { keepReceipt } from '../lib/receipts.js';
import { readFileText, parseKeyMaterial, keyError } from '../lib/keys.js';
import { Kind } from '../lib/records.js';
import { backupToQrPayload, qrMatrix } from '../lib/qr.js';
import { t } from '../i18n/index.js';
import { measureItem } from './legislation.js';
import { receiptList } from './log.js';

// ---------- territories ----------

export function territoryTree(territories) {
  const children = new Map();
  for (const tr of territories) {
    if (!children.has(tr.parent)) children.set(tr.parent, []);
    children.get(tr.parent).push(tr);
  }
  const branch = (parent) => {
    const kids = children.get(parent) || [];
    if (!kids.length) return null;
    return h('ul', { class: 'tree' }, kids.map((tr) => h('li', {}, h('a', { href: `#/territories/${tr.id}` }, tr.name), h('span', { class: 'muted' }, ` (${tr.kind})`), branch(tr.id))));
  };
  return branch('');
}

export async function viewTerritory(id) {
  const [tr, all, measures, laws] = await Promise.all([
    api(`territories/${encodeURIComponent(id)}`),
    listAll('territories', 'territories'),
    api(`measures?territory=${encodeURIComponent(id)}&limit=100`),
    api(`laws?territory=${encodeURIComponent(id)}&limit=100`),
  ]);
  const kids = all.filter((x) => x.parent === id);
  show(
    h('h1', {}, tr.name),
    h('p', { class: 'muted' }, `${tr.kind} · ${tr.id}`, tr.parent ? [' · ', h('a', { href: `#/territories/${tr.parent}` }, tr.parent)] : ''),
    h('h2', {}, t('measures_here')),
    measures.measures.length ? h('ul', { class: 'cards' }, measures.measures.map(measureItem)) : h('p', { class: 'muted' }, '—'),
    h('h2', {}, t('laws_here')),
    laws.laws.length ? h('ul', {}, laws.laws.map((l) => h('li', {}, h('a', { href: `#/laws/${l.id}` }, l.title)))) : h('p', { class: 'muted' }, '—'),
    kids.length ? [h('h2', {}, t('subterritories')), h('ul', {}, kids.map((k) => h('li', {}, h('a', { href: `#/territories/${k.id}` }, k.name))))] : null,
    h('details', {}, h('summary', {}, t('charter')), h('dl', { class: 'charter' }, Object.entries(tr.charter).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
  );
}

// ---------- enrolment ----------

export function viewEnrol() {
  const id = h('input', { required: true, autocomplete: 'username' });
  const code = h('input', { required: true, autocomplete: 'off', spellcheck: 'false' });
  const pass = h('input', { type: 'password', required: true, autocomplete: 'new-password', minlength: 8 });
  const pass2 = h('input', { type: 'password', required: true, autocomplete: 'new-password' });
  const out = h('p', { role: 'status' });
  const after = h('div');
  const form = h('form', {}, field(t('citizen_id'), id), field(t('code'), code), field(t('passphrase'), pass), field(t('passphrase_again'), pass2), h('button', { type: 'submit' }, t('enrol')), out, after);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (pass.value.length < 8) return status(out, t('passphrase_short'), 'error');
    if (pass.value !== pass2.value) return status(out, t('passphrase_mismatch'), 'error');
    status(out, t('working'));
    try {
      const key = records.keyFromSeed(sodium.randombytes_buf(32));
      const citizen = id.value.trim();
      const record = records.sign(Kind.citizenBind, records.bindPayload(citizen, code.value.trim(), key), key);
      const receipt = await submit(record);
      const backup = keystore.seal(citizen, key.seed, pass.value);
      keystore.save(backup);
      session.citizen = citizen;
      session.key = key;
      keepReceipt(t('nav_enrol'), record, receipt);
      status(out, t('enrolled', { id: citizen }), 'ok');
      const qr = qrBackup(backup);
      after.replaceChildren(downloadButton(backup), ' ', qr.toggle, qr.panel);
      sessionChanged();
    } catch (err) {
      status(out, t('error', { message: err.message }), 'error');
    }
  });
  show(h('h1', {}, t('enrol_title')), h('p', {}, t('enrol_intro')), form);
}

// ---------- my key ----------

export function viewMe() {
  const out = h('p', { role: 'status' });
  const parts = [h('h1', {}, t('nav_me'))];
  if (session.key) {
    parts.push(
      h('p', { class: 'ok' }, t('unlocked', { id: session.citizen })),
      h('button', { class: 'secondary', onclick: () => { lockKey(); viewMe(); } }, t('lock')),
    );
  }
  const saved = keystore.saved();
  if (!saved.length) parts.push(h('p', {}, t('no_keys')));
  for (const b of saved) parts.push(...savedKey(b, out));
  parts.push(out, loadBackupForm(out));
  if (session.citizen) parts.push(receiptList(session.citizen));
  show(...parts);
}

// A key saved in this browser: unlock it with its passphrase, download its backup, show it as a
// QR code, or forget it. Problems go to `out`.
function savedKey(b, out) {
  const pass = h('input', { type: 'password', autocomplete: 'current-password' });
  const forget = () => {
    if (session.citizen === b.citizen) lockKey();
    keystore.forget(b.citizen);
    viewMe();
  };
  const qr = qrBackup(b);
  const form = h('form', { class: 'inline' }, h('strong', {}, b.citizen), ' ', field(t('passphrase'), pass), h('button', { type: 'submit' }, t('unlock')), downloadButton(b, 'secondary'), qr.toggle, h('button', { type: 'button', class: 'secondary', onclick: forget }, t('forget')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    try {
      unlock(b.citizen, keystore.open(b, pass.value));
      viewMe();
    } catch (err) {
      status(out, keyError(err), 'error');
    }
  });
  return [form, qr.panel];
}

// A backup file or a key file from elsewhere: a backup is saved here too, and the key unlocked.
function loadBackupForm(out) {
  const file = h('input', { type: 'file', accept: '.json,.key,application/json' });
  const filePass = h('input', { type: 'password', autocomplete: 'current-password' });
  const load = h('form', {}, h('h2', {}, t('load_backup')), field(t('load_backup'), file), field(t('passphrase'), filePass), h('button', { type: 'submit' }, t('unlock')));
  load.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const m = parseKeyMaterial(await readFileText(file), filePass.value);
      if (m.backup) keystore.save(m.backup);
      unlock(m.citizen || '?', m.seed);
      viewMe();
    } catch (err) {
      status(out, keyError(err), 'error');
    }
  });
  return load;
}

// ---------- the key backup as a file and as a QR code (lib/qr.js; docs/formats/web-storage.md) ----------

function downloadButton(backup, kind) {
  return h('button', { type: 'button', class: kind, onclick: () => download(`veche-${backup.citizen}.json`, JSON.stringify(backup, null, 2)) }, t('download_backup'));
}

// A button that shows and hides a panel with the backup's QR code, drawn when first shown. The QR
// carries the backup sealed under the passphrase, as the file does; the panel says what that means.
function qrBackup(backup) {
  const panel = h('section', { class: 'qr-backup', id: `qr-${backup.citizen}`, hidden: true, 'aria-labelledby': `qr-title-${backup.citizen}` });
  const toggle = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('qr_show'));
  const print = () => {
    // Only the panel is printed (style.css, @media print), until the print dialog closes.
    document.body.classList.add('print-qr');
    panel.classList.add('printing');
    const done = () => {
      document.body.classList.remove('print-qr');
      panel.classList.remove('printing');
    };
    window.addEventListener('afterprint', done, { once: true });
    window.print();
  };
  toggle.addEventListener('click', () => {
    const opening = panel.hidden;
    if (opening && !panel.childElementCount) {
      try {
        panel.append(
          h('h2', { id: `qr-title-${backup.citizen}` }, t('qr_title', { id: backup.citizen })),
          qrSvg(backupToQrPayload(backup), t('qr_label', { id: backup.citizen })),
          h('p', { class: 'notice' }, t('qr_warning')),
          h('button', { type: 'button', onclick: print }, t('print')),
        );
      } catch (err) {
        panel.append(h('p', { class: 'error', role: 'alert' }, keyError(err)));
      }
    }
    panel.hidden = !opening;
    toggle.setAttribute('aria-expanded', String(opening));
    toggle.textContent = t(opening ? 'qr_hide' : 'qr_show');
  });
  return { toggle, panel };
}

// The QR code as SVG built node by node (no markup is parsed): one path of unit squares, with the
// four-module white quiet zone the standard asks for, so it prints sharp at any size.
function qrSvg(payload, label) {
  const { size, dark } = qrMatrix(payload);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const set = (el, attrs) => Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
  set(svg, { class: 'qr', viewBox: `-4 -4 ${size + 8} ${size + 8}`, role: 'img', 'aria-label': label, 'shape-rendering': 'crispEdges', 'data-modules': size });
  const background = document.createElementNS(ns, 'rect');
  set(background, { x: -4, y: -4, width: size + 8, height: size + 8, fill: '#fff' });
  let d = '';
  dark.forEach((row, y) => row.forEach((on, x) => {
    if (on) d += `M${x} ${y}h1v1h-1z`;
  }));
  const path = document.createElementNS(ns, 'path');
  set(path, { d, fill: '#000' });
  svg.append(background, path);
  return svg;
}
