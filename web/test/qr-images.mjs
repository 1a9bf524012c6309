// SPDX-License-Identifier: AGPL-3.0-or-later
// Pictures of a QR code for the tests, made from its module matrix (src/lib/qr.js qrMatrix): grey
// pixels, RGBA as a canvas would hold them, a PNG file, and a Y4M video for Chromium's fake camera.
import { deflateSync } from 'node:zlib';

// Greyscale pixels (0 black, 255 white) of width × height with the code drawn at `scale` pixels
// per module, its top-left corner at (left, top), on a light grey page (a photo is never pure white).
export function qrGrey(matrix, { scale = 6, width, height, left, top, background = 235 } = {}) {
  const side = matrix.size * scale;
  const quiet = 4 * scale; // the quiet zone the QR standard asks for
  width ??= side + 2 * quiet;
  height ??= side + 2 * quiet;
  left ??= Math.floor((width - side) / 2);
  top ??= Math.floor((height - side) / 2);
  const grey = new Uint8Array(width * height).fill(background);
  for (let y = top - quiet; y < top + side + quiet; y++) {
    for (let x = left - quiet; x < left + side + quiet; x++) {
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      const row = Math.floor((y - top) / scale);
      const col = Math.floor((x - left) / scale);
      const inside = row >= 0 && col >= 0 && row < matrix.size && col < matrix.size;
      grey[y * width + x] = inside && matrix.dark[row][col] ? 0 : 255;
    }
  }
  return { width, height, grey };
}

export function rgbaOf({ width, height, grey }) {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < grey.length; i++) rgba.set([grey[i], grey[i], grey[i], 255], 4 * i);
  return rgba;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
// An 8-bit greyscale PNG (RFC 2083): IHDR, one IDAT of unfiltered rows, IEND.
export function pngOf({ width, height, grey }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // depth 8, colour type 0 (grey), deflate, no filter, no interlace
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(grey.subarray(y * width, (y + 1) * width)).copy(rows, y * (width + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

// A YUV4MPEG2 video of `frames` identical 4:2:0 frames: Y is the picture, U and V are 128 (no
// colour). Width and height must be even.
export function y4mOf({ width, height, grey }, frames = 10) {
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(grey), chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`), ...Array(frames).fill(frame)]);
}
