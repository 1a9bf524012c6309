// veche's web UI: one page, routed by the URL fragment (#/measures/x), talking to the node's JSON
// API (docs/api.md). Everything a citizen signs is built and signed here (records.js); keys stay
// in this browser (keystore.js). In kiosk mode (/kiosk or `veche serve --kiosk`) it keeps nothing:
// one voter at a time, and everything is forgotten after each.

import sodiumReady from './sodium.js';
import { makeRecords, Kind } from './records.js';
import { makeKeystore } from './keystore.js';
import { makeVerifier, entryBundlePath, parseEntryBundle } from './verify.js';
import { lineDiff } from './diff.js';
import { t, setLanguage, currentLanguage } from './i18n.js';
import { base64, fromBase64, hex, equalBytes, Encoder } from './encoding.js';

let sodium;
let records;
let keystore;
let verifier;
const session = { citizen: null, key: null }; // the unlocked key, in memory only
const kiosk = document.body.dataset.mode === 'kiosk' || location.pathname.replace(/\/$/, '') === '/kiosk';
const base = new URL('/', location.href);

// ---------- DOM helpers (text only: nothing from the network is ever parsed as HTML) ----------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') Object.assign(el.style, v); // CSSOM: allowed by the page's CSP, unlike style=""
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const main = () => document.getElementById('main');
function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes);
  const heading = m.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    document.title = `${heading.textContent} — ${t('app_name')}`;
  }
}
function status(el, text, kind = 'info') {
  el.textContent = text;
  el.className = `status ${kind}`;
}
function field(label, input) {
  const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}
