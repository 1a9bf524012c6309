// SPDX-License-Identifier: AGPL-3.0-or-later
// The secret ballot's cryptography in the browser (docs/formats/election.md), byte for byte as
// src/veche/crypto/group.cc and elgamal.cc: ristretto255 points and scalars, the hash to a scalar,
// exponential ElGamal, Schnorr and range proofs, a voter's encrypted marks, the Benaloh audit and
// the tracking code. The shared vectors (tests/data/ballot/vectors.json) hold both sides to it.
//
// Values are Uint8Arrays: a point or a scalar is its canonical 32-byte encoding, a proof pair is
// 64 bytes (the challenge c, then the response v). decode* is for bytes from outside and throws
// on anything the C++ Decode* refuses. The arithmetic helpers assume values that were decoded or
// computed here. Verifiers never throw on bad input: they return false.
//
// Randomness comes from an injected rng(n) returning n fresh bytes (default: libsodium's), so the
// vectors can be replayed. Every random scalar is 64 bytes reduced modulo L, drawn in the order
// the C++ draws them; changing that order changes every proof (and breaks the vectors).

import { Encoder, concat, utf8, hex, equalBytes } from './encoding.js';

export const Tag = {
  encryptionKey: 'veche/dkg/v1/encryption-key',
  coefficient: 'veche/dkg/v1/coefficient',
  complaint: 'veche/dkg/v1/complaint',
  decryption: 'veche/tally/v1/decryption',
  range: 'veche/ballot/v1/range',
};
// The `option` a ballot's sum proof is about (§4.3).
export const SUM_OPTION = 0xffffffff;

const POINT_BYTES = 32;
const SCALAR_BYTES = 32;
const PAIR_BYTES = 64;

function u32be(v) {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`not a u32: ${v}`);
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

const isBytes = (b, n) => b instanceof Uint8Array && b.length === n;

// The most options an election may have (kMaxElectionOptions in src/veche/core/election/payloads.h).
export const MAX_OPTIONS = 50;

// The payload of a `ballot` record (kind 65, docs/formats/election.md §5), byte for byte as the C++
// EncodePayload(const BallotPayload&) in src/veche/core/election.cc:
//   u8 1, string election id, u16 n, n × (α 32, β 32, pair 64, pair 64), u16 m, m × pair 64.
// `selections` is what encryptSelections returns (its nonces are not part of the payload). Throws
// on a shape the C++ decoder would refuse (wrong sizes, no options, a sum proof of fewer than 2).
export function encodeBallotPayload(electionId, selections) {
  const options = selections && selections.options;
  const sumProof = selections && selections.sumProof;
  if (typeof electionId !== 'string' || electionId === '') throw new TypeError('an election id is a non-empty string');
  if (!Array.isArray(options) || options.length < 1 || options.length > MAX_OPTIONS) {
    throw new RangeError(`a ballot has 1..${MAX_OPTIONS} options`);
  }
  if (!Array.isArray(sumProof) || sumProof.length < 2 || sumProof.length > MAX_OPTIONS + 1) {
    throw new RangeError('the sum proof has limit + 1 pairs (2..51)');
  }
  const e = new Encoder(1).string(electionId).u16(options.length);
  options.forEach((o, i) => {
    if (!Array.isArray(o.proof) || o.proof.length !== 2) throw new RangeError(`option ${i}: a range proof for 0..1 is 2 pairs`);
    e.fixed(o.alpha, POINT_BYTES).fixed(o.beta, POINT_BYTES).fixed(o.proof[0], PAIR_BYTES).fixed(o.proof[1], PAIR_BYTES);
  });
  e.u16(sumProof.length);
  for (const p of sumProof) e.fixed(p, PAIR_BYTES);
  return e.finish();
}

