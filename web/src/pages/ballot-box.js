// SPDX-License-Identifier: AGPL-3.0-or-later
// Casting a secret ballot (docs/formats/election.md): choose, encrypt (in this browser, under the
// election's joint key), then either cast (self-checked, signed, submitted) or audit (Benaloh:
// opened, checked here, shown, downloadable and discarded).
import { h, status, download } from '../lib/dom.js';
import { session, sodium, ballotCrypto } from '../lib/session.js';
import { signAndSubmit } from '../lib/receipts.js';
import { Kind } from '../lib/records.js';
import { encodeBallotPayload } from '../lib/ballot.js';
import { hex, fromHex } from '../lib/encoding.js';
import { t } from '../i18n/index.js';
import { needKey } from './shared.js';

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
export function ballotBox(e, onCast) {
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