const fmtDate = (micros) =>
  new Date(Number(micros) / 1000).toLocaleString(currentLanguage() === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
const fmtNumber = (n) => Number(n).toLocaleString(currentLanguage() === 'ru' ? 'ru-RU' : 'en-GB');
function download(name, text) {
  const a = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---------- the node's API ----------

async function api(path) {
  const r = await fetch(new URL(path, base), { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error?.message || `HTTP ${r.status}`);
  return body;
}
async function apiText(path) {
  const r = await fetch(new URL(path, base));
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${path}`);
  return r.text();
}
async function listAll(path, field) {
  const out = [];
  let after = '';
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(`${path}${sep}limit=1000${after ? '&after=' + encodeURIComponent(after) : ''}`);
    out.push(...page[field]);
    if (!page.next_after) return out;
    after = page.next_after;
  }
}
// Submits a signed record; resolves to its receipt, or throws the node's error message.
async function submit(record) {
  const r = await fetch(new URL('records', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: record.bytes,
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error?.message || `HTTP ${r.status}`);
  return body;
}

// ---------- receipts (kept per citizen in this browser; never in kiosk mode) ----------

const receiptsKey = (citizen) => `veche.receipts.${citizen}`;
function keepReceipt(label, record, receipt) {
  if (kiosk || !session.citizen) return;
  const list = JSON.parse(localStorage.getItem(receiptsKey(session.citizen)) || '[]');
  list.unshift({ label, record: base64(record.bytes), record_id: receipt.record_id, index: receipt.index, at: Date.now() });
  localStorage.setItem(receiptsKey(session.citizen), JSON.stringify(list.slice(0, 500)));
}
async function signAndSubmit(kind, payload, label) {
  const record = records.sign(kind, payload, session.key);
  const receipt = await submit(record);
  keepReceipt(label, record, receipt);
  return { record, receipt };
}

// Checks a receipt as an observer would: a fresh proof for the record id, the checkpoint signed by
// the log key, the entry (fetched from the log's tiles) holding exactly our record bytes, and the
// inclusion proof of that entry against the checkpoint's root.
async function verifyReceipt(recordBytes, recordId) {
  const key = verifier.parseVerifierKey(await apiText('log/key'));
  const receipt = await api(`records/${recordId}`);
  const checkpoint = verifier.openCheckpoint(receipt.checkpoint, key);
  if (checkpoint.size !== receipt.tree_size) throw new Error('the proof is for another tree size');
  const bundle = await fetch(new URL(entryBundlePath(receipt.index, receipt.tree_size), base));
  if (!bundle.ok) throw new Error(`entry bundle: HTTP ${bundle.status}`);
  const entries = parseEntryBundle(new Uint8Array(await bundle.arrayBuffer()));
  const entry = entries[receipt.index % 256];
  if (!entry) throw new Error('the entry is missing from its bundle');
  // entry := u8 1, i64 node_time, bytes record
  const expected = new Encoder().u32(recordBytes.length).push(recordBytes).finish();
  if (entry[0] !== 1 || !equalBytes(entry.slice(9), expected)) throw new Error('the log holds other bytes at this index');
  const proof = receipt.inclusion_proof.map(fromBase64);
  if (!verifier.verifyInclusion(receipt.index, receipt.tree_size, verifier.leafHash(entry), proof, checkpoint.root)) {
    throw new Error('the inclusion proof does not verify');
  }
  return { index: receipt.index, size: receipt.tree_size };
}

// ---------- shared pieces ----------

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
const badge = (text, kind) => h('span', { class: `badge ${kind || ''}` }, text);
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
function needKey() {
  return h('p', { class: 'notice' }, t('unlock_to_vote'), ' ', h('a', { href: '#/me' }, t('nav_me')), ' · ', h('a', { href: '#/enrol' }, t('nav_enrol')));
}

// ---------- views ----------

async function viewHome() {
  const [open, decided, territories] = await Promise.all([
    api('measures?status=voting&limit=100'),
    api('measures?status=decided&limit=20'),
    listAll('territories', 'territories'),
  ]);
  show(
    h('h1', {}, t('tagline')),
    h('section', {}, h('h2', {}, t('open_now')), open.measures.length ? h('ul', { class: 'cards' }, open.measures.map(measureItem)) : h('p', {}, t('no_open'))),
    h('section', {}, h('h2', {}, t('recent_results')), h('ul', { class: 'cards' }, decided.measures.map(measureItem))),
    h('section', {}, h('h2', {}, t('territory_tree')), territoryTree(territories)),
    h('p', { class: 'muted' }, h('a', { href: 'export' }, t('open_data'))),
  );
}

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

async function viewMeasures() {
  const list = await api('measures?limit=1000');
  show(h('h1', {}, t('nav_measures')), h('ul', { class: 'cards' }, list.measures.map(measureItem)));
}

let refreshTimer = null;
async function viewMeasure(id) {
  const m = await api(`measures/${encodeURIComponent(id)}`);
  const parts = [h('h1', {}, m.title), h('p', {}, badge(t(`kind_${m.kind}`)), ' ', measureStatus(m), ' ', h('a', { href: `#/territories/${m.territory}` }, m.territory))];
  if (m.session && m.status === 'voting') parts.push(h('p', { class: 'muted' }, t('closes', { date: fmtDate(m.session.closes_at) })));

  const tallyBox = h('section', { 'aria-live': 'polite' });
  const renderTally = (x) => {
    const count = x.result ? x.result.binding : x.tally?.binding;
    if (!count) return tallyBox.replaceChildren();
    const electorate = x.result ? x.result.electorate : x.tally.electorate;
    const members = x.tally?.members || [];
    tallyBox.replaceChildren(...[
      h('h2', {}, x.result ? t('result') : t('tally')),
      x.result ? h('p', {}, measureStatus({ status: 'decided', outcome: x.result.outcome })) : null,
      tallyChart(count, electorate),
      members.length
        ? h('details', {}, h('summary', {}, t('members')), members.map((mm) => h('div', {}, h('h3', {}, mm.territory), tallyChart(mm))))
        : null,
      (x.result?.consultative || x.tally?.consultative) ? h('details', {}, h('summary', {}, t('consultative')), tallyChart(x.result ? x.result.consultative : x.tally.consultative)) : null,
    ].filter(Boolean));
  };
  renderTally(m);
  if (m.status === 'voting') parts.push(voteBox(m));
  parts.push(tallyBox);

  if (m.kind === 'budget') {
    const lines = (rows) => h('table', {}, h('tbody', {}, rows.map((r) => h('tr', {}, h('td', {}, r.label), h('td', { class: 'num' }, fmtNumber(r.amount))))));
    parts.push(h('h2', {}, t('budget_income')), lines(m.income), h('h2', {}, t('budget_expenditure')), lines(m.expenditure), h('p', {}, t('budget_deficit', { n: fmtNumber(m.deficit) })));
  }
  if (m.kind === 'amendment') {
    const [before, after] = await Promise.all([apiText(`texts/${m.base}`), apiText(`texts/${m.text}`)]);
    parts.push(
      h('h2', {}, t('changes')),
      h('pre', { class: 'diff' }, lineDiff(before, after).map((d) => h(d.op === '+' ? 'ins' : d.op === '-' ? 'del' : 'span', {}, `${d.op} ${d.line}\n`))),
    );
  } else if (m.text) {
    parts.push(h('h2', {}, t('text')), h('pre', { class: 'text' }, await apiText(`texts/${m.text}`)));
  }
  parts.push(rollCall(m.id));
  show(...parts);

  clearInterval(refreshTimer);
  if (m.status === 'voting' && !kiosk) {
    refreshTimer = setInterval(async () => {
      if (!location.hash.startsWith(`#/measures/${id}`)) return clearInterval(refreshTimer);
      try {
        renderTally(await api(`measures/${encodeURIComponent(id)}`));
      } catch {
        /* the next poll tries again */
      }
    }, 3000);
  }
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
    !i.qualified && session.key
      ? h('button', {
          onclick: async () => {
            status(out, t('working'));
            try {
              const { receipt } = await signAndSubmit(Kind.initiativeSign, records.initiativeSignPayload(i.id), `${t('sign')}: ${i.title}`);
              status(out, t('signed', { index: receipt.index }), 'ok');
            } catch (e) {
              status(out, t('error', { message: e.message }), 'error');
            }
          },
        }, t('sign'))
      : !i.qualified ? needKey() : null,
    out,
    i.text ? [h('h2', {}, t('text')), h('pre', { class: 'text' }, await apiText(`texts/${i.text}`))] : null,
  );
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
      after.replaceChildren(h('button', { type: 'button', onclick: () => download(`veche-${citizen}.json`, JSON.stringify(backup, null, 2)) }, t('download_backup')));
      renderHeader();
    } catch (err) {
      status(out, t('error', { message: err.message }), 'error');
    }
  });
  show(h('h1', {}, t('enrol_title')), h('p', {}, t('enrol_intro')), form);
}

