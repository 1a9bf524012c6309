// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading a key backup's QR code from pixels the browser draws: a picture chosen by the voter, or
// a camera frame (camera.js). The decoding itself is lib/qr.js (jsQR).
import { backupFromQrPayload, readQrPixels } from '../lib/qr.js';

// Pixels of an image, a bitmap or a video frame, scaled to width × height (RGBA, as jsQR reads them).
export function pixelsOf(source, width, height, canvas = document.createElement('canvas')) {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height).data;
}
export const fitWithin = (width, height, limit) => {
  const scale = Math.min(1, limit / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
};

const MAX_PICTURE_BYTES = 32 << 20;
// The backup in a picture of its QR code. A photo is read at up to 1024 pixels first (fast), then
// at up to 2048 if that finds nothing (a small code in a large photo).
export async function readQrFromPicture(file) {
  if (!file) throw new Error('no_qr_in_picture');
  if (file.size > MAX_PICTURE_BYTES) throw new Error('picture_too_large');
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error('not_a_picture');
  }
  try {
    let tried = 0;
    for (const limit of [1024, 2048]) {
      const [width, height] = fitWithin(bitmap.width, bitmap.height, limit);
      if (width * height <= tried) break; // the picture is smaller than the limit: read already
      tried = width * height;
      const payload = readQrPixels(pixelsOf(bitmap, width, height), width, height);
      if (payload) return backupFromQrPayload(payload);
    }
  } finally {
    bitmap.close();
  }
  throw new Error('no_qr_in_picture');
}
