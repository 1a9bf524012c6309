// SPDX-License-Identifier: AGPL-3.0-or-later
// Receipts: signing and submitting a record, the receipt kept per citizen in this browser (never
// in kiosk mode), and checking a receipt against the log as an observer would.
import { session, kiosk, records, verifier } from './session.js';
import { api, apiText, base, submit } from './api.js';
import { entryBundlePath, parseEntryBundle } from './verify.js';
import { base64, fromBase64, equalBytes, Encoder } from './encoding.js';

const receiptsKey = (citizen) => `veche.receipts.${citizen}`;
export function keptReceipts(citizen) {
  return JSON.parse(localStorage.getItem(receiptsKey(citizen)) || '[]');
}
export function keepReceipt(label, record, receipt) {
  if (kiosk || !session.citizen) return;
  const list = keptReceipts(session.citizen);
  list.unshift({ label, record: base64(record.bytes), record_id: receipt.record_id, index: receipt.index, at: Date.now() });
  localStorage.setItem(receiptsKey(session.citizen), JSON.stringify(list.slice(0, 500)));
}
export async function signAndSubmit(kind, payload, label) {
  const record = records.sign(kind, payload, session.key);
  const receipt = await submit(record);
  keepReceipt(label, record, receipt);
  return { record, receipt };
}

// Checks a receipt as an observer would: a fresh proof for the record id, the checkpoint signed by
// the log key, the entry (fetched from the log's tiles) holding exactly our record bytes, and the
// inclusion proof of that entry against the checkpoint's root.
export async function verifyReceipt(recordBytes, recordId) {
  const key = verifier.parseVerifierKey(await apiText('log/key'));
  const receipt = await api(`records/${recordId}`);
  const checkpoint = verifier.openCheckpoint(receipt.checkpoint, key);
  if (checkpoint.size !== receipt.tree_size) throw new Error('the proof is for another tree size');
  const entry = await fetchEntry(receipt.index, receipt.tree_size);
  // entry := u8 1, i64 node_time, bytes record
  const expected = new Encoder().u32(recordBytes.length).push(recordBytes).finish();
  if (entry[0] !== 1 || !equalBytes(entry.slice(9), expected)) throw new Error('the log holds other bytes at this index');
  const proof = receipt.inclusion_proof.map(fromBase64);
  if (!verifier.verifyInclusion(receipt.index, receipt.tree_size, verifier.leafHash(entry), proof, checkpoint.root)) {
    throw new Error('the inclusion proof does not verify');
  }
  return { index: receipt.index, size: receipt.tree_size };
}

// The log's entry at `index`, from the entry bundle (tile) that holds it in a tree of `size`.
async function fetchEntry(index, size) {
  const bundle = await fetch(new URL(entryBundlePath(index, size), base));
  if (!bundle.ok) throw new Error(`entry bundle: HTTP ${bundle.status}`);
  const entries = parseEntryBundle(new Uint8Array(await bundle.arrayBuffer()));
  const entry = entries[index % 256];
  if (!entry) throw new Error('the entry is missing from its bundle');
  return entry;
}