async function readFileText(input) {
  const file = input.files[0];
  if (!file || file.size > 64 * 1024) throw new Error('bad_backup');
  return file.text();
}
// A backup file (JSON) or a plain veche key file: the seed and the citizen id (if known).
function parseKeyMaterial(text, passphrase) {
  if (text.startsWith('veche-key-v1')) return { seed: keystore.parseKeyFile(text), citizen: null };
  const backup = JSON.parse(text);
  return { seed: keystore.open(backup, passphrase), citizen: backup.citizen, backup };
}
const keyErrors = { bad_backup: 'This is not a veche backup file.', wrong_passphrase: 'Wrong passphrase.', bad_key_file: 'This is not a veche key file.' };

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
  for (const b of saved) {
    const pass = h('input', { type: 'password', autocomplete: 'current-password' });
    const forget = () => {
      if (session.citizen === b.citizen) lockKey();
      keystore.forget(b.citizen);
      viewMe();
    };
    const form = h('form', { class: 'inline' }, h('strong', {}, b.citizen), ' ', field(t('passphrase'), pass), h('button', { type: 'submit' }, t('unlock')), h('button', { type: 'button', class: 'secondary', onclick: () => download(`veche-${b.citizen}.json`, JSON.stringify(b, null, 2)) }, t('download_backup')), h('button', { type: 'button', class: 'secondary', onclick: forget }, t('forget')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      try {
        unlock(b.citizen, keystore.open(b, pass.value));
        viewMe();
      } catch (err) {
        status(out, keyErrors[err.message] || err.message, 'error');
      }
    });
    parts.push(form);
  }
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
      status(out, keyErrors[err.message] || err.message, 'error');
    }
  });
  parts.push(out, load);
  if (session.citizen) parts.push(receiptList(session.citizen));
  show(...parts);
}

