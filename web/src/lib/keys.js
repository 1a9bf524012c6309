// SPDX-License-Identifier: AGPL-3.0-or-later
// Loading a key: a backup file or a plain key file read from a file input, and the words for a key
// that cannot be loaded. Used by "My key", the registrar's desk and the kiosk.
import { keystore } from './session.js';
import { t, messages } from '../i18n/index.js';

export async function readFileText(input) {
  const file = input.files[0];
  if (!file || file.size > 64 * 1024) throw new Error('bad_backup');
  return file.text();
}
// A backup file (JSON) or a plain veche key file: the seed and the citizen id (if known).
export function parseKeyMaterial(text, passphrase) {
  if (text.startsWith('veche-key-v1')) return { seed: keystore.parseKeyFile(text), citizen: null };
  const backup = JSON.parse(text);
  return { seed: keystore.open(backup, passphrase), citizen: backup.citizen, backup };
}
// The words for a key that cannot be loaded (the codes keystore.js, qr.js and the camera throw).
export function keyError(err) {
  const code = `key_error_${err?.message ?? err}`;
  return code in messages.en ? t(code) : err?.message ?? String(err);
}
