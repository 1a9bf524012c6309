// SPDX-License-Identifier: AGPL-3.0-or-later
// Unit tests of the web UI's own code, in Node (node --test): the same modules the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import sodium from 'libsodium-wrappers-sumo';
import { makeRecords } from '../../src/lib/records.js';
import { makeKeystore } from '../../src/lib/keystore.js';
import { makeVerifier, entryBundlePath, parseEntryBundle } from '../../src/lib/verify.js';
import { Encoder, hex, fromBase64, base64 } from '../../src/lib/encoding.js';
import { lineDiff } from '../../src/lib/diff.js';
import { messages } from '../../src/i18n/index.js';
import { payloadOf, kindNumber, seedOf } from './vectors.mjs';

await sodium.ready;
// The log the shared vectors are signed for: SHA-256("veche-test-vector/log").
const vectorLog = sodium.crypto_hash_sha256(new TextEncoder().encode('veche-test-vector/log'));
const records = makeRecords(sodium, vectorLog);
const verifier = makeVerifier(sodium);
const root = new URL('../../../', import.meta.url).pathname;

test('the canonical encoder writes the documented bytes (docs/formats/encoding.md example)', () => {
  assert.equal(hex(new Encoder(1).u16(0x0102).bool(true).string('в').finish()), '01010201000000' + '02d0b2');
  assert.equal(hex(new Encoder().i64(-2n).finish()), 'fffffffffffffffe');
  // docs/formats/legislation.md: a vote of yes on m1.
  assert.equal(hex(records.votePayload('m1', 'yes')), '01000000026d3101');
});

test('records signed here match the shared vectors the C++ core checks too', () => {
  const vectors = JSON.parse(readFileSync(`${root}tests/data/records/vectors.json`, 'utf8'));
  assert.ok(vectors.length >= 7);
  for (const v of vectors) {
    if (!v.fields) continue; // a payload taken from the golden log: only the C++ core builds it
    assert.equal(v.log, hex(vectorLog), v.kind);
    const key = records.keyFromSeed(seedOf(records, v));
    const payload = payloadOf(records, v, key);
    assert.equal(hex(payload), v.payload, v.kind);
    const r = records.sign(kindNumber[v.kind], payload, key, BigInt(v.author_time));
    assert.equal(hex(r.bytes), v.record, v.kind);
    assert.equal(hex(r.id), v.record_id, v.kind);
  }
});

test('a record names its log after the version byte, and another log makes another record', () => {
  const key = records.keyFromSeed(new Uint8Array(32).fill(7));
  const here = records.sign(58, records.votePayload('m1', 'no'), key, 1n);
  assert.equal(here.bytes[0], 2);
  assert.equal(hex(here.bytes.slice(1, 33)), hex(vectorLog));
  const elsewhere = makeRecords(sodium, new Uint8Array(32).fill(1)).sign(58, records.votePayload('m1', 'no'), key, 1n);
  assert.notEqual(hex(elsewhere.id), hex(here.id));
  assert.throws(() => makeRecords(sodium, new Uint8Array(31)));
});

test('a one-bit change in a signed record breaks its signature', () => {
  const key = records.keyFromSeed(new Uint8Array(32).fill(7));
  const r = records.sign(58, records.votePayload('m1', 'no'), key, 1n);
  const body = r.bytes.slice(0, -64);
  const sig = r.bytes.slice(-64);
  const message = (b) => new Uint8Array([...new TextEncoder().encode('veche/record/v2\n'), ...b]);
  assert.ok(sodium.crypto_sign_verify_detached(sig, message(body), key.publicKey));
  body[body.length - 1] ^= 1;
  assert.ok(!sodium.crypto_sign_verify_detached(sig, message(body), key.publicKey));
});

// The transparency-dev inclusion proof vectors (tests/data/merkle), as the C++ tests use.
test('RFC 9162 inclusion proofs: every shared vector gives the expected answer', () => {
  const dir = `${root}tests/data/merkle/inclusion`;
  assert.ok(existsSync(dir), `missing ${dir}`);
  let checked = 0;
  const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.json'));
  for (const file of files) {
    {
      const v = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
      const proof = (v.proof || []).map((p) => (p === null ? new Uint8Array() : fromBase64(p)));
      let ok;
      try {
        ok = v.root !== null && v.leafHash !== null && proof.every((p) => p.length === 32) &&
          verifier.verifyInclusion(v.leafIdx, v.treeSize, fromBase64(v.leafHash), proof, fromBase64(v.root));
      } catch {
        ok = false;
      }
      assert.equal(ok, !v.wantErr, `${file}: ${v.desc}`);
      checked++;
    }
  }
  assert.ok(checked > 50, `only ${checked} vectors`);
});

