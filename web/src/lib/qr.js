// SPDX-License-Identifier: AGPL-3.0-or-later
// The key backup as a QR code (docs/formats/web-storage.md, "The backup as a QR code"): a compact
// binary form of the same sealed backup, drawn with uqr and read back with jsQR. The QR holds the
// key sealed under the passphrase, exactly as the backup file does, never the seed. Nothing here
// touches the DOM, so the unit tests in Node run the very code the browser runs.

import { encode } from 'uqr';
import jsQR from 'jsqr';
import { base64, fromBase64, utf8, concat } from './encoding.js';

const BACKUP_FORMAT = 'veche-citizen-key-v1';
// "veche" and the layout's version: 1 for veche-citizen-key-v1.
const MAGIC = Uint8Array.of(0x76, 0x65, 0x63, 0x68, 0x65, 0x01);
const SIZES = { salt: 16, nonce: 24, sealed: 32 + 16, public: 32 };
// Anything longer is refused before it is parsed: the binary form is at most 196 bytes, and a
// backup file's own JSON text (also accepted) about 400.
export const MAX_QR_PAYLOAD = 1024;
const MAX_OPS = 64; // the limits keystore.open applies to a backup file
const MAX_MEM = 1 << 30;
const validId = (s) => typeof s === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(s); // IsValidId

// The backup's fields checked and decoded, or null: the same shape whichever form it came in.
function fieldsOf(backup) {
  if (!backup || typeof backup !== 'object' || backup.format !== BACKUP_FORMAT || !validId(backup.citizen)) return null;
  const kdf = backup.kdf;
  if (!kdf || kdf.alg !== 'argon2id13') return null;
  if (!Number.isInteger(kdf.ops) || kdf.ops < 1 || kdf.ops > MAX_OPS) return null;
  if (!Number.isInteger(kdf.mem) || kdf.mem < 1 || kdf.mem > MAX_MEM) return null;
  try {
    const bytes = {
      salt: fromBase64(kdf.salt),
      nonce: fromBase64(backup.nonce),
      sealed: fromBase64(backup.sealed),
      public: fromBase64(backup.public),
    };
    for (const [name, size] of Object.entries(SIZES)) if (bytes[name].length !== size) return null;
    return { citizen: backup.citizen, ops: kdf.ops, mem: kdf.mem, ...bytes };
  } catch {
    return null; // not base64 (or not canonical base64)
  }
}

function backupOf(f) {
  return {
    format: BACKUP_FORMAT,
    citizen: f.citizen,
    public: base64(f.public),
    kdf: { alg: 'argon2id13', ops: f.ops, mem: f.mem, salt: base64(f.salt) },
    nonce: base64(f.nonce),
    sealed: base64(f.sealed),
  };
}

// The QR payload of a backup object: magic, ops, mem, salt, nonce, sealed, public, citizen id.
// Throws 'bad_backup' for a backup it cannot carry (another format, or a citizen id that is not a
// valid id).
export function backupToQrPayload(backup) {
  const f = fieldsOf(backup);
  if (!f) throw new Error('bad_backup');
  const head = new Uint8Array(5);
  const view = new DataView(head.buffer);
  view.setUint8(0, f.ops);
  view.setUint32(1, f.mem);
  const id = utf8(f.citizen);
  return concat(MAGIC, head, f.salt, f.nonce, f.sealed, f.public, Uint8Array.of(id.length), id);
}

// The backup object a QR payload carries: the binary form above, or the backup file's JSON text.
// Throws 'qr_too_large' or 'not_veche_qr'; whether the passphrase opens it is keystore.open's job.
export function backupFromQrPayload(payload) {
  if (!(payload instanceof Uint8Array)) throw new Error('not_veche_qr');
  if (payload.length > MAX_QR_PAYLOAD) throw new Error('qr_too_large');
  if (payload[0] === 0x7b) return backupFromJson(payload); // '{'
  if (payload.length < MAGIC.length + 5 || !MAGIC.every((b, i) => payload[i] === b)) throw new Error('not_veche_qr');
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let at = MAGIC.length;
  const ops = view.getUint8(at);
  const mem = view.getUint32(at + 1);
  at += 5;
  const take = (n) => {
    if (at + n > payload.length) throw new Error('not_veche_qr');
    const out = payload.slice(at, at + n);
    at += n;
    return out;
  };
  const bytes = {};
  for (const [name, size] of Object.entries(SIZES)) bytes[name] = take(size);
  const idLength = take(1)[0];
  let citizen;
  try {
    citizen = new TextDecoder('utf-8', { fatal: true }).decode(take(idLength));
  } catch {
    throw new Error('not_veche_qr');
  }
  if (at !== payload.length) throw new Error('not_veche_qr'); // trailing bytes
  const f = fieldsOf(backupOf({ citizen, ops, mem, ...bytes }));
  if (!f) throw new Error('not_veche_qr');
  return backupOf(f);
}

function backupFromJson(payload) {
  let parsed;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new Error('not_veche_qr');
  }
  const f = fieldsOf(parsed);
  if (!f) throw new Error('not_veche_qr');
  return backupOf(f);
}

// The QR code of a payload: `size` × `size` modules, `dark[row][col]`, no quiet zone (whoever
// draws it adds four modules of white). Error correction M at least (boosted while it fits).
export function qrMatrix(payload) {
  const qr = encode(Array.from(payload), { ecc: 'M', boostEcc: true, border: 0 });
  return { size: qr.size, version: qr.version, dark: qr.data };
}

// The payload of the first QR code found in RGBA pixels (as ImageData holds them), or null.
export function readQrPixels(rgba, width, height) {
  const found = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' });
  return found ? Uint8Array.from(found.binaryData) : null;
}
