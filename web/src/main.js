// SPDX-License-Identifier: AGPL-3.0-or-later
// veche's web UI: the shell (the header and its navigation, the language) and the router. One
// page, routed by the URL fragment (#/measures/x), talking to the node's JSON API (docs/api.md);
// the shared code is in lib/. Everything a citizen
// signs is built and signed here (lib/records.js); keys stay in this browser (lib/keystore.js).
// In kiosk mode (/kiosk or `veche serve --kiosk`) it keeps nothing: one voter at a time, and
// everything is forgotten after each.
import { h, show, status, field, fmtDate, fmtNumber, download } from './lib/dom.js';
import { t, setLanguage, currentLanguage } from './i18n/index.js';
import { api, apiText, listAll, submit } from './lib/api.js';
import { session, kiosk, records, sodium, keystore, unlock, lockKey, sessionChanged, ballotCrypto, startServices, onSessionChange } from './lib/session.js';
import { signAndSubmit, keptReceipts, verifyReceipt, keepReceipt } from './lib/receipts.js';
import { Kind } from './lib/records.js';
import { lineDiff } from './lib/diff.js';
import { fromBase64, hex, fromHex } from './lib/encoding.js';
import { readFileText, parseKeyMaterial, keyError } from './lib/keys.js';
import { backupToQrPayload, qrMatrix, backupFromQrPayload, readQrPixels } from './lib/qr.js';
import { encodeBallotPayload } from './lib/ballot.js';

// ---------- pages/shared.js ----------
// Pieces several pages show: a badge, and the notice that voting needs an unlocked key.

const badge = (text, kind) => h('span', { class: `badge ${kind || ''}` }, text);

function needKey() {
  return h('p', { class: 'notice' }, t('unlock_to_vote'), ' ', h('a', { href: '#/me' }, t('nav_me')), ' · ', h('a', { href: '#/enrol' }, t('nav_enrol')));
}

// ---------- pages/legislation.js ----------
// Legislation: measures (live tallies as bars, budgets, amendment diffs, the roll call, the vote
// box), laws in force with their versions, and citizens' initiatives (signing, filing).

function tallyChart(count, electorate) {
  const total = count.yes + count.no + count.abstain;
  const row = (name, n) => {
    const pct = total ? Math.round((1000 * n) / total) / 10 : 0;
    return h(
      'div',
      { class: `bar-row ${name}` },
      h('span', { class: 'bar-label' }, t(name)),
      h('span', { class: 'bar', role: 'img', 'aria-label': `${t(name)}: ${n} (${pct}%)` }, h('span', { class: 'fill', style: { width: `${pct}%` } })),
      h('span', { class: 'bar-value' }, `${fmtNumber(n)} · ${pct}%`),
    );
  };
  return h(
    'div',
    { class: 'chart' },
    row('yes', count.yes),
    row('no', count.no),
    row('abstain', count.abstain),
    electorate !== undefined
      ? h('p', { class: 'muted' }, t('voted', { n: fmtNumber(total), p: electorate ? Math.round((1000 * total) / electorate) / 10 : 0 }), ' · ', t('electorate', { n: fmtNumber(electorate) }))
      : null,
  );
}
const measureStatus = (m) =>
  m.status === 'decided' && m.outcome ? badge(t(`outcome_${m.outcome}`), m.outcome) : badge(t(`status_${m.status}`), m.status);
function measureItem(m) {
  return h(
    'li',
    { class: 'card' },
    h('a', { href: `#/measures/${m.id}` }, m.title),
    ' ',
    badge(t(`kind_${m.kind}`)),
    ' ',
    measureStatus(m),
    h('div', { class: 'muted' }, m.territory, m.voters !== undefined ? ` · ${t('voters_n', { n: fmtNumber(m.voters) })}` : ''),
  );
}

// ---------- measures ----------

async function viewMeasures() {
  const list = await api('measures?limit=1000');
  show(h('h1', {}, t('nav_measures')), h('ul', { class: 'cards' }, list.measures.map(measureItem)));
}

let refreshTimer = null;
// Stops the live tally of a measure's page (the router calls it on every route).
function stopMeasureRefresh() {
  clearInterval(refreshTimer);
}