export function makeBallot(sodium) {
  const defaultRng = (n) => sodium.randombytes_buf(n);
  const identity = () => new Uint8Array(POINT_BYTES);  // the identity encodes as 32 zero bytes
  const isZero = (b) => sodium.is_zero(b);

  // --- Points and scalars (§1) ---

  // A valid encoding, the identity included. libsodium 1.0.18 (the C++ side) ignores the top bit
  // of an encoding, RFC 9496 requires it to be zero; checking it here keeps one encoding per point
  // whatever libsodium the browser runs.
  function isValidEncoding(bytes) {
    return isBytes(bytes, POINT_BYTES) && (bytes[31] & 0x80) === 0 && sodium.crypto_core_ristretto255_is_valid_point(bytes);
  }

  // Any valid encoding, the identity included (a recorded sum may be it).
  function decodePointOrIdentity(bytes, what = 'point') {
    if (!(bytes instanceof Uint8Array) || bytes.length !== POINT_BYTES) throw new Error(`${what}: a point is 32 bytes`);
    if (!isValidEncoding(bytes)) throw new Error(`${what} is not a valid ristretto255 point`);
    return bytes.slice();
  }

  // A point from a record: a valid encoding that is not the identity.
  function decodePoint(bytes, what = 'point') {
    const p = decodePointOrIdentity(bytes, what);
    if (isZero(p)) throw new Error(`${what} is the identity point`);
    return p;
  }

  // A scalar below L. Reducing the zero-extended value changes it exactly when it is >= L.
  function decodeScalar(bytes, what = 'scalar') {
    if (!(bytes instanceof Uint8Array) || bytes.length !== SCALAR_BYTES) throw new Error(`${what}: a scalar is 32 bytes`);
    const wide = new Uint8Array(64);
    wide.set(bytes);
    const reduced = sodium.crypto_core_ristretto255_scalar_reduce(wide);
    if (!equalBytes(reduced, bytes)) {
      throw new Error(`${what} is not a canonical scalar (it is not below the group order)`);
    }
    return reduced;
  }

  // Two canonical scalars, c then v; returned as a copy of the 64 bytes.
  function decodeProof(bytes, what = 'proof') {
    if (!(bytes instanceof Uint8Array) || bytes.length !== PAIR_BYTES) throw new Error(`${what}: a proof pair is 64 bytes`);
    decodeScalar(bytes.subarray(0, 32), `${what} challenge`);
    decodeScalar(bytes.subarray(32, 64), `${what} response`);
    return bytes.slice();
  }

  // s·G and s·P with 0·P = s·identity = identity. libsodium refuses to return the identity; in a
  // prime-order group with s < L that happens only for the zero scalar or the identity point,
  // handled first, so any other throw is a broken contract (an undecoded input) and propagates.
  function baseMul(s) {
    if (isZero(s)) return identity();
    return sodium.crypto_scalarmult_ristretto255_base(s);
  }
  function mul(s, p) {
    if (isZero(s) || isZero(p)) return identity();
    return sodium.crypto_scalarmult_ristretto255(s, p);
  }
  const add = (a, b) => sodium.crypto_core_ristretto255_add(a, b);
  const sub = (a, b) => sodium.crypto_core_ristretto255_sub(a, b);

  const scalarAdd = (a, b) => sodium.crypto_core_ristretto255_scalar_add(a, b);
  const scalarSub = (a, b) => sodium.crypto_core_ristretto255_scalar_sub(a, b);
  const scalarMul = (a, b) => sodium.crypto_core_ristretto255_scalar_mul(a, b);
  const reduceWide = (wide) => sodium.crypto_core_ristretto255_scalar_reduce(wide);

  // v < 2^64 < L, so its little-endian bytes are already canonical.
  function scalarFromU64(v) {
    let n = BigInt(v);
    if (n < 0n || n >= 1n << 64n) throw new RangeError(`not a u64: ${v}`);
    const s = new Uint8Array(SCALAR_BYTES);
    for (let i = 0; i < 8; i++, n >>= 8n) s[i] = Number(n & 0xffn);
    return s;
  }

  // 64 bytes from rng, reduced modulo L: uniform for any practical purpose. The bytes rng returns
  // belong to this call and are wiped.
  function randomScalar(rng = defaultRng) {
    const wide = rng(64);
    if (!isBytes(wide, 64)) throw new Error('rng(64) must return 64 bytes');
    const s = reduceWide(wide);
    sodium.memzero(wide);
    return s;
  }

  // --- The hash to a scalar (§1) ---

  // Hq(tag, x1, ..., xn) = reduce(SHA-512(lp(tag) || lp(x1) || ...)), lp = u32 BE length || bytes.
  // The items are copied as added (as if hashed at once, like the C++) and hashed together at the
  // challenge (statements are small), so an abandoned transcript leaves no hashing state behind
  // in the WebAssembly heap.
  function transcript(tag) {
    const parts = [];
    const t = {
      add(bytes) {
        if (!(bytes instanceof Uint8Array)) throw new TypeError('a transcript item is bytes');
        parts.push(u32be(bytes.length), bytes.slice());
        return t;
      },
      addU32: (v) => t.add(u32be(v)),
      challenge: () => reduceWide(sodium.crypto_hash_sha512(concat(...parts))),
    };
    return t.add(utf8(tag));
  }
  function hq(tag, ...items) {
    const t = transcript(tag);
    for (const item of items) t.add(item);
    return t.challenge();
  }

  // --- Exponential ElGamal and the proofs (§4) ---

  // (ξ·G, (ξ + m)·K), as in ElectionGuard 2.x.
  function encrypt(key, m, nonce) {
    return { alpha: baseMul(nonce), beta: mul(scalarAdd(nonce, scalarFromU64(m)), key) };
  }
  const addCiphertexts = (a, b) => ({ alpha: add(a.alpha, b.alpha), beta: add(a.beta, b.beta) });
  function sumOf(cts) {
    let sum = { alpha: identity(), beta: identity() };
    for (const ct of cts) sum = addCiphertexts(sum, ct);
    return sum;
  }

  const pair = (c, v) => concat(c, v);
  const challengeOf = (p) => p.subarray(0, 32);
  const responseOf = (p) => p.subarray(32, 64);

  function schnorrChallenge(tag, e, X, a, items) {
    const t = transcript(tag).add(e).add(X).add(a);
    for (const item of items) t.addU32(item);
    return t.challenge();
  }

  // Schnorr proof of x with X = x·G (§4.1); `items` are hashed after the commitment as u32s.
  function proveSchnorr(tag, e, x, X, items, rng = defaultRng) {
    const u = randomScalar(rng);
    const c = schnorrChallenge(tag, e, X, baseMul(u), items);
    const v = scalarSub(u, scalarMul(c, x));
    sodium.memzero(u);
    return pair(c, v);
  }

  function verifySchnorr(tag, e, X, items, proof) {
    try {
      if (!isBytes(e, 32)) return false;
      decodePoint(X);
      decodeProof(proof);
    } catch {
      return false;
    }
    const c = challengeOf(proof);
    const a = add(baseMul(responseOf(proof)), mul(c, X));
    return equalBytes(schnorrChallenge(tag, e, X, a, items), c);
  }

  // A range statement (§4.3): { election, key, voter, option, max } — the ciphertext encrypts
  // 0..max under `key`, for `voter`'s ballot, option `option` (SUM_OPTION for the sum).
  function rangeTranscript(st, ct) {
    return transcript(Tag.range).add(st.election).add(st.key).add(st.voter)
      .addU32(st.option).addU32(st.max).add(ct.alpha).add(ct.beta);
  }

  // Branch j's commitments as a verifier recomputes them: a = v·G + c·α, b = (v - j·c)·K + c·β.
  function rangeCommitments(st, ct, j, c, v) {
    const a = add(baseMul(v), mul(c, ct.alpha));
    const b = add(mul(scalarSub(v, scalarMul(scalarFromU64(j), c)), st.key), mul(c, ct.beta));
    return [a, b];
  }

  // Contract: ct = encrypt(st.key, m, nonce). Returns st.max + 1 pairs. A mark outside 0..max has
  // no true branch: it is proved as if it were 0, which will not verify (how a cheating device is
  // caught), and draws the same randomness as an honest 0.
  function proveRange(st, ct, m, nonce, rng = defaultRng) {
    const real = Number.isInteger(m) && m >= 0 && m <= st.max ? m : 0;
    const cs = new Array(st.max + 1), vs = new Array(st.max + 1), commitments = new Array(st.max + 1);
    let u;
    for (let j = 0; j <= st.max; j++) {
      if (j === real) {
        u = randomScalar(rng);
        commitments[j] = [baseMul(u), mul(u, st.key)];
      } else {
        cs[j] = randomScalar(rng);
        vs[j] = randomScalar(rng);
        commitments[j] = rangeCommitments(st, ct, j, cs[j], vs[j]);
      }
    }
    const t = rangeTranscript(st, ct);
    for (const [a, b] of commitments) t.add(a).add(b);
    let c = t.challenge();
    for (let j = 0; j <= st.max; j++) if (j !== real) c = scalarSub(c, cs[j]);
    cs[real] = c;
    vs[real] = scalarSub(u, scalarMul(c, nonce));
    sodium.memzero(u);
    return cs.map((cj, j) => pair(cj, vs[j]));
  }

  // The ciphertext may be the identity (a sum can be); the key may not.
  function verifyRange(st, ct, proof) {
    try {
      if (!isBytes(st.election, 32) || !isBytes(st.voter, 32)) return false;
      if (!Number.isInteger(st.max) || st.max < 0 || st.max > 0xffffffff) return false;
      decodePoint(st.key);
      decodePointOrIdentity(ct.alpha);
      decodePointOrIdentity(ct.beta);
      if (!Array.isArray(proof) || proof.length !== st.max + 1) return false;
      proof.forEach((p) => decodeProof(p));
    } catch {
      return false;
    }
    const t = rangeTranscript(st, ct);
    let sum = new Uint8Array(SCALAR_BYTES);
    for (let j = 0; j <= st.max; j++) {
      const [a, b] = rangeCommitments(st, ct, j, challengeOf(proof[j]), responseOf(proof[j]));
      t.add(a).add(b);
      sum = scalarAdd(sum, challengeOf(proof[j]));
    }
    return equalBytes(t.challenge(), sum);
  }

  // --- A voter's marks (§5) ---

  // Encrypts marks[i] (one per option) under `key` and proves each in 0..1 and their sum in
  // 0..limit, for `voter` (the 32-byte Ed25519 key that signs the ballot). Randomness is drawn as
  // the C++ EncryptSelections draws it: the nonces ξ_0..ξ_n-1, then each option's proof, then the
  // sum's. Marks are bytes (0..255) as in C++; a mark above 1 or a sum above `limit` gives proofs
  // that do not verify. `nonces` are secret: show them only for a Benaloh audit (and never cast
  // that ballot), otherwise wipe them (sodium.memzero).
  // Returns { options: [{ alpha, beta, proof: [pair0, pair1] }], sumProof: [pairs], nonces }.
  function encryptSelections(election, key, voter, markList, limit, rng = defaultRng) {
    const marks = Array.from(markList);  // a Uint8Array's map would coerce scalars to bytes
    for (const m of marks) {
      if (!Number.isInteger(m) || m < 0 || m > 255) throw new RangeError(`a mark is a byte: ${m}`);
    }
    const nonces = marks.map(() => randomScalar(rng));
    const cts = marks.map((m, i) => encrypt(key, m, nonces[i]));
    const options = cts.map((ct, i) => {
      const proof = proveRange({ election, key, voter, option: i, max: 1 }, ct, marks[i], nonces[i], rng);
      return { alpha: ct.alpha, beta: ct.beta, proof };
    });
    let nonceSum = new Uint8Array(SCALAR_BYTES);
    for (const n of nonces) nonceSum = scalarAdd(nonceSum, n);
    const markSum = marks.reduce((s, m) => s + m, 0);
    const sumStatement = { election, key, voter, option: SUM_OPTION, max: limit };
    const sumProof = proveRange(sumStatement, sumOf(cts), markSum, nonceSum, rng);
    sodium.memzero(nonceSum);
    return { options, sumProof, nonces };
  }

  // Every check a ballot's selections pass in Apply: each point decodes (valid, not the
  // identity), each pair is two canonical scalars, and every range proof holds for this election,
  // key, voter and limit.
  function verifySelections(election, key, voter, limit, selections) {
    const options = selections && selections.options;
    if (!Array.isArray(options) || options.length === 0) return false;
    try {
      for (const o of options) {
        decodePoint(o.alpha);
        decodePoint(o.beta);
      }
    } catch {
      return false;
    }
    for (let i = 0; i < options.length; i++) {
      const st = { election, key, voter, option: i, max: 1 };
      if (!verifyRange(st, options[i], options[i].proof)) return false;
    }
    const sumStatement = { election, key, voter, option: SUM_OPTION, max: limit };
    return verifyRange(sumStatement, sumOf(options), selections.sumProof);
  }

  // The Benaloh audit: true if every ciphertext is (ξ_i·G, (ξ_i + marks[i])·K) for the revealed
  // nonces and the marks the device claims.
  function checkAudit(key, selections, marks, nonces) {
    try {
      const options = selections.options;
      if (marks.length !== options.length || nonces.length !== options.length) return false;
      decodePoint(key);
      return options.every((o, i) => {
        const ct = encrypt(key, marks[i], decodeScalar(nonces[i]));
        return equalBytes(ct.alpha, o.alpha) && equalBytes(ct.beta, o.beta);
      });
    } catch {
      return false;
    }
  }

  // SHA-256("veche/ballot-tracker/v1\n" || ballot payload), as lowercase hex.
  function trackingCode(payload) {
    return hex(sodium.crypto_hash_sha256(concat(utf8('veche/ballot-tracker/v1\n'), payload)));
  }

  return {
    decodePoint,
    decodePointOrIdentity,
    decodeScalar,
    decodeProof,
    baseMul,
    mul,
    add,
    sub,
    scalarAdd,
    scalarSub,
    scalarMul,
    scalarFromU64,
    randomScalar,
    transcript,
    hq,
    encrypt,
    sumOf,
    proveSchnorr,
    verifySchnorr,
    proveRange,
    verifyRange,
    encryptSelections,
    verifySelections,
    checkAudit,
    trackingCode,
  };
}
