// SPDX-License-Identifier: AGPL-3.0-or-later
// The registrar's desk: enrols a person under a pseudonymous id. Personal data and its salt go to
// the registrar's private store on this device (localStorage, exportable); the log gets only the
// salted commitment (docs/formats/record.md, citizen_enrol).
import { h, show, status, field, download } from '../lib/dom.js';
import { submit } from '../lib/api.js';
import { sodium, records, keystore } from '../lib/session.js';
import { readFileText, keyError } from '../lib/keys.js';
import { Kind } from '../lib/records.js';
import { hex } from '../lib/encoding.js';
import { t } from '../i18n/index.js';

export function viewRegistrar() {
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
