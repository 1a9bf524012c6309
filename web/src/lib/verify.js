// SPDX-License-Identifier: AGPL-3.0-or-later
// What an observer checks, in the browser: a C2SP signed note (the log's checkpoint), an RFC 9162
// inclusion proof, and a C2SP tlog-tiles entry bundle. See docs/formats/checkpoint.md.

import { concat, utf8, fromBase64, equalBytes } from './encoding.js';

export function makeVerifier(sodium) {
  const sha256 = (b) => sodium.crypto_hash_sha256(b);
  const leafHash = (entry) => sha256(concat(Uint8Array.of(0), entry));
  const nodeHash = (l, r) => sha256(concat(Uint8Array.of(1), l, r));

  // RFC 9162 section 2.1.3.2. Returns true when `proof` proves `leaf` at `index` in the tree of
  // `size` leaves with `root`.
  function verifyInclusion(index, size, leaf, proof, root) {
    if (!(index >= 0 && index < size) || leaf.length !== 32 || root.length !== 32) return false;
    if (proof.some((p) => p.length !== 32)) return false;
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = nodeHash(p, r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) {
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && equalBytes(r, root);
  }

  // "name+hexkeyid+base64(0x01 || ed25519 public key)"
  function parseVerifierKey(text) {
    const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
    if (!m) throw new Error('not a note verifier key');
    const raw = fromBase64(m[3]);
    if (raw.length !== 33 || raw[0] !== 1) throw new Error('not an Ed25519 verifier key');
    const id = sha256(concat(utf8(m[1] + '\n'), raw)).slice(0, 4);
    const idHex = Array.from(id, (b) => b.toString(16).padStart(2, '0')).join('');
    if (idHex !== m[2]) throw new Error('the key id does not match the key');
    return { name: m[1], id, publicKey: raw.slice(1) };
  }

  // Opens a checkpoint note signed by `key`: { origin, size, root }. Throws unless a signature
  // line by the key verifies over the note's text.
  function openCheckpoint(note, key) {
    const split = note.indexOf('\n\n');
    if (split < 0 || !note.endsWith('\n')) throw new Error('malformed note');
    const text = note.slice(0, split + 1);
    let verified = false;
    for (const line of note.slice(split + 2, -1).split('\n')) {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
      if (!m) throw new Error('malformed signature line');
      if (m[1] !== key.name) continue;
      const sig = fromBase64(m[2]);
      if (sig.length !== 68 || !equalBytes(sig.slice(0, 4), key.id)) continue;
      if (!sodium.crypto_sign_verify_detached(sig.slice(4), utf8(text), key.publicKey)) {
        throw new Error("the log's signature on the checkpoint does not verify");
      }
      verified = true;
    }
    if (!verified) throw new Error('the checkpoint is not signed by the log key');
    const lines = text.split('\n');
    if (lines[0] !== key.name) throw new Error('the checkpoint names another log');
    if (!/^(0|[1-9][0-9]*)$/.test(lines[1])) throw new Error('bad tree size');
    return { origin: lines[0], size: Number(lines[1]), root: fromBase64(lines[2]) };
  }

  return { leafHash, verifyInclusion, parseVerifierKey, openCheckpoint };
}

// tlog-tiles: the path of the entry bundle holding entry `index` in a tree of `size` entries.
export function entryBundlePath(index, size) {
  const n = Math.floor(index / 256);
  const width = Math.min(256, size - n * 256);
  let digits = String(n).padStart(3, '0');
  const groups = [];
  while (digits.length > 3) {
    groups.unshift(digits.slice(-3));
    digits = digits.slice(0, -3);
  }
  groups.unshift(digits.padStart(3, '0'));
  const path = groups.map((g, i) => (i < groups.length - 1 ? 'x' + g : g)).join('/');
  return `log/tile/entries/${path}${width < 256 ? '.p/' + width : ''}`;
}

// The entries of a bundle: each a u16 big-endian length, then the bytes.
export function parseEntryBundle(bytes) {
  const entries = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + 2 > bytes.length) throw new Error('truncated entry bundle');
    const n = (bytes[at] << 8) | bytes[at + 1];
    if (at + 2 + n > bytes.length) throw new Error('truncated entry bundle');
    entries.push(bytes.slice(at + 2, at + 2 + n));
    at += 2 + n;
  }
  return entries;
}
