// SPDX-License-Identifier: AGPL-3.0-or-later
// The citizen's key on their own device: a random Ed25519 seed, sealed under a passphrase
// (Argon2id + XSalsa20-Poly1305, libsodium) in this browser's storage and in a backup file. The
// seed is never sent anywhere; only signed records leave the device.

import { base64, fromBase64, utf8 } from './encoding.js';

const BACKUP_FORMAT = 'veche-citizen-key-v1';
const STORE = 'veche.keys';

export function makeKeystore(sodium, storage) {
  function derive(passphrase, salt, ops, mem) {
    return sodium.crypto_pwhash(
      sodium.crypto_secretbox_KEYBYTES, utf8(passphrase), salt, ops, mem, sodium.crypto_pwhash_ALG_ARGON2ID13);
  }

  // A backup object (what the backup file holds, as JSON) for `seed` of `citizenId`.
  function seal(citizenId, seed, passphrase) {
    const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
    const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
    const ops = sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const mem = sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE;
    const key = derive(passphrase, salt, ops, mem);
    const sealed = sodium.crypto_secretbox_easy(seed, nonce, key);
    sodium.memzero(key);
    const publicKey = sodium.crypto_sign_seed_keypair(seed).publicKey;
    return {
      format: BACKUP_FORMAT,
      citizen: citizenId,
      public: base64(publicKey),
      kdf: { alg: 'argon2id13', ops, mem, salt: base64(salt) },
      nonce: base64(nonce),
      sealed: base64(sealed),
    };
  }

  // The seed inside a backup; throws a readable error for a wrong passphrase or a bad file.
  function open(backup, passphrase) {
    if (!backup || backup.format !== BACKUP_FORMAT || typeof backup.citizen !== 'string') {
      throw new Error('bad_backup');
    }
    const { ops, mem, salt } = backup.kdf || {};
    if (!Number.isInteger(ops) || !Number.isInteger(mem) || mem > 1 << 30 || ops > 64) throw new Error('bad_backup');
    const key = derive(passphrase, fromBase64(salt), ops, mem);
    let seed;
    try {
      seed = sodium.crypto_secretbox_open_easy(fromBase64(backup.sealed), fromBase64(backup.nonce), key);
    } catch {
      throw new Error('wrong_passphrase');
    } finally {
      sodium.memzero(key);
    }
    const publicKey = sodium.crypto_sign_seed_keypair(seed).publicKey;
    if (base64(publicKey) !== backup.public) throw new Error('bad_backup');
    return seed;
  }

  // A plain veche key file (docs/formats/key-file.md), as `veche keygen` writes it: the seed.
  function parseKeyFile(text) {
    const m = /^veche-key-v1 ed25519-private\nseed: ([A-Za-z0-9+/=]+)\npublic: ([A-Za-z0-9+/=]+)\n$/.exec(text);
    if (!m) throw new Error('bad_key_file');
    const seed = fromBase64(m[1]);
    if (seed.length !== 32 || base64(sodium.crypto_sign_seed_keypair(seed).publicKey) !== m[2]) {
      throw new Error('bad_key_file');
    }
    return seed;
  }

  const all = () => JSON.parse(storage.getItem(STORE) || '{}');
  return {
    seal,
    open,
    parseKeyFile,
    saved: () => Object.values(all()),
    save(backup) {
      const keys = all();
      keys[backup.citizen] = backup;
      storage.setItem(STORE, JSON.stringify(keys));
    },
    forget(citizenId) {
      const keys = all();
      delete keys[citizenId];
      storage.setItem(STORE, JSON.stringify(keys));
    },
  };
}
