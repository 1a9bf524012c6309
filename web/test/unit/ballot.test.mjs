// SPDX-License-Identifier: AGPL-3.0-or-later
// The secret ballot's cryptography in the browser (src/lib/ballot.js) against the known-answer
// vectors the C++ side writes and checks too (tests/data/ballot/vectors.json, src/veche/crypto/
// elgamal_test.cc), and the refusals docs/formats/election.md requires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { makeBallot, Tag, encodeBallotPayload } from '../../src/lib/ballot.js';
import { hex, fromHex } from '../../src/lib/encoding.js';

await sodium.ready;
const ballot = makeBallot(sodium);
const root = new URL('../../../', import.meta.url).pathname;
const vectors = JSON.parse(readFileSync(`${root}tests/data/ballot/vectors.json`, 'utf8'));

// Hands out the recorded 64-byte values in order, as the C++ ScriptedRng does; fails on any other
// request so a change in the order or the size of draws cannot go unnoticed.
function scriptedRng(script) {
  const queue = script.map(fromHex);
  const rng = (n) => {
    assert.ok(queue.length > 0, 'the script ran out of random values');
    const next = queue.shift();
    assert.equal(n, next.length);
    return next;
  };
  rng.left = () => queue.length;
  return rng;
}

// The recorded ballot, as bytes.
function recordedSelections() {
  const s = vectors.ballot.selections;
  return {
    options: s.options.map((o) => ({ alpha: fromHex(o.alpha), beta: fromHex(o.beta), proof: o.proof.map(fromHex) })),
    sumProof: s.sum_proof.map(fromHex),
  };
}

const selectionsHex = (s) => ({
  options: s.options.map((o) => ({ alpha: hex(o.alpha), beta: hex(o.beta), proof: o.proof.map(hex) })),
  sum_proof: s.sumProof.map(hex),
});

const election = fromHex(vectors.election_hash);
const key = fromHex(vectors.key);
const voter = fromHex(vectors.voter);
const limit = vectors.ballot.limit;

test('the known-answer vectors are rebuilt byte for byte from the recorded random stream', () => {
  // The steps and their order are BuildVectors' in elgamal_test.cc.
  const rng = scriptedRng(vectors.random);
  const secret = ballot.randomScalar(rng);
  assert.equal(hex(secret), vectors.secret);
  assert.equal(hex(ballot.baseMul(secret)), vectors.key);

  const tr = vectors.transcript;
  assert.equal(hex(ballot.hq(tr.tag, ...tr.items.map(fromHex))), tr.challenge);
  const t = ballot.transcript(tr.tag).add(new TextEncoder().encode('abc')).addU32(7).add(key);
  assert.equal(hex(t.challenge()), tr.challenge);

  const sv = vectors.schnorr;
  assert.equal(sv.tag, Tag.coefficient);
  const schnorr = ballot.proveSchnorr(sv.tag, election, secret, key, sv.items, rng);
  assert.equal(hex(schnorr), sv.proof);
  assert.ok(ballot.verifySchnorr(sv.tag, election, key, sv.items, schnorr));
  assert.ok(!ballot.verifySchnorr(sv.tag, election, key, [3, 2], schnorr));
  assert.ok(!ballot.verifySchnorr(Tag.encryptionKey, election, key, sv.items, schnorr));

  const b = vectors.ballot;
  const got = ballot.encryptSelections(election, key, voter, b.marks, b.limit, rng);
  assert.deepEqual(got.nonces.map(hex), b.nonces);
  assert.deepEqual(selectionsHex(got), b.selections);
  assert.equal(rng.left(), 0, 'every recorded random value is used');
});

test('the recorded ballot verifies, for its voter, election, key and limit only', () => {
  const s = recordedSelections();
  assert.ok(ballot.verifySelections(election, key, voter, limit, s));

  const otherVoter = voter.slice();
  otherVoter[0] ^= 1;
  assert.ok(!ballot.verifySelections(election, key, otherVoter, limit, s));
  const otherElection = election.slice();
  otherElection[5] ^= 1;
  assert.ok(!ballot.verifySelections(otherElection, key, voter, limit, s));
  assert.ok(!ballot.verifySelections(election, ballot.baseMul(ballot.scalarFromU64(7)), voter, limit, s));
  for (const otherLimit of [1, 3]) assert.ok(!ballot.verifySelections(election, key, voter, otherLimit, s));
  // Options cannot be reordered.
  const swapped = { options: [s.options[1], s.options[0], ...s.options.slice(2)], sumProof: s.sumProof };
  assert.ok(!ballot.verifySelections(election, key, voter, limit, swapped));
  // Nor the sum proof dropped or padded.
  assert.ok(!ballot.verifySelections(election, key, voter, limit, { options: s.options, sumProof: s.sumProof.slice(1) }));
});

