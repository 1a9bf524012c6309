// SPDX-License-Identifier: AGPL-3.0-or-later
// Casts one secret ballot through the web UI in Debian's chromium, as a voter at home would: loads
// a plain veche key file on "My key and receipts", opens the election, marks one option, encrypts
// (the browser's own ristretto255 code), casts, and prints the tracking code the page shows.
// tests/election_cli_test.sh runs it (ctest election_browser_end_to_end) so that a ballot made in
// the browser is counted, decrypted by the trustees' CLI and checked by `veche verify-election`.
//   node web/test/cast-ballot.mjs NODE_URL KEY_FILE ELECTION_ID OPTION [SCREENSHOT.png]
import { chromium } from 'playwright-core';

const [url, keyFile, election, option, screenshot] = process.argv.slice(2);
if (!option) {
  console.error('usage: node cast-ballot.mjs NODE_URL KEY_FILE ELECTION_ID OPTION [SCREENSHOT.png]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
page.on('pageerror', (e) => {
  console.error(`page error: ${e.message}`);
  failed = true;
});
try {
  await page.goto(`${url}#/me`);
  await page.getByRole('heading', { name: 'My key and receipts', level: 1 }).waitFor();
  await page.getByLabel('Load a backup file').setInputFiles(keyFile);
  await page.locator('form').filter({ has: page.getByLabel('Load a backup file') }).getByRole('button', { name: 'Unlock' }).click();
  await page.locator('#main').getByText(/^Unlocked: citizen/).waitFor();

  await page.goto(`${url}#/elections/${election}`);
  await page.getByRole('button', { name: 'Encrypt' }).waitFor();
  await page.getByRole('radio', { name: option }).check();
  await page.getByRole('button', { name: 'Encrypt' }).click();
  const tracker = (await page.getByTestId('tracker').textContent()).trim();
  await page.getByRole('button', { name: 'Cast this ballot' }).click();
  await page.getByText(/Your ballot was recorded in the log at entry \d+/).waitFor({ timeout: 30_000 });
  const cast = (await page.getByTestId('cast-tracker').textContent()).trim();
  if (cast !== tracker) throw new Error(`the page cast ${cast}, not the encrypted ${tracker}`);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`tracking code: ${cast}`);
} catch (e) {
  console.error(`cast-ballot: ${e.message}`);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
