// SPDX-License-Identifier: AGPL-3.0-or-later
// The key backup as a QR code (src/lib/qr.js): the payload's layout, the round trip through a real
// QR code drawn as pixels and read back, and what the reader refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sodium from 'libsodium-wrappers-sumo';
import { makeKeystore } from '../../src/lib/keystore.js';
import { backupToQrPayload, backupFromQrPayload, qrMatrix, readQrPixels, MAX_QR_PAYLOAD } from '../../src/lib/qr.js';
import { fromBase64, hex, utf8, concat } from '../../src/lib/encoding.js';
import { qrGrey, rgbaOf } from '../qr-images.mjs';

await sodium.ready;
const keystore = makeKeystore(sodium, null);
const seed = sodium.randombytes_buf(32);
const passphrase = 'correct horse battery';
const backup = keystore.seal('c-00042', seed, passphrase);
// Draws the payload's QR code as pixels and reads it back.
const readBack = (payload, options) => {
  const picture = qrGrey(qrMatrix(payload), options);
  return readQrPixels(rgbaOf(picture), picture.width, picture.height);
};
const refusal = (payload) => {
  try {
    backupFromQrPayload(payload);
    return 'accepted';
  } catch (e) {
    return e.message;
  }
};

test('the QR payload is laid out as documented: magic, kdf, salt, nonce, sealed box, public key, citizen id', () => {
  const payload = backupToQrPayload(backup);
  assert.equal(payload.length, 132 + 'c-00042'.length);
  assert.equal(hex(payload.slice(0, 6)), '766563686501'); // "veche", layout 1
  assert.equal(payload[6], backup.kdf.ops);
  assert.equal(new DataView(payload.buffer).getUint32(7), backup.kdf.mem);
  assert.equal(hex(payload.slice(11, 27)), hex(fromBase64(backup.kdf.salt)));
  assert.equal(hex(payload.slice(27, 51)), hex(fromBase64(backup.nonce)));
  assert.equal(hex(payload.slice(51, 99)), hex(fromBase64(backup.sealed)));
  assert.equal(hex(payload.slice(99, 131)), hex(fromBase64(backup.public)));
  assert.equal(payload[131], 7);
  assert.equal(new TextDecoder().decode(payload.slice(132)), 'c-00042');
  assert.ok(!hex(payload).includes(hex(seed)), 'the seed stays sealed');
});

test('a backup drawn as a QR code and read back from its pixels gives identical bytes, and opens with the passphrase', () => {
  const payload = backupToQrPayload(backup);
  const matrix = qrMatrix(payload);
  assert.ok(matrix.size >= 21 && matrix.size <= 65, `a small code: ${matrix.size} modules (version ${matrix.version})`);
  const read = readBack(payload);
  assert.ok(read, 'a QR code is found');
  assert.equal(hex(read), hex(payload));
  const opened = backupFromQrPayload(read);
  assert.deepEqual(opened, backup);
  assert.equal(hex(keystore.open(opened, passphrase)), hex(seed));
  assert.throws(() => keystore.open(opened, 'not the passphrase'), /wrong_passphrase/);
});

test('a photo-like picture: the code small and off-centre on a larger grey page still reads', () => {
  const payload = backupToQrPayload(backup);
  const picture = qrGrey(qrMatrix(payload), { scale: 3, width: 640, height: 480, left: 330, top: 150 });
  assert.equal(hex(readQrPixels(rgbaOf(picture), picture.width, picture.height)), hex(payload));
});

test("a QR code holding the backup file's own JSON text reads as the same backup", () => {
  const file = utf8(JSON.stringify(backup, null, 2)); // what "Download the backup file" saves
  assert.ok(file.length <= MAX_QR_PAYLOAD);
  const read = readBack(file, { scale: 4 });
  assert.equal(hex(read), hex(file));
  assert.deepEqual(backupFromQrPayload(read), backup);
});

test('a picture with no QR code gives nothing', () => {
  const blank = { width: 200, height: 200, grey: new Uint8Array(200 * 200).fill(235) };
  assert.equal(readQrPixels(rgbaOf(blank), 200, 200), null);
});

test('payloads that are not a veche backup are refused', () => {
  const payload = backupToQrPayload(backup);
  const changed = (at, value) => {
    const p = payload.slice();
    p[at] = value;
    return p;
  };
  const pub = sodium.crypto_sign_seed_keypair(seed).publicKey;
  const plainKeyFile = utf8(`veche-key-v1 ed25519-private\nseed: ${Buffer.from(seed).toString('base64')}\npublic: ${Buffer.from(pub).toString('base64')}\n`);
  const cases = {
    'a web address': utf8('https://example.org/'),
    'an unsealed veche key file': plainKeyFile,
    'empty': new Uint8Array(0),
    'random bytes': sodium.randombytes_buf(140),
    'another layout version': changed(5, 2),
    'ops 0': changed(6, 0),
    'ops over 64': changed(6, 65),
    'mem over 1 GiB': concat(payload.slice(0, 7), Uint8Array.of(0x40, 0, 0, 1), payload.slice(11)),
    'one byte short': payload.slice(0, -1),
    'a trailing byte': concat(payload, Uint8Array.of(0)),
    'a citizen id that is no id': concat(payload.slice(0, 131), Uint8Array.of(3), utf8('C 4')),
    'a citizen id that is not UTF-8': concat(payload.slice(0, 131), Uint8Array.of(2), Uint8Array.of(0xc3, 0x28)),
    'JSON of another format': utf8(JSON.stringify({ ...backup, format: 'veche-citizen-key-v2' })),
    'JSON with a short sealed box': utf8(JSON.stringify({ ...backup, sealed: backup.nonce })),
    'JSON with another kdf': utf8(JSON.stringify({ ...backup, kdf: { ...backup.kdf, alg: 'scrypt' } })),
    'JSON that does not parse': utf8('{"format": "veche-citizen-key-v1",'),
  };
  for (const [what, bad] of Object.entries(cases)) assert.equal(refusal(bad), 'not_veche_qr', what);
  assert.equal(refusal('a string, not bytes'), 'not_veche_qr');
});

test('oversized payloads are refused before they are parsed, including one read from a real QR code', () => {
  const backupFile = utf8(JSON.stringify(backup));
  const padded = utf8(JSON.stringify({ ...backup, padding: 'x'.repeat(MAX_QR_PAYLOAD) }));
  assert.equal(refusal(concat(backupToQrPayload(backup), new Uint8Array(MAX_QR_PAYLOAD))), 'qr_too_large');
  assert.equal(refusal(padded), 'qr_too_large');
  assert.ok(refusal(backupFile) === 'accepted', 'the same backup without the padding is read');
  const read = readBack(padded, { scale: 2 });
  assert.equal(read.length, padded.length);
  assert.equal(refusal(read), 'qr_too_large');
});

test('a backup that cannot be carried is not drawn', () => {
  assert.throws(() => backupToQrPayload({ ...backup, citizen: 'Not An Id' }), /bad_backup/);
  assert.throws(() => backupToQrPayload({ ...backup, format: 'other' }), /bad_backup/);
  assert.throws(() => backupToQrPayload(null), /bad_backup/);
  const longest = keystore.seal('c'.repeat(64), seed, passphrase);
  assert.equal(backupToQrPayload(longest).length, 196);
  assert.throws(() => backupToQrPayload({ ...longest, citizen: 'c'.repeat(65) }), /bad_backup/);
});