async function viewMeasure(id) {
  const m = await api(`measures/${encodeURIComponent(id)}`);
  const parts = [h('h1', {}, m.title), h('p', {}, badge(t(`kind_${m.kind}`)), ' ', measureStatus(m), ' ', h('a', { href: `#/territories/${m.territory}` }, m.territory))];
  if (m.session && m.status === 'voting') parts.push(h('p', { class: 'muted' }, t('closes', { date: fmtDate(m.session.closes_at) })));

  const tally = measureTally();
  tally.render(m);
  if (m.status === 'voting') parts.push(voteBox(m));
  parts.push(tally.node);

  if (m.kind === 'budget') parts.push(...budgetTables(m));
  parts.push(...(await measureText(m)));
  parts.push(rollCall(m.id));
  show(...parts);

  clearInterval(refreshTimer);
  if (m.status === 'voting' && !kiosk) {
    refreshTimer = setInterval(async () => {
      if (!location.hash.startsWith(`#/measures/${id}`)) return clearInterval(refreshTimer);
      try {
        tally.render(await api(`measures/${encodeURIComponent(id)}`));
      } catch {
        /* the next poll tries again */
      }
    }, 3000);
  }
}

// The tally (or, once decided, the result) of a measure: its section, and render(measure) to fill
// it again from a fresher copy.
function measureTally() {
  const node = h('section', { 'aria-live': 'polite' });
  const render = (x) => {
    const count = x.result ? x.result.binding : x.tally?.binding;
    if (!count) return node.replaceChildren();
    const electorate = x.result ? x.result.electorate : x.tally.electorate;
    const members = x.tally?.members || [];
    node.replaceChildren(...[
      h('h2', {}, x.result ? t('result') : t('tally')),
      x.result ? h('p', {}, measureStatus({ status: 'decided', outcome: x.result.outcome })) : null,
      tallyChart(count, electorate),
      members.length
        ? h('details', {}, h('summary', {}, t('members')), members.map((mm) => h('div', {}, h('h3', {}, mm.territory), tallyChart(mm))))
        : null,
      (x.result?.consultative || x.tally?.consultative) ? h('details', {}, h('summary', {}, t('consultative')), tallyChart(x.result ? x.result.consultative : x.tally.consultative)) : null,
    ].filter(Boolean));
  };
  return { node, render };
}

function budgetTables(m) {
  const lines = (rows) => h('table', {}, h('tbody', {}, rows.map((r) => h('tr', {}, h('td', {}, r.label), h('td', { class: 'num' }, fmtNumber(r.amount))))));
  return [h('h2', {}, t('budget_income')), lines(m.income), h('h2', {}, t('budget_expenditure')), lines(m.expenditure), h('p', {}, t('budget_deficit', { n: fmtNumber(m.deficit) }))];
}

// A measure's text: an amendment as the changes to the text it amends, anything else as it stands.
async function measureText(m) {
  if (m.kind === 'amendment') {
    const [before, after] = await Promise.all([apiText(`texts/${m.base}`), apiText(`texts/${m.text}`)]);
    return [
      h('h2', {}, t('changes')),
      h('pre', { class: 'diff' }, lineDiff(before, after).map((d) => h(d.op === '+' ? 'ins' : d.op === '-' ? 'del' : 'span', {}, `${d.op} ${d.line}\n`))),
    ];
  }
  if (m.text) return [h('h2', {}, t('text')), h('pre', { class: 'text' }, await apiText(`texts/${m.text}`))];
  return [];
}

function voteBox(m, onDone) {
  const box = h('section', { class: 'vote' }, h('h2', {}, t('your_vote')));
  if (!session.key) {
    box.append(needKey());
    return box;
  }
  const out = h('p', { role: 'status' });
  const choose = (choice) => async () => {
    status(out, t('working'));
    try {
      const { receipt } = await signAndSubmit(Kind.vote, records.votePayload(m.id, choice), `${t('your_vote')}: ${m.title} — ${t(choice)}`);
      status(out, t('vote_cast', { choice: t(choice), index: receipt.index }), 'ok');
      if (onDone) onDone(choice, receipt);
    } catch (e) {
      status(out, t('error', { message: e.message }), 'error');
    }
  };
  box.append(
    h('p', {}, t('vote_as', { id: session.citizen })),
    h('div', { class: 'choices' }, ['yes', 'no', 'abstain'].map((c) => h('button', { class: `choice ${c}`, onclick: choose(c) }, t(c)))),
    h('p', { class: 'muted' }, t('vote_change'), ' ', t('home_kiosk_note')),
    out,
  );
  return box;
}

function rollCall(id) {
  const list = h('ol', { class: 'roll' });
  const more = h('button', { class: 'secondary' }, t('show_more'));
  let after = '';
  const load = async () => {
    const page = await api(`measures/${encodeURIComponent(id)}/votes?limit=50${after ? '&after=' + after : ''}`);
    list.append(...page.votes.map((v) => h('li', {}, `${v.citizen}: ${t(v.vote)}`)));
    after = page.next_after || '';
    more.hidden = !after;
  };
  more.addEventListener('click', load);
  const details = h('details', {}, h('summary', {}, t('roll_call')), list, more);
  details.addEventListener('toggle', () => details.open && !list.childElementCount && load());
  return details;
}

