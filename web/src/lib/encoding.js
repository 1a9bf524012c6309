// SPDX-License-Identifier: AGPL-3.0-or-later
// The canonical binary encoding of docs/formats/encoding.md, as the C++ Encoder writes it:
// big-endian integers, u32-length-prefixed bytes and strings, a leading version byte.

const textEncoder = new TextEncoder();

export class Encoder {
  constructor(version) {
    this.parts = [];
    this.size = 0;
    if (version !== undefined) this.u8(version);
  }
  push(bytes) {
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }
  u8(v) {
    return this.push(Uint8Array.of(v & 0xff));
  }
  u16(v) {
    return this.push(Uint8Array.of((v >>> 8) & 0xff, v & 0xff));
  }
  u32(v) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v);
    return this.push(b);
  }
  i64(v) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt(v));
    return this.push(b);
  }
  bool(v) {
    return this.u8(v ? 1 : 0);
  }
  fixed(bytes, n) {
    if (bytes.length !== n) throw new Error(`expected ${n} bytes, got ${bytes.length}`);
    return this.push(bytes);
  }
  bytes(b) {
    return this.u32(b.length).push(b);
  }
  string(s) {
    return this.bytes(textEncoder.encode(s));
  }
  finish() {
    return concat(...this.parts);
  }
}

export function concat(...arrays) {
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

export function utf8(s) {
  return textEncoder.encode(s);
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(s) {
  if (!/^([0-9a-f]{2})*$/.test(s)) throw new Error('not lowercase hex');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
  return out;
}

export function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  if (base64(out) !== s) throw new Error('not canonical base64');
  return out;
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