test('a device that encrypts a 2, or more marks than the limit, cannot make proofs that verify', () => {
  const secretKey = ballot.baseMul(ballot.randomScalar());
  const verifies = (marks) =>
    ballot.verifySelections(election, secretKey, voter, 2,
      ballot.encryptSelections(election, secretKey, voter, marks, 2));
  assert.ok(verifies([0, 1, 0, 0, 1]));
  assert.ok(verifies([0, 0, 0, 0, 0]));
  assert.ok(verifies(Uint8Array.of(1, 0, 0, 0, 0)));
  assert.ok(!verifies([0, 2, 0, 0, 0]));
  assert.ok(!verifies([1, 1, 1, 0, 0]));
  assert.throws(() => ballot.encryptSelections(election, secretKey, voter, [0, 256], 1), RangeError);
});

test('every one-bit change of option 0 (its alpha, beta and both proof pairs) is refused', () => {
  // Every one of the 1,536 bits is tried: a flip either fails to decode or fails option 0's range
  // proof before the rest is checked, so the loop takes about two seconds on a busy 2-core machine.
  const s = recordedSelections();
  const o = s.options[0];
  const bytes = new Uint8Array([...o.alpha, ...o.beta, ...o.proof[0], ...o.proof[1]]);
  assert.equal(bytes.length, 192);
  let accepted = 0;
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const b = bytes.slice();
    b[bit >> 3] ^= 1 << (bit & 7);
    const changed = {
      options: [{ alpha: b.subarray(0, 32), beta: b.subarray(32, 64), proof: [b.subarray(64, 128), b.subarray(128, 192)] },
        ...s.options.slice(1)],
      sumProof: s.sumProof,
    };
    if (ballot.verifySelections(election, key, voter, limit, changed)) accepted++;
  }
  assert.equal(accepted, 0);
  // And the unchanged bytes, through the same path, still verify.
  const same = { options: [{ alpha: bytes.subarray(0, 32), beta: bytes.subarray(32, 64),
    proof: [bytes.subarray(64, 128), bytes.subarray(128, 192)] }, ...s.options.slice(1)], sumProof: s.sumProof };
  assert.ok(ballot.verifySelections(election, key, voter, limit, same));
});

test('the Benaloh audit opens an honest ballot and catches a device that lied', () => {
  const s = recordedSelections();
  const nonces = vectors.ballot.nonces.map(fromHex);
  assert.ok(ballot.checkAudit(key, s, vectors.ballot.marks, nonces));
  assert.ok(!ballot.checkAudit(key, s, [1, 0, 0, 0, 1], nonces));  // shown one choice, encrypted another
  assert.ok(!ballot.checkAudit(key, s, vectors.ballot.marks, [nonces[1], nonces[0], ...nonces.slice(2)]));
  assert.ok(!ballot.checkAudit(key, s, vectors.ballot.marks.slice(1), nonces.slice(1)));

  // A fresh ballot opens with its own nonces.
  const marks = [0, 1, 0];
  const fresh = ballot.encryptSelections(election, key, voter, marks, 1);
  assert.ok(ballot.checkAudit(key, fresh, marks, fresh.nonces));
  assert.ok(!ballot.checkAudit(key, fresh, [1, 0, 0], fresh.nonces));
});

test('points and scalars from outside are checked', () => {
  const p = ballot.baseMul(ballot.randomScalar());
  assert.deepEqual(ballot.decodePoint(p), p);
  assert.throws(() => ballot.decodePoint(new Uint8Array(32)), /identity/);
  assert.deepEqual(ballot.decodePointOrIdentity(new Uint8Array(32)), new Uint8Array(32));
  const topBit = p.slice();
  topBit[31] |= 0x80;  // RFC 9496 requires it clear; libsodium 1.0.18 alone ignores it
  assert.throws(() => ballot.decodePoint(topBit), /not a valid/);
  assert.throws(() => ballot.decodePoint(p.subarray(0, 31)), /32 bytes/);
  // 1 is not a valid encoding (no point has it); nor is a non-canonical field element, 2^255 - 19.
  const one = new Uint8Array(32);
  one[0] = 1;
  assert.throws(() => ballot.decodePoint(one), /not a valid/);
  const p25519 = fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
  assert.throws(() => ballot.decodePoint(p25519), /not a valid/);

  const l = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
  assert.throws(() => ballot.decodeScalar(l), /canonical/);
  assert.throws(() => ballot.decodeScalar(new Uint8Array(32).fill(0xff)), /canonical/);
  l[0] -= 1;
  assert.deepEqual(ballot.decodeScalar(l), l);
  assert.throws(() => ballot.decodeProof(new Uint8Array(63)), /64 bytes/);

  // 0·P and s·identity are the identity, not an error; adding it changes nothing.
  const zero = new Uint8Array(32);
  assert.deepEqual(ballot.mul(zero, p), zero);
  assert.deepEqual(ballot.mul(ballot.scalarFromU64(5), zero), zero);
  assert.deepEqual(ballot.baseMul(zero), zero);
  assert.deepEqual(ballot.add(p, zero), p);
  assert.deepEqual(ballot.sub(p, p), zero);
  assert.equal(hex(ballot.scalarFromU64(0x0102030405060708n)), '0807060504030201' + '00'.repeat(24));
});

