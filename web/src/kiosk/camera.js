// SPDX-License-Identifier: AGPL-3.0-or-later
// The camera while the kiosk reads a QR code: one stream at most, whose tracks are stopped as soon
// as a veche backup is read, on cancel, on leaving the step, and when the kiosk forgets its voter.
import { backupFromQrPayload, readQrPixels } from '../lib/qr.js';
import { pixelsOf, fitWithin } from './qr-reading.js';

let camera = null;
// Whether the camera is on (or being started).
export const cameraOn = () => camera !== null;

export function stopCamera() {
  if (!camera) return;
  clearTimeout(camera.timer);
  for (const track of camera.stream?.getTracks() ?? []) track.stop();
  if (camera.video) camera.video.srcObject = null;
  camera = null;
}

// Starts the camera into `video` and reads frames until a veche backup shows; throws 'no_camera' or
// 'camera_denied'. A QR code that is not a veche backup is reported and the reading goes on.
export async function startQrCamera(video, { onBackup, onProblem }) {
  stopCamera();
  const attempt = { video, stream: null, timer: null };
  camera = attempt;
  const current = () => camera === attempt;
  if (!navigator.mediaDevices?.getUserMedia) {
    camera = null;
    throw new Error('no_camera'); // no camera API: e.g. a page not served over HTTPS or localhost
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  } catch (e) {
    if (!current()) return; // cancelled while the browser was asking
    camera = null;
    throw new Error(e?.name === 'NotAllowedError' || e?.name === 'SecurityError' ? 'camera_denied' : 'no_camera');
  }
  if (!current()) {
    for (const track of stream.getTracks()) track.stop(); // cancelled while the camera started
    return;
  }
  attempt.stream = stream;
  video.srcObject = stream;
  video.play().catch(() => {}); // muted and inline: allowed to play without a gesture
  readFrames(video, current, attempt, { onBackup, onProblem });
}

// Reads a frame every 150 ms while `current()` holds, until one shows a veche backup.
function readFrames(video, current, attempt, { onBackup, onProblem }) {
  const canvas = document.createElement('canvas');
  let lastProblem = null;
  const readFrame = () => {
    if (!current()) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
      const [width, height] = fitWithin(video.videoWidth, video.videoHeight, 800);
      const payload = readQrPixels(pixelsOf(video, width, height, canvas), width, height);
      if (payload) {
        try {
          const backup = backupFromQrPayload(payload);
          stopCamera();
          onBackup(backup);
          return;
        } catch (err) {
          if (err.message !== lastProblem) onProblem(err);
          lastProblem = err.message;
        }
      }
    }
    attempt.timer = setTimeout(readFrame, 150);
  };
  readFrame();
}