// ---------- laws ----------

async function viewLaws() {
  const list = await api('laws?limit=1000');
  show(h('h1', {}, t('nav_laws')), h('ul', { class: 'cards' }, list.laws.map((l) => h('li', { class: 'card' }, h('a', { href: `#/laws/${l.id}` }, l.title), h('div', { class: 'muted' }, `${l.territory} · ${t('versions')}: ${l.versions}`)))));
}

async function viewLaw(id) {
  const law = await api(`laws/${encodeURIComponent(id)}`);
  const text = await apiText(`laws/${encodeURIComponent(id)}/text`);
  show(
    h('h1', {}, law.title),
    h('p', { class: 'muted' }, h('a', { href: `#/territories/${law.territory}` }, law.territory)),
    h('pre', { class: 'text' }, text),
    h('h2', {}, t('versions')),
    h('ol', {}, law.versions.map((v, i) => h('li', {}, t('version_n', { n: i + 1 }), ': ', h('a', { href: `#/measures/${v.measure}` }, v.measure), ` · ${fmtDate(v.adopted_at)}`))),
  );
}

// ---------- initiatives ----------

async function viewInitiatives() {
  const list = await api('initiatives?limit=1000');
  show(
    h('h1', {}, t('nav_initiatives')),
    h('p', {}, h('a', { href: '#/initiatives-new', class: 'button' }, t('file_initiative'))),
    h('ul', { class: 'cards' }, list.initiatives.map((i) => h('li', { class: 'card' }, h('a', { href: `#/initiatives/${i.id}` }, i.title), h('div', { class: 'muted' }, t('signatures', { n: fmtNumber(i.signatures), need: fmtNumber(i.threshold) }))))),
  );
}

async function viewInitiative(id) {
  const i = await api(`initiatives/${encodeURIComponent(id)}`);
  const out = h('p', { role: 'status' });
  const progress = h('progress', { max: i.threshold, value: Math.min(i.signatures, i.threshold), 'aria-label': t('signatures', { n: i.signatures, need: i.threshold }) });
  show(
    h('h1', {}, i.title),
    h('p', {}, badge(t(`kind_${i.kind}`)), ' ', h('a', { href: `#/territories/${i.territory}` }, i.territory)),
    h('p', {}, progress, ' ', t('signatures', { n: fmtNumber(i.signatures), need: fmtNumber(i.threshold) })),
    i.qualified ? h('p', { class: 'ok' }, t('qualified'), ' ', h('a', { href: `#/measures/${i.id}` }, i.id)) : null,
    !i.qualified && session.key ? signButton(i, out) : !i.qualified ? needKey() : null,
    out,
    i.text ? [h('h2', {}, t('text')), h('pre', { class: 'text' }, await apiText(`texts/${i.text}`))] : null,
  );
}

function signButton(i, out) {
  return h('button', {
    onclick: async () => {
      status(out, t('working'));
      try {
        const { receipt } = await signAndSubmit(Kind.initiativeSign, records.initiativeSignPayload(i.id), `${t('sign')}: ${i.title}`);
        status(out, t('signed', { index: receipt.index }), 'ok');
      } catch (e) {
        status(out, t('error', { message: e.message }), 'error');
      }
    },
  }, t('sign'));
}

function viewFileInitiative() {
  if (!session.key) return show(h('h1', {}, t('file_initiative')), needKey());
  const id = h('input', { required: true, pattern: '[a-z0-9][a-z0-9-]*', autocomplete: 'off' });
  const title = h('input', { required: true });
  const territory = h('input', { required: true, value: 'union' });
  const text = h('textarea', { required: true, rows: 12 });
  const out = h('p', { role: 'status' });
  const form = h('form', {}, field(t('id'), id), field(t('title'), title), field(t('territory'), territory), field(t('law_text'), text), h('button', { type: 'submit' }, t('file')), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status(out, t('working'));
    try {
      // The text is published first (by its hash), then the initiative names it.
      await signAndSubmit(Kind.text, records.textPayload(text.value), `${t('text')}: ${title.value}`);
      const { receipt } = await signAndSubmit(
        Kind.initiativeFile,
        records.lawInitiativePayload(id.value, territory.value, title.value, records.textHash(text.value)),
        `${t('file_initiative')}: ${title.value}`,
      );
      status(out, t('filed', { index: receipt.index }), 'ok');
    } catch (err) {
      status(out, t('error', { message: err.message }), 'error');
    }
  });
  show(h('h1', {}, t('file_initiative')), form);
}