function receiptList(citizen) {
  const list = JSON.parse(localStorage.getItem(receiptsKey(citizen)) || '[]');
  return h(
    'section',
    {},
    h('h2', {}, t('receipts')),
    list.length
      ? h('ul', { class: 'receipts' }, list.map((r) => {
          const out = h('span', { role: 'status' });
          return h('li', {}, h('div', {}, r.label), h('code', {}, `#${r.index} ${r.record_id.slice(0, 16)}…`), ' ',
            h('button', { class: 'secondary', onclick: async () => {
              status(out, t('working'));
              try {
                const ok = await verifyReceipt(fromBase64(r.record), r.record_id);
                status(out, t('check_ok', ok), 'ok');
              } catch (e) {
                status(out, t('check_fail', { message: e.message }), 'error');
              }
            } }, t('check')), ' ', out);
        }))
      : h('p', {}, t('no_receipts')),
  );
}

function unlock(citizen, seed) {
  session.citizen = citizen;
  session.key = records.keyFromSeed(seed);
  renderHeader();
}
function lockKey() {
  if (session.key) {
    sodium.memzero(session.key.seed);
    sodium.memzero(session.key.privateKey);
  }
  session.key = null;
  session.citizen = null;
  renderHeader();
}

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
      const store = JSON.parse(localStorage.getItem('veche.registry') || '{}');
      store[id.value.trim()] = { salt: hex(salt), data: person.value, stored_at: new Date().toISOString(), entry: receipt.index };
      localStorage.setItem('veche.registry', JSON.stringify(store));
      status(out, '', 'ok');
      codeBox.replaceChildren(h('p', {}, t('code_for', { id: id.value.trim() })), h('p', { class: 'code', 'data-testid': 'enrolment-code' }, code), h('button', { type: 'button', onclick: () => window.print() }, t('print')));
    } catch (err) {
      status(out, t('error', { message: keyErrors[err.message] || err.message }), 'error');
    }
  });
  show(
    h('h1', {}, t('registrar_title')),
    h('p', {}, t('registrar_intro')),
    form,
    h('p', {}, h('button', { class: 'secondary', onclick: () => download('veche-registry.json', localStorage.getItem('veche.registry') || '{}') }, t('registry_export'))),
  );
}

// ---------- kiosk: one voter at a time, one step per screen, nothing kept ----------

let kioskIdle = null;
function kioskReset() {
  lockKey();
  clearTimeout(kioskIdle);
  kioskStepKey();
}
function kioskTouch() {
  clearTimeout(kioskIdle);
  kioskIdle = setTimeout(kioskReset, 120_000); // a voter who walks away is forgotten
}
function kioskStepKey() {
  const file = h('input', { type: 'file', accept: '.json,.key,application/json' });
  const pass = h('input', { type: 'password', autocomplete: 'off' });
  const out = h('p', { role: 'alert' });
  const form = h('form', {}, h('p', {}, t('kiosk_key_help')), field(t('load_backup'), file), field(t('passphrase'), pass), h('button', { type: 'submit', class: 'big' }, t('kiosk_next')), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const m = parseKeyMaterial(await readFileText(file), pass.value);
      pass.value = '';
      unlock(m.citizen || '?', m.seed);
      kioskTouch();
      kioskStepMeasure();
    } catch (err) {
      status(out, keyErrors[err.message] || err.message, 'error');
    }
  });
  show(h('h1', {}, t('kiosk_step_key')), form);
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
      ...[link('#/', 'nav_home'), link('#/measures', 'nav_measures'), link('#/laws', 'nav_laws'), link('#/initiatives', 'nav_initiatives'),
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
  clearInterval(refreshTimer);
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
  sodium = await sodiumReady();
  records = makeRecords(sodium);
  verifier = makeVerifier(sodium);
  keystore = makeKeystore(sodium, kiosk ? memoryStorage() : localStorage);
  setLanguage(kiosk ? 'en' : localStorage.getItem('veche.lang') || (navigator.language?.startsWith('ru') ? 'ru' : 'en'));
  if (kiosk) {
    document.body.classList.add('kiosk');
    document.addEventListener('pointerdown', () => session.key && kioskTouch());
    document.addEventListener('keydown', () => session.key && kioskTouch());
    renderHeader();
    kioskStepKey();
  } else {
    window.addEventListener('hashchange', route);
    route();
  }
  document.body.dataset.ready = 'true';
}

// The kiosk keeps no key anywhere: its keystore writes to memory that dies with the voter's page.
function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v), removeItem: (k) => m.delete(k) };
}

start();