test('a checkpoint opens only under the log key that signed it', () => {
  const seed = new Uint8Array(32).fill(3);
  const pair = sodium.crypto_sign_seed_keypair(seed);
  const name = 'example.org/log';
  const raw = new Uint8Array([1, ...pair.publicKey]);
  const id = sodium.crypto_hash_sha256(new Uint8Array([...new TextEncoder().encode(name + '\n'), ...raw])).slice(0, 4);
  const vkey = `${name}+${hex(id)}+${base64(raw)}`;
  const text = `${name}\n5\n${base64(new Uint8Array(32).fill(9))}\n`;
  const sig = sodium.crypto_sign_detached(new TextEncoder().encode(text), pair.privateKey);
  const note = `${text}\n\u2014 ${name} ${base64(new Uint8Array([...id, ...sig]))}\n`;
  const cp = verifier.openCheckpoint(note, verifier.parseVerifierKey(vkey));
  assert.equal(cp.size, 5);
  assert.throws(() => verifier.openCheckpoint(note.replace('\n5\n', '\n6\n'), verifier.parseVerifierKey(vkey)), /does not verify/);
  assert.throws(() => verifier.parseVerifierKey(vkey.replace(hex(id), '00000000')), /key id/);
});

test('tile paths and entry bundles follow C2SP tlog-tiles', () => {
  assert.equal(entryBundlePath(5, 70), 'log/tile/entries/000.p/70');
  assert.equal(entryBundlePath(300, 1000), 'log/tile/entries/001');
  assert.equal(entryBundlePath(256 * 1234067 + 1, 256 * 1234067 + 10), 'log/tile/entries/x001/x234/067.p/10');
  assert.equal(entryBundlePath(256 * 1000, 256 * 2000), 'log/tile/entries/x001/000');
  assert.deepEqual(parseEntryBundle(new Uint8Array([0, 1, 7, 0, 2, 8, 9])).map((e) => [...e]), [[7], [8, 9]]);
  assert.throws(() => parseEntryBundle(new Uint8Array([0, 3, 1])), /truncated/);
});

test('a sealed key opens with its passphrase only, and a tampered backup is refused', () => {
  const mem = new Map();
  const store = makeKeystore(sodium, { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => mem.set(k, v) });
  const seed = sodium.randombytes_buf(32);
  const backup = store.seal('c-1', seed, 'correct horse');
  assert.deepEqual([...store.open(backup, 'correct horse')], [...seed]);
  assert.throws(() => store.open(backup, 'wrong horse'), /wrong_passphrase/);
  assert.throws(() => store.open({ ...backup, public: base64(new Uint8Array(32)) }, 'correct horse'), /bad_backup/);
  assert.throws(() => store.open({ ...backup, kdf: { ...backup.kdf, mem: 2 ** 40 } }, 'x'), /bad_backup/);
  store.save(backup);
  assert.equal(store.saved()[0].citizen, 'c-1');
  assert.ok(!JSON.stringify(store.saved()).includes(hex(seed)), 'the seed is stored sealed only');
});

test('a plain veche key file gives its seed; a mismatched one is refused', () => {
  const store = makeKeystore(sodium, null);
  const seed = new Uint8Array(32).fill(5);
  const pub = sodium.crypto_sign_seed_keypair(seed).publicKey;
  const file = `veche-key-v1 ed25519-private\nseed: ${base64(seed)}\npublic: ${base64(pub)}\n`;
  assert.deepEqual([...store.parseKeyFile(file)], [...seed]);
  assert.throws(() => store.parseKeyFile(file.replace(base64(pub), base64(new Uint8Array(32)))), /bad_key_file/);
});

test('the amendment diff shows removed and added lines in order', () => {
  const d = lineDiff('a\nb\nc', 'a\nB\nc\nd');
  assert.deepEqual(d.map((x) => x.op + x.line), [' a', '-b', '+B', ' c', '+d']);
  assert.deepEqual(lineDiff('', 'x').map((x) => x.op + x.line), ['-', '+x']);
});

test('every English message has a Russian translation, with the same placeholders', () => {
  for (const [key, text] of Object.entries(messages.en)) {
    assert.ok(key in messages.ru, `ru lacks ${key}`);
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    assert.equal(names(messages.ru[key]), names(text), key);
  }
  assert.deepEqual(Object.keys(messages.ru).sort(), Object.keys(messages.en).sort());
});
