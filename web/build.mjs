// SPDX-License-Identifier: AGPL-3.0-or-later
// Builds the web UI into dist/: one bundled module (app.js), the page and the style sheet, which
// `veche serve` serves under / and /ui/ (and /kiosk). Run by `npm run build` (scripts/build.sh).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
mkdirSync(`${here}dist`, { recursive: true });
await build({
  entryPoints: [`${here}src/main.js`],
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: ['chrome110', 'firefox110', 'safari16'],
  outfile: `${here}dist/app.js`,
  logLevel: 'warning',
  // libsodium.js probes for Node's modules at run time; in a browser they are never loaded.
  external: ['fs', 'path', 'crypto'],
});
for (const file of ['index.html', 'style.css']) copyFileSync(`${here}src/${file}`, `${here}dist/${file}`);
console.log('web: built dist/ (app.js, index.html, style.css)');