test('exponential ElGamal: the sum of ciphertexts carries the sum of marks', () => {
  const s = ballot.randomScalar();
  const k = ballot.baseMul(s);
  const sum = ballot.sumOf([1, 0, 1, 1, 0, 1].map((m) => ballot.encrypt(k, m, ballot.randomScalar())));
  // β - s·α = t·K
  assert.deepEqual(ballot.sub(sum.beta, ballot.mul(s, sum.alpha)), ballot.mul(ballot.scalarFromU64(4), k));
});

test('the tracking code is the documented hash of the payload, in lowercase hex', () => {
  // Computed apart from libsodium, with Node's own SHA-256.
  const payload = Uint8Array.of(1, 0, 0, 0, 2, 0x65, 0x31);
  const want = createHash('sha256').update('veche/ballot-tracker/v1\n').update(payload).digest('hex');
  assert.equal(ballot.trackingCode(payload), want);
});

// The ballot payload, written out by hand from the layout in docs/formats/election.md §5 (what the
// C++ EncodePayload(const BallotPayload&) writes), for the recorded five-option ballot (limit 2).
function handWrittenPayload(electionId, s) {
  const bytes = [1];  // version
  const id = [...new TextEncoder().encode(electionId)];
  bytes.push(0, 0, id.length >> 8, id.length & 0xff, ...id);  // u32 BE length, UTF-8
  bytes.push(0, s.options.length);  // u16 n
  for (const o of s.options) bytes.push(...fromHex(o.alpha), ...fromHex(o.beta), ...fromHex(o.proof[0]), ...fromHex(o.proof[1]));
  bytes.push(0, s.sum_proof.length);  // u16 m = limit + 1
  for (const p of s.sum_proof) bytes.push(...fromHex(p));
  return Uint8Array.from(bytes);
}

// Pinned: the tracking code of the recorded ballot for election 'council-2026'. It changes only if
// the vectors, the payload layout or the tracker's hash change.
const PINNED_TRACKER = '47e8abff4c4c504f4e6478efd500aa662887be010730392c2130f9d8254d23b1';

test('the ballot payload encoder writes the C++ layout byte for byte, and the tracker is its hash', () => {
  const want = handWrittenPayload('council-2026', vectors.ballot.selections);
  assert.equal(want.length, 1 + 4 + 12 + 2 + 5 * 192 + 2 + 3 * 64);
  const got = encodeBallotPayload('council-2026', recordedSelections());
  assert.equal(hex(got), hex(want));
  const tracker = createHash('sha256').update('veche/ballot-tracker/v1\n').update(want).digest('hex');
  assert.equal(ballot.trackingCode(got), tracker);
  assert.equal(tracker, PINNED_TRACKER);
  // A non-ASCII id is its UTF-8 bytes, length-prefixed.
  assert.equal(hex(encodeBallotPayload('выборы', recordedSelections()).subarray(0, 17)), '010000000cd0b2d18bd0b1d0bed180d18b');
});

test('the ballot payload encoder refuses shapes the node would refuse', () => {
  const s = recordedSelections();
  assert.throws(() => encodeBallotPayload('', s), TypeError);
  assert.throws(() => encodeBallotPayload('e', { options: [], sumProof: s.sumProof }), RangeError);
  assert.throws(() => encodeBallotPayload('e', { options: s.options, sumProof: s.sumProof.slice(0, 1) }), RangeError);
  const shortAlpha = { ...s.options[0], alpha: s.options[0].alpha.subarray(1) };
  assert.throws(() => encodeBallotPayload('e', { options: [shortAlpha], sumProof: s.sumProof }), /32 bytes/);
  const oneProof = { ...s.options[0], proof: s.options[0].proof.slice(0, 1) };
  assert.throws(() => encodeBallotPayload('e', { options: [oneProof], sumProof: s.sumProof }), RangeError);
  // A fresh ballot from encryptSelections encodes as is (the nonces stay out of the payload).
  const fresh = ballot.encryptSelections(election, key, voter, [0, 1, 0, 0], 1);
  const payload = encodeBallotPayload('x', fresh);
  assert.equal(payload.length, 1 + 4 + 1 + 2 + 4 * 192 + 2 + 2 * 64);
  for (const n of fresh.nonces) assert.equal(hex(payload).indexOf(hex(n)), -1);
});