// ---------- pages/log.js ----------
// The log, as a citizen checks it: the receipts kept in this browser (shown on "My key"), each
// with "Check", which verifies the record's inclusion in the log (lib/receipts.js).

function receiptList(citizen) {
  const list = keptReceipts(citizen);
  return h(
    'section',
    {},
    h('h2', {}, t('receipts')),
    list.length ? h('ul', { class: 'receipts' }, list.map(receiptItem)) : h('p', {}, t('no_receipts')),
  );
}

function receiptItem(r) {
  const out = h('span', { role: 'status' });
  const check = async () => {
    status(out, t('working'));
    try {
      const ok = await verifyReceipt(fromBase64(r.record), r.record_id);
      status(out, t('check_ok', ok), 'ok');
    } catch (e) {
      status(out, t('check_fail', { message: e.message }), 'error');
    }
  };
  return h('li', {}, h('div', {}, r.label), h('code', {}, `#${r.index} ${r.record_id.slice(0, 16)}…`), ' ', h('button', { class: 'secondary', onclick: check }, t('check')), ' ', out);
}

// ---------- pages/registry.js ----------
// The registry: territories (the tree, a territory's page with its charter), a citizen's
// enrolment (the key made here and bound with the one-time code) and "My key" (unlock, lock,
// forget, load a backup; the backup as a file or a QR code; the receipts).

// ---------- territories ----------

