// SPDX-License-Identifier: AGPL-3.0-or-later
// The log, as a citizen checks it: the receipts kept in this browser (shown on "My key"), each
// with "Check", which verifies the record's inclusion in the log (lib/receipts.js).
import { h, status } from '../lib/dom.js';
import { keptReceipts, verifyReceipt } from '../lib/receipts.js';
import { fromBase64 } from '../lib/encoding.js';
import { t } from '../i18n/index.js';

export function receiptList(citizen) {
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
