// SPDX-License-Identifier: AGPL-3.0-or-later
// What every page shares: kiosk mode, the cryptography made once libsodium is ready (records,
// secret ballots, log proofs, the keystore) and the unlocked key, held in memory only. In kiosk
// mode (/kiosk or `veche serve --kiosk`) the keystore keeps nothing.
import sodiumReady from './sodium.js';
import { makeRecords } from './records.js';
import { makeBallot } from './ballot.js';
import { makeKeystore } from './keystore.js';
import { makeVerifier } from './verify.js';
import { apiText } from './api.js';
import { fromHex } from './encoding.js';

export let sodium;
export let records;
export let keystore;
export let verifier;
export let ballotCrypto;
export const session = { citizen: null, key: null }; // the unlocked key, in memory only
export const kiosk = document.body.dataset.mode === 'kiosk' || location.pathname.replace(/\/$/, '') === '/kiosk';

export async function startServices() {
  // Every record made here is signed for this node's log (its genesis record's id).
  const [ready, logId] = await Promise.all([sodiumReady(), apiText('log/id')]);
  sodium = ready;
  records = makeRecords(sodium, fromHex(logId.trim()));
  ballotCrypto = makeBallot(sodium);
  verifier = makeVerifier(sodium);
  keystore = makeKeystore(sodium, kiosk ? memoryStorage() : localStorage);
}

// The kiosk keeps no key anywhere: its keystore writes to memory that dies with the voter's page.
function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v), removeItem: (k) => m.delete(k) };
}

// Told whenever the key is unlocked or locked (the shell redraws its header).
let changed = () => {};
export function onSessionChange(listener) {
  changed = listener;
}
export function sessionChanged() {
  changed();
}

export function unlock(citizen, seed) {
  session.citizen = citizen;
  session.key = records.keyFromSeed(seed);
  changed();
}
export function lockKey() {
  if (session.key) {
    sodium.memzero(session.key.seed);
    sodium.memzero(session.key.privateKey);
  }
  session.key = null;
  session.citizen = null;
  changed();
}