function territoryTree(territories) {
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

async function viewTerritory(id) {
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

function viewEnrol() {
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

function viewMe() {
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

// ---------- pages/registrar.js ----------
// The registrar's desk: enrols a person under a pseudonymous id. Personal data and its salt go to
// the registrar's private store on this device (localStorage, exportable); the log gets only the
// salted commitment (docs/formats/record.md, citizen_enrol).

function viewRegistrar() {
  const keyFile = h('input', { type: 'file', accept: '.key' });
  const id = h('input', { required: true, autocomplete: 'off' });
  const residence = h('input', { required: true });
  const majority = h('input', { type: 'date', required: true });
  const consultative = h('input', { type: 'date', required: true });
  const person = h('textarea', { required: true, rows: 3 });
  const out = h('p', { role: 'status' });
  const codeBox = h('div', { class: 'code-box' });
  const form = h('form', {}, field(t('registrar_key'), keyFile), field(t('citizen_id'), id), field(t('residence'), residence), field(t('majority_date'), majority), field(t('consultative_date'), consultative), field(t('person'), person), h('button', { type: 'submit' }, t('enrol_citizen')), out, codeBox);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status(out, t('working'));
    try {
      const registrar = records.keyFromSeed(keystore.parseKeyFile(await readFileText(keyFile)));
      const code = hex(sodium.randombytes_buf(16)); // 128 bits, as the CLI's codes
      const salt = sodium.randombytes_buf(16);
      const micros = (input) => BigInt(Date.parse(input.value + 'T00:00:00Z')) * 1000n;
      const payload = records.enrolPayload({
        id: id.value.trim(),
        residence: residence.value.trim(),
        majorityDate: micros(majority),
        consultativeDate: micros(consultative),
        commitment: records.personalDataCommitment(salt, person.value),
        enrolmentKey: records.enrolmentKey(code).publicKey,
      });
      const receipt = await submit(records.sign(Kind.citizenEnrol, payload, registrar));
      keepPersonalData(id.value.trim(), salt, person.value, receipt);
      status(out, '', 'ok');
      codeBox.replaceChildren(h('p', {}, t('code_for', { id: id.value.trim() })), h('p', { class: 'code', 'data-testid': 'enrolment-code' }, code), h('button', { type: 'button', onclick: () => window.print() }, t('print')));
    } catch (err) {
      status(out, t('error', { message: keyError(err) }), 'error');
    }
  });
  show(
    h('h1', {}, t('registrar_title')),
    h('p', {}, t('registrar_intro')),
    form,
    h('p', {}, h('button', { class: 'secondary', onclick: () => download('veche-registry.json', localStorage.getItem('veche.registry') || '{}') }, t('registry_export'))),
  );
}

// The registrar's private store on this device: a person's data and its salt, under their id.
function keepPersonalData(id, salt, data, receipt) {
  const store = JSON.parse(localStorage.getItem('veche.registry') || '{}');
  store[id] = { salt: hex(salt), data, stored_at: new Date().toISOString(), entry: receipt.index };
  localStorage.setItem('veche.registry', JSON.stringify(store));
}

// ---------- pages/ballot-box.js ----------
// Casting a secret ballot (docs/formats/ballot.md): choose, encrypt (in this browser, under the
// election's joint key), then either cast (self-checked, signed, submitted) or audit (Benaloh:
// opened, checked here, shown, downloadable and discarded).

const focusOn = (el) => {
  el.setAttribute('tabindex', '-1');
  el.focus();
};

// The options to mark (radios when the limit is 1), with the message when too many are marked.
function ballotChoices(e) {
  const single = e.limit === 1;
  const inputs = e.options.map((_, i) => h('input', { type: single ? 'radio' : 'checkbox', name: `ballot-${e.id}`, value: String(i) }));
  const limitMsg = h('p', { role: 'status', id: `limit-${e.id}` });
  const fieldset = h(
    'fieldset',
    { class: 'ballot-options', 'aria-describedby': limitMsg.id },
    h('legend', {}, single ? t('choose_one') : t('choose_up_to', { n: e.limit })),
    inputs.map((input, i) => h('label', {}, input, ' ', e.options[i])),
  );
  const marks = () => inputs.map((input) => (input.checked ? 1 : 0));
  const overLimit = () => {
    const n = marks().reduce((a, b) => a + b, 0);
    if (n > e.limit) {
      status(limitMsg, t('over_limit', { n, limit: e.limit }), 'error');
      inputs.forEach((input) => input.setAttribute('aria-invalid', 'true'));
      return true;
    }
    limitMsg.textContent = '';
    limitMsg.className = '';
    inputs.forEach((input) => input.removeAttribute('aria-invalid'));
    return false;
  };
  fieldset.addEventListener('change', overLimit);
  return { inputs, limitMsg, fieldset, marks, overLimit };
}

// `onCast` is told after a ballot is in the log.
function ballotBox(e, onCast) {
  const box = h('section', { class: 'vote ballot' }, h('h2', {}, t('your_ballot')));
  if (!session.key) {
    box.append(needKey());
    return box;
  }
  const electionHash = fromHex(e.election_hash);
  const jointKey = fromHex(e.key);
  const { inputs, limitMsg, fieldset, marks: marksNow, overLimit } = ballotChoices(e);
  const encryptButton = h('button', { type: 'submit' }, t('encrypt'));
  const form = h('form', {}, fieldset, limitMsg, encryptButton);
  const stage = h('div', { class: 'ballot-stage' }); // the encrypted ballot, then the audit or the cast
  const out = h('div', { role: 'status', class: 'ballot-out' });

  let pending = null; // { marks, selections, payload, tracker }: encrypted, neither cast nor audited
  const wipe = (p) => p.selections.nonces.forEach((n) => sodium.memzero(n));
  const reopen = (clear) => {
    fieldset.disabled = false;
    encryptButton.disabled = false;
    if (clear) inputs.forEach((input) => (input.checked = false));
  };
  const chosen = (marks) => {
    const names = e.options.filter((_, i) => marks[i]);
    return names.length ? names.join(', ') : t('blank_ballot');
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (overLimit()) return inputs[0].focus();
    if (pending) wipe(pending);
    out.replaceChildren();
    const marks = marksNow();
    const selections = ballotCrypto.encryptSelections(electionHash, jointKey, session.key.publicKey, marks, e.limit);
    const payload = encodeBallotPayload(e.id, selections);
    pending = { marks, selections, payload, tracker: ballotCrypto.trackingCode(payload) };
    fieldset.disabled = true;
    encryptButton.disabled = true;
    const heading = h('h3', {}, t('encrypted_title'));
    stage.replaceChildren(
      heading,
      h('p', {}, t('your_choice', { list: chosen(marks) })),
      h('p', {}, `${t('tracking_code')}: `, h('code', { class: 'tracker', 'data-testid': 'tracker' }, pending.tracker)),
      h('p', {}, t('encrypted_help')),
      h('p', { class: 'notice' }, t('coercion_note')),
      h('div', { class: 'choices' }, h('button', { type: 'button', onclick: cast }, t('cast')), h('button', { type: 'button', class: 'secondary', onclick: audit }, t('audit'))),
    );
    focusOn(heading);
  });

  async function cast() {
    const p = pending;
    if (!p) return;
    pending = null;
    stage.querySelectorAll('button').forEach((b) => (b.disabled = true));
    status(out, t('working'));
    // The self-check: the proofs must verify as the node will check them, or nothing is sent.
    const sound = ballotCrypto.verifySelections(electionHash, jointKey, session.key.publicKey, e.limit, p.selections);
    wipe(p); // a ballot that may be cast is never opened
    if (!sound) {
      stage.replaceChildren();
      reopen(false);
      status(out, t('self_check_failed'), 'error');
      return focusOn(out);
    }
    try {
      const { receipt } = await signAndSubmit(Kind.ballot, p.payload, t('ballot_receipt', { title: e.title, code: p.tracker }));
      stage.replaceChildren();
      out.className = 'ballot-out';
      out.replaceChildren(
        h('p', { class: 'ok' }, t('ballot_cast', { index: receipt.index })),
        h('p', {}, `${t('tracking_code')}: `, h('code', { class: 'tracker', 'data-testid': 'cast-tracker' }, p.tracker)),
        h('p', {}, t('ballot_find_note')),
      );
      reopen(true);
      focusOn(out);
      if (onCast) onCast(p.tracker);
    } catch (err) {
      stage.replaceChildren();
      reopen(false);
      status(out, t('error', { message: err.message }), 'error');
      focusOn(out);
    }
  }

  // Benaloh: open the ballot (marks and nonces), check it here, show the data and throw it away.
  function audit() {
    const p = pending;
    if (!p) return;
    pending = null;
    const ok = ballotCrypto.checkAudit(jointKey, p.selections, p.marks, p.selections.nonces);
    const heading = h('h3', {}, t('audit_title'));
    stage.replaceChildren(heading, ...auditView(openedBallot(e, p, ok)));
    reopen(false); // the voter's marks stay; encrypting again draws fresh nonces
    focusOn(heading);
  }

  box.append(h('p', {}, t('vote_as', { id: session.citizen })), form, stage, out);
  return box;
}

// An audited ballot opened: what it held (marks and nonces) and the verdict of the check.
function openedBallot(e, p, ok) {
  const { marks, selections } = p;
  return {
    election: e.id,
    election_hash: e.election_hash,
    key: e.key,
    voter: hex(session.key.publicKey),
    tracker: p.tracker,
    payload: hex(p.payload),
    options: e.options.map((name, i) => ({ option: name, mark: marks[i], nonce: hex(selections.nonces[i]) })),
    verdict: ok ? 'ok' : 'mismatch',
  };
}

// The audit as shown, below its heading: the verdict, the marks and nonces, and the download.
function auditView(opened) {
  const ok = opened.verdict === 'ok';
  return [
    h('p', { role: 'status', class: ok ? 'ok' : 'error', 'data-testid': 'audit-verdict' }, ok ? t('audit_ok') : t('audit_fail')),
    h('p', {}, `${t('tracking_code')}: `, h('code', { class: 'tracker' }, opened.tracker)),
    h('p', { class: 'muted' }, t('audit_help')),
    h(
      'table',
      { class: 'audit' },
      h('thead', {}, h('tr', {}, ['col_option', 'col_mark', 'col_nonce'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, opened.options.map((o) => h('tr', {}, h('th', { scope: 'row' }, o.option), h('td', {}, o.mark ? t('marked') : t('not_marked')), h('td', {}, h('code', { class: 'tracker' }, o.nonce))))),
    ),
    h('button', { type: 'button', class: 'secondary', onclick: () => download(`veche-audit-${opened.election}-${opened.tracker.slice(0, 8)}.json`, JSON.stringify(opened, null, 2)) }, t('audit_download')),
  ];
}

// ---------- pages/election.js ----------
// Secret-ballot elections (docs/formats/ballot.md): the list, and an election's page: status and
// turnout, the result as bars, the options, the trustees, the public ballot list with a search by
// citizen, and the ballot box (ballot-box.js) while voting is open.

const electionStatus = (e) => badge(t(`status_${e.status}`), e.status);
function electionDates(e) {
  if (e.status === 'keygen' || e.status === 'failed') return t('opens', { date: fmtDate(e.opens_at) });
  if (e.status === 'voting') return t('closes', { date: fmtDate(e.closes_at) });
  return t('closed_on', { date: fmtDate(e.closes_at) });
}
function electionItem(e) {
  return h(
    'li',
    { class: 'card' },
    h('a', { href: `#/elections/${e.id}` }, e.title),
    ' ',
    electionStatus(e),
    h('div', { class: 'muted' }, `${e.territory} · ${electionDates(e)} · ${t('voters_n', { n: fmtNumber(e.voters) })}`),
  );
}

async function viewElections() {
  const list = await listAll('elections', 'elections');
  show(
    h('h1', {}, t('nav_elections')),
    h('p', {}, t('elections_intro')),
    list.length ? h('ul', { class: 'cards' }, list.map(electionItem)) : h('p', {}, t('no_elections')),
  );
}

// The result as bars: each option's count and its share of the ballots counted (with a limit
// above 1 the shares may add up to more than 100%).
function optionsChart(options, counts, ballots) {
  return h(
    'div',
    { class: 'chart options' },
    options.map((name, i) => {
      const n = Number(counts[i] ?? 0);
      const pct = ballots ? Math.round((1000 * n) / ballots) / 10 : 0;
      return h(
        'div',
        { class: 'bar-row option' },
        h('span', { class: 'bar-label' }, name),
        h('span', { class: 'bar', role: 'img', 'aria-label': `${name}: ${n} (${pct}%)` }, h('span', { class: 'fill', style: { width: `${Math.min(pct, 100)}%` } })),
        h('span', { class: 'bar-value' }, `${fmtNumber(n)} · ${pct}%`),
      );
    }),
    h('p', { class: 'muted' }, t('result_of_ballots', { n: fmtNumber(ballots) })),
  );
}

function trusteeTable(e) {
  const yesNo = (b) => (b ? t('cell_yes') : t('cell_no'));
  return h(
    'section',
    {},
    h('h2', {}, t('trustees')),
    h('p', {}, t('trustees_threshold', { k: e.threshold, n: e.trustees.length })),
    h(
      'table',
      { class: 'trustees' },
      h('thead', {}, h('tr', {}, ['col_trustee', 'col_key', 'col_committed', 'col_revealed', 'col_decrypted'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, e.trustees.map((tr) => h(
        'tr',
        {},
        h('th', { scope: 'row' }, t('trustee_n', { n: tr.index }), tr.disqualified ? [' ', badge(t('disqualified'), 'rejected')] : null),
        h('td', {}, h('code', { title: tr.key }, `${tr.key.slice(0, 16)}…`)),
        h('td', {}, yesNo(tr.committed)),
        h('td', {}, yesNo(tr.revealed)),
        h('td', {}, yesNo(tr.decrypted)),
      ))),
    ),
  );
}

// The trustees whose shares gave the result: bit i-1 is trustee i.
const trusteesOfMask = (mask) => Array.from({ length: 16 }, (_, i) => i + 1).filter((i) => (mask >> (i - 1)) & 1);

// A citizen's entry in an election's ballot list (keyed by citizen id, in byte order), or null.
async function findBallot(electionId, citizen) {
  let after = citizen.slice(0, -1); // every id that sorts between this and `citizen` starts with it
  for (;;) {
    const page = await api(`elections/${encodeURIComponent(electionId)}/ballots?limit=100${after ? '&after=' + encodeURIComponent(after) : ''}`);
    for (const b of page.ballots) {
      if (b.citizen === citizen) return b;
      if (b.citizen > citizen) return null;
    }
    if (!page.next_after) return null;
    after = page.next_after;
  }
}

// The public list of ballots (citizen and tracking code), paged, and a search by citizen id.
function ballotList(e) {
  const tbody = h('tbody');
  const table = h('table', { class: 'ballots' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col_citizen')), h('th', { scope: 'col' }, t('tracking_code')))), tbody);
  const empty = h('p', { class: 'muted' }, t('no_ballots'));
  const more = h('button', { type: 'button', class: 'secondary' }, t('show_more'));
  let after = '';
  const load = async (reset) => {
    if (reset) after = '';
    const page = await api(`elections/${encodeURIComponent(e.id)}/ballots?limit=50${after ? '&after=' + encodeURIComponent(after) : ''}`);
    const rows = page.ballots.map((b) => h('tr', {}, h('td', {}, b.citizen), h('td', {}, h('code', { class: 'tracker' }, b.tracker))));
    if (reset) tbody.replaceChildren(...rows);
    else tbody.append(...rows);
    after = page.next_after || '';
    more.hidden = !after;
    table.hidden = !tbody.childElementCount;
    empty.hidden = !table.hidden;
  };
  more.addEventListener('click', () => load(false).catch((err) => status(found, t('error', { message: err.message }), 'error')));

  const who = h('input', { autocomplete: 'off', spellcheck: 'false', value: session.citizen || '' });
  const found = h('p', { role: 'status', 'data-testid': 'found-ballot' });
  const find = async () => {
    const citizen = who.value.trim();
    if (!citizen) return;
    status(found, t('working'));
    try {
      const b = await findBallot(e.id, citizen);
      if (b) status(found, t('ballot_found', { id: citizen, code: b.tracker }), 'ok');
      else status(found, t('ballot_not_found', { id: citizen }), 'info');
    } catch (err) {
      status(found, t('error', { message: err.message }), 'error');
    }
  };
  const form = h('form', { class: 'inline', role: 'search' }, field(t('citizen_id'), who), h('button', { type: 'submit' }, t('find')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    find();
  });
  const node = h(
    'section',
    {},
    h('h2', {}, t('ballots')),
    h('p', {}, t('ballots_help')),
    h('h3', {}, t('find_ballot')),
    form,
    found,
    table,
    empty,
    more,
  );
  return { node, load, find };
}

async function viewElection(id) {
  const e = await api(`elections/${encodeURIComponent(id)}`);
  const turnout = h('p', { class: 'muted', 'aria-live': 'polite' });
  const renderTurnout = (x) =>
    turnout.replaceChildren(t('voted', { n: fmtNumber(x.voters), p: x.electorate ? Math.round((1000 * x.voters) / x.electorate) / 10 : 0 }), ' · ', t('electorate', { n: fmtNumber(x.electorate) }));
  renderTurnout(e);
  const ballots = ballotList(e);
  const parts = [
    h('h1', {}, e.title),
    h('p', {}, electionStatus(e), ' ', h('a', { href: `#/territories/${e.territory}` }, e.territory), ' · ', electionDates(e)),
    turnout,
    ...electionProgress(e),
  ];
  const voting = e.status === 'voting' && e.key;
  if (!(voting && session.key) && !(e.status === 'decided' && e.result)) {
    parts.push(h('section', {}, h('h2', {}, t('options')), h('ol', {}, e.options.map((o) => h('li', {}, o)))));
  }
  parts.push(h('p', {}, e.limit === 1 ? t('limit_one') : t('limit_n', { n: e.limit })));
  if (voting) {
    parts.push(ballotBox(e, async () => {
      try {
        renderTurnout(await api(`elections/${encodeURIComponent(id)}`));
        await ballots.load(true);
        await ballots.find();
      } catch {
        /* the lists refresh on the next visit */
      }
    }));
  }
  parts.push(trusteeTable(e), ballots.node, electionData(e));
  await ballots.load(true);
  show(...parts);
}

// Where the election stands, as notices (keys being made, failed, counting), or its result.
function electionProgress(e) {
  const parts = [];
  if (e.status === 'keygen') parts.push(h('p', { class: 'notice' }, t('keygen_note', { date: fmtDate(e.opens_at) })));
  if (e.status === 'failed') {
    const qualified = e.trustees.filter((tr) => tr.revealed && !tr.disqualified).length;
    parts.push(h('p', { class: 'notice' }, t('failed_note', { q: qualified, k: e.threshold })));
  }
  if (e.status === 'counting') {
    parts.push(h('p', { class: 'notice' }, t('counting_note', { d: e.trustees.filter((tr) => tr.decrypted).length, k: e.threshold })));
  }
  if (e.status === 'decided' && e.result) {
    parts.push(h('section', {}, h('h2', {}, t('result')), optionsChart(e.options, e.result.counts, e.voters), e.result.trustees ? h('p', { class: 'muted' }, t('decrypted_by', { list: trusteesOfMask(e.result.trustees).join(', ') })) : null));
  }
  return parts;
}

// The election's hash and joint key, for those who check ballots elsewhere.
function electionData(e) {
  return h('details', {}, h('summary', {}, t('election_data')), h('dl', { class: 'charter' },
    h('dt', {}, t('election_hash')), h('dd', {}, h('code', { class: 'tracker' }, e.election_hash)),
    e.key ? [h('dt', {}, t('joint_key')), h('dd', {}, h('code', { class: 'tracker' }, e.key))] : null));
}

// ---------- pages/home.js ----------
// The home page: what is open for voting now (measures and elections), recent results, the
// territory tree and the open data.

async function viewHome() {
  const [open, decided, territories, elections] = await Promise.all([
    api('measures?status=voting&limit=100'),
    api('measures?status=decided&limit=20'),
    listAll('territories', 'territories'),
    api('elections?status=voting&limit=100'),
  ]);
  show(
    h('h1', {}, t('tagline')),
    h('section', {}, h('h2', {}, t('open_now')), open.measures.length ? h('ul', { class: 'cards' }, open.measures.map(measureItem)) : h('p', {}, t('no_open'))),
    elections.elections.length ? h('section', {}, h('h2', {}, t('elections_open')), h('ul', { class: 'cards' }, elections.elections.map(electionItem))) : null,
    h('section', {}, h('h2', {}, t('recent_results')), h('ul', { class: 'cards' }, decided.measures.map(measureItem))),
    h('section', {}, h('h2', {}, t('territory_tree')), territoryTree(territories)),
    h('p', { class: 'muted' }, h('a', { href: 'export' }, t('open_data'))),
  );
}

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
