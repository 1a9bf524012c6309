// SPDX-License-Identifier: AGPL-3.0-or-later
// End-to-end tests of the web UI in a real browser: Debian's chromium driven by playwright-core,
// against `veche serve --demo` on a free port. Run by ctest (label "browser"):
//   node web/test/e2e.mjs VECHE_BINARY ARTIFACT_DIR
// Screenshots of every step go to ARTIFACT_DIR. Any failed check exits non-zero.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { backupToQrPayload, backupFromQrPayload, qrMatrix, readQrPixels } from '../src/lib/qr.js';
import { qrGrey, rgbaOf, pngOf, y4mOf } from './qr-images.mjs';

const [veche, artifacts = 'web-artifacts'] = process.argv.slice(2);
if (!veche) {
  console.error('usage: node e2e.mjs VECHE_BINARY [ARTIFACT_DIR]');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const work = mkdtempSync(`${tmpdir()}/veche-e2e-`);
const data = `${work}/node`;

// ---------- the node ----------
// The UI under test is this source tree's web/dist (npm run build), not the one compiled into the binary.
const webDist = new URL('../dist', import.meta.url).pathname;
const server = spawn(veche, ['serve', '--demo', '--demo-citizens', '400', '--data', data, '--listen', '127.0.0.1:0', '--quiet', '--submit-rate', '0', '--web', webDist], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`the node did not start:\n${out}`)), 60_000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/[^\s]+)/.exec(out);
    if (m && /press Ctrl-C/.test(out)) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`the node exited (${code}):\n${out}`)));
});
const codes = readFileSync(`${data}/demo-enrolment-codes.txt`, 'utf8').trim().split('\n').map((l) => l.split(' '));
const api = async (path) => (await fetch(new URL(path, url))).json();

// ---------- the browser ----------
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: chromiumArgs });
let failures = 0;
let step = 0;
async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}
async function shot(page, name) {
  await page.screenshot({ path: `${artifacts}/${String(++step).padStart(2, '0')}-${name}.png`, fullPage: true });
}
// Runs axe-core (WCAG 2 A and AA rules) on the page; any violation fails.
async function accessible(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
  assert.deepEqual(found, [], `${what}: accessibility violations`);
  assert.ok(result.passes.length > 10, `${what}: axe checked too little (${result.passes.length} rules passed)`);
}
const ready = (page) => page.waitForSelector('body[data-ready="true"]');
const statusText = (page) => page.locator('[role="status"].ok, [role="status"].error, .status.ok, .status.error').first().textContent();

const context = await browser.newContext({ acceptDownloads: true, locale: 'en-GB' });
const page = await context.newPage();
page.on('pageerror', (e) => {
  failures++;
  console.log(`FAIL page error: ${e}`);
});
const [citizen, code] = codes[0];
const passphrase = 'a long demo passphrase';
let backupPath;

await check('the home page shows the open session, results and the territory tree', async () => {
  await page.goto(url);
  await ready(page);
  await page.getByRole('link', { name: 'Open Data Act' }).first().waitFor();
  await page.getByRole('link', { name: 'Public Libraries Act' }).first().waitFor();
  await page.getByRole('link', { name: 'Novgorod Republic' }).waitFor();
  await shot(page, 'home');
  await accessible(page, 'home');
});

await check('a citizen enrols with the one-time code: the key is made in the browser and bound', async () => {
  await page.goto(`${url}#/enrol`);
  await page.getByLabel('Citizen id').fill(citizen);
  await page.getByLabel('One-time enrolment code').fill(code);
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Passphrase again').fill(passphrase);
  await accessible(page, 'enrol');
  await page.getByRole('button', { name: 'Make my key and enrol' }).click();
  await page.getByText(`Your key is bound to citizen ${citizen}`).waitFor({ timeout: 20_000 });
  const exported = await (await fetch(new URL('export/citizens.csv', url))).text();
  assert.match(exported, new RegExp(`\r\n${citizen},[a-z-]+,true,false\r\n`), 'bound in the log');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the backup file' }).click();
  backupPath = `${work}/backup.json`;
  await (await download).saveAs(backupPath);
  const backup = JSON.parse(readFileSync(backupPath, 'utf8'));
  assert.equal(backup.citizen, citizen);
  assert.ok(!JSON.stringify(backup).includes('seed'), 'the backup holds the key sealed');
  await page.getByRole('button', { name: 'Show the backup as a QR code' }).click();
  await page.getByRole('img', { name: `QR code of the key backup of citizen ${citizen}` }).waitFor();
  await shot(page, 'enrolled');
});

await check('"My key" shows the backup as a QR code that reads back as the downloaded backup', async () => {
  await page.goto(`${url}#/me`);
  await page.getByRole('heading', { name: 'My key and receipts' }).waitFor();
  const toggle = page.getByRole('button', { name: 'Show the backup as a QR code' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  const code = page.getByRole('img', { name: `QR code of the key backup of citizen ${citizen}` });
  await code.waitFor();
  assert.equal(await page.getByRole('button', { name: 'Hide the QR code' }).getAttribute('aria-expanded'), 'true');
  await page.getByText('Anyone who holds this QR code and your passphrase holds your key.').waitFor();
  // The code as the browser draws it: the SVG rasterised in the page, its pixels read here by jsQR.
  const drawn = await code.evaluate(async (svg) => {
    const copy = svg.cloneNode(true);
    copy.setAttribute('width', '480');
    copy.setAttribute('height', '480');
    const image = new Image();
    image.src = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 480;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, 480, 480);
    const rgba = context.getImageData(0, 0, 480, 480).data;
    let grey = ''; // one channel is enough (black on white), sent as base64: a plain array is slow
    for (let i = 0; i < rgba.length; i += 4) grey += String.fromCharCode(rgba[i]);
    return btoa(grey);
  });
  const payload = readQrPixels(rgbaOf({ width: 480, height: 480, grey: Buffer.from(drawn, 'base64') }), 480, 480);
  assert.ok(payload, 'the QR code on the page reads');
  const backup = JSON.parse(readFileSync(backupPath, 'utf8'));
  assert.deepEqual([...payload], [...backupToQrPayload(backup)], 'the QR carries the downloaded backup');
  assert.deepEqual(backupFromQrPayload(payload), backup);
  await accessible(page, 'my key (QR code)');
  await shot(page, 'my-key-qr');
  // "Print" prints the code and its warning alone (the print dialog itself is stubbed out here).
  await page.evaluate(() => (window.print = () => {}));
  await page.getByRole('button', { name: 'Print' }).click();
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(await code.isVisible(), 'the code is printed');
    assert.ok(await page.getByText('Anyone who holds this QR code').isVisible(), 'with its warning');
    assert.ok(!(await page.getByRole('heading', { name: 'My receipts' }).isVisible()), 'and nothing else');
    assert.ok(!(await page.getByRole('button', { name: 'Print' }).isVisible()));
    await shot(page, 'my-key-qr-print');
  } finally {
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  }
  assert.equal(await page.evaluate(() => document.body.classList.contains('print-qr')), false, 'back to normal after printing');
  await page.getByRole('button', { name: 'Hide the QR code' }).click();
  assert.equal(await code.count(), 0, 'hidden again');
});

const votesOf = async (measure) => (await api(`measures/${measure}`)).tally;
await check('the citizen votes, changes the vote, and the live tally follows', async () => {
  const before = await votesOf('open-data-act');
  await page.goto(`${url}#/measures/open-data-act`);
  await page.getByRole('heading', { name: 'Open Data Act' }).waitFor();
  await accessible(page, 'measure');
  await page.getByRole('button', { name: 'Yes', exact: true }).click();
  await page.getByText(/Your vote "Yes" was recorded in the log at entry \d+/).waitFor({ timeout: 15_000 });
  let after = await votesOf('open-data-act');
  assert.equal(after.voters, before.voters + 1);
  assert.equal(after.binding.yes, before.binding.yes + 1);
  // The page polls the tally: the new count shows without a reload.
  await page.locator('.bar-row.yes .bar-value').filter({ hasText: new RegExp(`^${after.binding.yes.toLocaleString('en-GB')} `) }).first().waitFor({ timeout: 10_000 });
  await shot(page, 'voted-yes');
  await page.getByRole('button', { name: 'No', exact: true }).click();
  await page.getByText(/Your vote "No" was recorded/).waitFor({ timeout: 15_000 });
  after = await votesOf('open-data-act');
  assert.equal(after.voters, before.voters + 1, 'a changed vote is still one voter');
  assert.equal(after.binding.yes, before.binding.yes);
  assert.equal(after.binding.no, before.binding.no + 1);
  const roll = await (await fetch(new URL('export/votes.csv', url))).text();
  assert.ok(roll.includes(`open-data-act,${citizen},no\r\n`), 'the roll call holds the last vote');
  await shot(page, 'voted-no');
});

const ballotsOf = async (election) => {
  const all = [];
  for (let after = ''; ;) {
    const page = await api(`elections/${election}/ballots?limit=1000${after ? '&after=' + after : ''}`);
    all.push(...page.ballots);
    if (!page.next_after) return all;
    after = page.next_after;
  }
};
const trackerOf = async (election, who) => (await ballotsOf(election)).find((b) => b.citizen === who)?.tracker;
await check('a secret ballot: encrypt, audit (Benaloh), encrypt again and cast, cast again; the last ballot counts', async () => {
  const before = await api('elections/council-2026');
  assert.equal(before.status, 'voting');
  assert.equal(await trackerOf('council-2026', citizen), undefined, 'no ballot yet');
  await page.goto(`${url}#/elections`);
  await page.getByRole('heading', { name: 'Elections', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Chair of the Union Council' }).click();
  await page.getByRole('heading', { name: 'Chair of the Union Council', level: 1 }).waitFor();
  await page.getByRole('rowheader', { name: 'Trustee 3' }).waitFor();
  await page.locator('table.ballots code.tracker').first().waitFor();
  await accessible(page, 'election');

  // Encrypt, then audit: the ballot is opened, checked here, and never cast.
  await page.getByRole('radio', { name: 'Anna Volkova' }).check();
  await page.getByRole('button', { name: 'Encrypt' }).click();
  const audited = (await page.getByTestId('tracker').textContent()).trim();
  assert.match(audited, /^[0-9a-f]{64}$/);
  await page.getByText(/not coercion-proof/).first().waitFor();
  await shot(page, 'ballot-encrypted');
  await page.getByRole('button', { name: 'Audit instead (Benaloh)' }).click();
  assert.match(await page.getByTestId('audit-verdict').textContent(), /^Audit passed/);
  assert.equal(await page.locator('table.audit tbody tr').count(), 4);
  assert.equal(await page.getByRole('button', { name: 'Cast this ballot' }).count(), 0, 'an audited ballot cannot be cast');
  await accessible(page, 'election (audit)');
  await shot(page, 'ballot-audited');

  // Encrypt again (fresh nonces, another tracking code) and cast.
  await page.getByRole('button', { name: 'Encrypt' }).click();
  const first = (await page.getByTestId('tracker').textContent()).trim();
  assert.notEqual(first, audited);
  await page.getByRole('button', { name: 'Cast this ballot' }).click();
  await page.getByText(/Your ballot was recorded in the log at entry \d+/).waitFor({ timeout: 15_000 });
  await page.getByText('Find this code in the list of ballots; the last ballot you cast before the close counts.').waitFor();
  assert.equal((await page.getByTestId('cast-tracker').textContent()).trim(), first);
  assert.equal(await trackerOf('council-2026', citizen), first, 'the public list holds the cast tracker');
  assert.ok(!(await ballotsOf('council-2026')).some((b) => b.tracker === audited), 'the audited ballot is nowhere');
  let now = await api('elections/council-2026');
  assert.equal(now.voters, before.voters + 1);
  await page.getByTestId('found-ballot').filter({ hasText: `Citizen ${citizen}: tracking code ${first}` }).waitFor({ timeout: 10_000 });
  await shot(page, 'ballot-cast');

  // Cast again with another option: the new ballot replaces the first.
  await page.getByRole('radio', { name: 'Vera Sokolova' }).check();
  await page.getByRole('button', { name: 'Encrypt' }).click();
  const second = (await page.getByTestId('tracker').textContent()).trim();
  assert.notEqual(second, first);
  await page.getByRole('button', { name: 'Cast this ballot' }).click();
  await page.getByTestId('cast-tracker').filter({ hasText: second }).waitFor({ timeout: 15_000 });
  assert.equal(await trackerOf('council-2026', citizen), second, 'the last ballot counts');
  now = await api('elections/council-2026');
  assert.equal(now.voters, before.voters + 1, 'a voter who casts again is still one voter');
  await page.getByTestId('found-ballot').filter({ hasText: `tracking code ${second}` }).waitFor({ timeout: 10_000 });
  await page.locator('table.ballots code.tracker', { hasText: second }).waitFor();
  await accessible(page, 'election (cast)');
  await shot(page, 'ballot-cast-again');
});

// Opens the demo election's page as the API would show it after `change(election)` (the JSON is
// rewritten in the browser, nothing reaches the node), runs `body`, then stops rewriting.
async function withElectionShownAs(change, body) {
  const rewrite = async (route) => {
    const response = await route.fetch();
    const e = await response.json();
    change(e);
    route.fulfill({ response, json: e });
  };
  await page.route('**/elections/council-2026', rewrite);
  try {
    await page.goto(`${url}#/`);
    await page.goto(`${url}#/elections/council-2026`);
    await body();
  } finally {
    await page.unroute('**/elections/council-2026', rewrite);
  }
}

await check('with a limit of 2 the ballot has checkboxes; a third mark is refused with a clear message', async () => {
  // The demo election's limit is 1; the page is shown a copy of it with limit 2 (nothing is cast).
  await withElectionShownAs((e) => { e.limit = 2; }, async () => {
    await page.getByRole('group', { name: 'Choose up to 2 options' }).waitFor();
    for (const name of ['Anna Volkova', 'Boris Orlov', 'Gleb Lebedev']) await page.getByRole('checkbox', { name }).check();
    await page.getByText('You marked 3 options; at most 2 may be marked. Unmark some to continue.').waitFor();
    await page.getByRole('button', { name: 'Encrypt' }).click();
    assert.equal(await page.getByTestId('tracker').count(), 0, 'nothing is encrypted over the limit');
    await shot(page, 'ballot-over-limit');
    await page.getByRole('checkbox', { name: 'Boris Orlov' }).uncheck();
    assert.equal(await page.getByText(/You marked 3 options/).count(), 0);
    await page.getByRole('button', { name: 'Encrypt' }).click();
    await page.getByText('Your choice: Anna Volkova, Gleb Lebedev').waitFor();
  });
});

await check('a decided election shows its result as bars and who decrypted it (the JSON rewritten in the browser)', async () => {
  // The demo's election is still open; the page is shown it as decided, with made-up counts.
  const decided = (e) => {
    e.status = 'decided';
    e.voters = 12;
    e.result = { counts: [6, 3, 2, 0], trustees: 0b101 };
    e.trustees = e.trustees.map((tr) => ({ ...tr, decrypted: tr.index !== 2 }));
  };
  await withElectionShownAs(decided, async () => {
    await page.getByRole('heading', { name: 'Result' }).waitFor();
    await page.getByRole('img', { name: 'Anna Volkova: 6 (50%)' }).waitFor();
    await page.getByRole('img', { name: 'Gleb Lebedev: 0 (0%)' }).waitFor();
    await page.getByText('Decrypted by trustees 1, 3.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Encrypt' }).count(), 0, 'no ballot once decided');
    await accessible(page, 'election (decided)');
    await shot(page, 'election-decided');
  });
});

await check('a failed election (too few trustees by its opening) says why and offers no ballot (the JSON rewritten)', async () => {
  // The demo's election opened; the page is shown it as the node shows one whose third trustee
  // never revealed: status "failed", no joint key.
  const failed = (e) => {
    e.status = 'failed';
    e.threshold = 3;
    e.trustees = e.trustees.map((tr) => ({ ...tr, revealed: tr.index !== 3, qualified: 0 }));
    delete e.key;
  };
  await withElectionShownAs(failed, async () => {
    await page.getByText('This election cannot open: by its opening time only 2 trustees had made their part of the key, and 3 are needed.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Encrypt' }).count(), 0, 'no ballot for a failed election');
    await accessible(page, 'election (failed)');
    await shot(page, 'election-failed');
  });
});

await check('an amendment shows its diff, a budget its lines, a decided law its result', async () => {
  await page.goto(`${url}#/measures/libraries-amendment`);
  await page.locator('pre.diff ins').first().waitFor();
  assert.match(await page.locator('pre.diff ins').first().textContent(), /each month, as open data/);
  assert.match(await page.locator('pre.diff del').first().textContent(), /each quarter/);
  await shot(page, 'amendment-diff');
  await page.goto(`${url}#/measures/budget-2027`);
  await page.getByRole('cell', { name: 'Schools' }).waitFor();
  await page.goto(`${url}#/measures/libraries-act`);
  await page.getByRole('heading', { name: 'Result' }).waitFor();
  await page.locator('.badge.adopted').first().waitFor();
  await shot(page, 'result');
  await accessible(page, 'result');
});

await check('the citizen signs an initiative and the count goes up', async () => {
  const before = await api('initiatives/ilmen-ferry');
  await page.goto(`${url}#/initiatives/ilmen-ferry`);
  await page.getByRole('button', { name: 'Sign this initiative' }).click();
  await page.getByText(/You signed this initiative/).waitFor({ timeout: 15_000 });
  assert.equal((await api('initiatives/ilmen-ferry')).signatures, before.signatures + 1);
});

await check('offices: the citizen signs a nomination, nominates themself and stands with a promise checklist', async () => {
  const office = await api('offices/ombudsman');
  const contest = office.contest;
  const first = office.current_contest.nominations[0];
  await page.goto(`${url}#/offices`);
  await page.getByRole('link', { name: 'Ombudsman of the Union' }).click();
  await page.getByRole('heading', { name: `Election ${contest}` }).waitFor();
  await page.getByRole('button', { name: `Sign the nomination of ${first.nominee}` }).click();
  await page.getByText(/You signed the nomination/).waitFor({ timeout: 15_000 });
  const signed = (await api(`contests/${contest}`)).nominations.find((n) => n.id === first.id);
  assert.equal(signed.signatures, first.signatures + 1);
  await page.getByLabel('Citizen id of the nominee').fill(citizen);
  await page.getByRole('button', { name: 'Nominate', exact: true }).click();
  await page.getByRole('heading', { name: 'Stand for this office' }).waitFor({ timeout: 15_000 });
  await page.getByLabel('Promises, one per line').fill('Answer every letter within a week.\nPublish the diary of my meetings.');
  await accessible(page, 'office (nominating)');
  await shot(page, 'office-nominating');
  await page.getByRole('button', { name: 'File my candidacy' }).click();
  await page.getByText('Your candidacy is filed.').waitFor({ timeout: 20_000 });
  const mine = (await api(`contests/${contest}`)).candidacies.find((c) => c.citizen === citizen);
  assert.ok(mine, 'the candidacy is in the contest');
  assert.equal(mine.promises.length, 2);
  assert.equal(await (await fetch(new URL(`texts/${mine.promises[0]}`, url))).text(), 'Answer every letter within a week.\n');
  await page.getByText('Answer every letter within a week.').first().waitFor();
  await shot(page, 'office-candidacy');
});

await check("a collective's meeting: its votes as bars, its members on the collective's page; a non-member's vote refused", async () => {
  const { meetings } = await api(`meetings?contest=${(await api('offices/ombudsman')).contest}`);
  const m = meetings[0];
  await page.goto(`${url}#/offices/ombudsman`);
  await page.getByText(`${m.collective}: nominate ${m.nominee}?`).waitFor();
  await page.getByRole('img', { name: new RegExp(`^Yes: ${m.yes} `) }).waitFor();
  await page.getByRole('button', { name: 'Vote yes' }).click();
  await page.getByText(/was not an adult member/).waitFor({ timeout: 15_000 });
  assert.equal((await api(`meetings/${m.id}`)).yes, m.yes, 'the refused vote counted nothing');
  await page.goto(`${url}#/collectives/${m.collective}`);
  const c = await api(`collectives/${m.collective}`);
  await page.getByRole('heading', { name: `Members (${c.members.length})` }).waitFor();
  await page.getByText(`${m.collective}: nominate ${m.nominee}?`).waitFor();
  await accessible(page, 'collective');
  await shot(page, 'collective');
});

await check("an open roll call: the citizen votes in the settlement's mayoral round, and a later vote replaces it", async () => {
  const office = await api('offices/mayor-gus-khrustalny');
  const before = (await api(`contests/${office.contest}`)).open_rounds.at(-1);
  const [first, second] = before.options;
  const voted = async (choice) => {
    await page.getByRole('button', { name: `Vote: ${choice}` }).click();
    await page.getByText(`Your vote: ${choice}.`).waitFor({ timeout: 15_000 });
    const round = (await api(`contests/${office.contest}`)).open_rounds.at(-1);
    assert.equal(round.votes.find((v) => v.citizen === citizen)?.choice, choice, 'the roll call lists the vote');
    return round.counts.reduce((sum, n) => sum + n, 0);
  };
  await page.goto(`${url}#/offices/mayor-gus-khrustalny`);
  await page.getByText('roll call, in the open').first().waitFor();
  const total = before.counts.reduce((sum, n) => sum + n, 0);
  assert.equal(await voted(first), total + 1);
  assert.equal(await voted(second), total + 1, 'the later vote replaced the earlier');
  await accessible(page, 'office (roll call)');
  await shot(page, 'office-roll-call');
});

await check("ratings: the citizen approves of the minister in one tap, may not rate twice alike, and withdraws", async () => {
  const approvals = async () => (await api('offices/minister-of-justice')).approval?.approvals ?? 0;
  const before = await approvals();
  await page.goto(`${url}#/offices/minister-of-justice`);
  await page.getByRole('heading', { name: 'Approval of the holder' }).waitFor();
  await page.getByRole('heading', { name: 'Promises of the checklist' }).waitFor();
  const promises = (await api('offices/minister-of-justice')).promises;
  assert.deepEqual(promises.map((p) => p.outcome), ['open', 'kept'], 'the demo minister reported one under way, one done');
  await page.getByText(/Reported done on/).waitFor();
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByText(new RegExp(`approve: ${before + 1} of `)).waitFor({ timeout: 15_000 });
  assert.equal(await approvals(), before + 1);
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByText(/already approves of this holder/).waitFor({ timeout: 15_000 });
  await accessible(page, 'office (approval)');
  await shot(page, 'office-approval');
  await page.getByRole('button', { name: 'Withdraw my rating' }).click();
  await page.getByText(new RegExp(`approve: ${before} of `)).waitFor({ timeout: 15_000 });
  assert.equal(await approvals(), before);
});

await check("an official's portrait: the minister's tenure with its promises and approval, the candidacy, the certificates", async () => {
  const holder = (await api('offices/minister-of-justice')).holder;
  await page.goto(`${url}#/offices/minister-of-justice`);
  await page.getByRole('link', { name: "the official's record" }).click();
  await page.getByRole('heading', { name: `Official ${holder}` }).waitFor();
  await page.getByRole('link', { name: 'Minister of Justice' }).waitFor();
  await page.getByText(/kept 1, broken 0, abandoned 0, open 1/).waitFor();
  const portrait = await api(`officials/${holder}`);
  assert.ok(portrait.candidacies.some((c) => c.elected && c.office === 'minister-of-justice'));
  assert.ok(portrait.certificates.length >= 1);
  await accessible(page, 'official');
  await shot(page, 'official');
  // Every candidate's entry links to their record.
  const elected = portrait.candidacies.find((c) => c.elected && c.office === 'minister-of-justice');
  await page.goto(`${url}#/contests/${elected.contest}`);
  await page.getByRole('link', { name: `${holder}'s record` }).click();
  await page.getByRole('heading', { name: `Official ${holder}` }).waitFor();
});

await check('a recall petition: the citizen signs it against the minister, once', async () => {
  const signatures = async () => (await api('offices/minister-of-justice')).recall_petition?.signatures ?? 0;
  const before = await signatures();
  await page.goto(`${url}#/offices/minister-of-justice`);
  await page.getByRole('heading', { name: 'Recall by petition' }).waitFor();
  await page.getByRole('button', { name: 'Sign the petition to recall the holder' }).click();
  const petition = await (async () => {
    for (let i = 0; i < 50; ++i) {
      const p = (await api('offices/minister-of-justice')).recall_petition;
      if ((p?.signatures ?? 0) > before) return p;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the signature did not arrive');
  })();
  assert.equal(petition.signatures, before + 1);
  if (petition.stage === 'collecting') {
    await page.getByText(`${petition.signatures} of ${petition.needed} signatures`).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Sign the petition to recall the holder' }).click();
    await page.getByText(/already signed/).waitFor({ timeout: 15_000 });
  } else {
    await page.getByRole('button', { name: 'Vote to keep' }).waitFor({ timeout: 15_000 });
  }
  await accessible(page, 'office (recall petition)');
  await shot(page, 'office-recall');
});

await check("pay against the cap and the open ministry: the minister's pay, decisions and spending, the mayor over the cap", async () => {
  const o = await api('offices/minister-of-justice');
  assert.ok(o.pay.cap > 0 && o.pay.monthly <= o.pay.cap && !o.pay.over_cap, 'the minister is paid under the cap');
  assert.equal(o.ministry.spending_total, 2);
  const libraries = o.ministry.lines.find((l) => l.label === 'Libraries');
  assert.equal(libraries.amount - libraries.left, 24_700_000, 'both spending lines are charged to Libraries');
  await page.goto(`${url}#/offices/minister-of-justice`);
  await page.getByRole('heading', { name: 'Pay', exact: true }).waitFor();
  await page.getByRole('img', { name: /^Pay 50,000\.00 against the cap/ }).waitFor();
  await page.getByRole('heading', { name: 'Open ministry' }).waitFor();
  await page.getByRole('img', { name: /Spent of each budget line: .*Libraries: 247,000\.00/ }).waitFor();
  await page.getByText(/every court of the union publishes its schedule/).waitFor();
  await page.getByRole('cell', { name: 'Shelving for the archive of judgements.' }).waitFor();
  await accessible(page, 'office (pay and ministry)');
  await shot(page, 'office-ministry');
  const mayor = await api('offices/mayor-novgorod');
  assert.ok(mayor.pay.over_cap && mayor.pay.paid === mayor.pay.cap, "a lower average put the mayor's pay over the cap");
  await page.goto(`${url}#/offices/mayor-novgorod`);
  await page.getByText('over the cap', { exact: true }).waitFor();
  await page.getByText(/from the next month the office pays/).waitFor();
});

await check('an office with an elected holder shows its history and the rounds as bars', async () => {
  await page.goto(`${url}#/offices/minister-of-justice`);
  await page.getByRole('table', { name: 'Holders' }).waitFor();
  const o = await api('offices/minister-of-justice');
  assert.ok(o.holder, 'the minister is elected');
  await page.getByText(`Held by ${o.holder}`).waitFor();
  await page.getByRole('link', { name: o.tenures[0].contest }).click();
  await page.getByRole('heading', { name: 'Round 1' }).waitFor();
  assert.ok(await page.getByRole('img', { name: /: \d+ \(\d+(\.\d)?%\)$/ }).count() >= 2, 'the results are drawn as bars');
  await accessible(page, 'contest (seated)');
  await shot(page, 'contest-seated');
});

await check('a receipt is verified in the browser against the signed checkpoint and the log tiles', async () => {
  await page.goto(`${url}#/me`);
  await page.getByRole('heading', { name: 'My receipts' }).waitFor();
  const items = page.locator('.receipts li');
  assert.ok((await items.count()) >= 6, 'enrol, two votes, two ballots and a signature');
  for (let i = 0; i < 2; i++) {
    await items.nth(i).getByRole('button', { name: 'Check inclusion' }).click();
    await items.nth(i).getByText(/Verified: entry \d+ is in the log of \d+ entries/).waitFor({ timeout: 15_000 });
  }
  // A secret ballot's receipt names the tracking code, never the choice, and verifies like any other.
  const ballotReceipts = items.filter({ hasText: 'Secret ballot: Chair of the Union Council' });
  assert.equal(await ballotReceipts.count(), 2);
  assert.match(await ballotReceipts.first().locator('div').first().textContent(), /^Secret ballot: Chair of the Union Council — tracking code [0-9a-f]{64}$/);
  await ballotReceipts.last().getByRole('button', { name: 'Check inclusion' }).click();
  await ballotReceipts.last().getByText(/Verified: entry \d+ is in the log/).waitFor({ timeout: 15_000 });
  await shot(page, 'receipts');
  await accessible(page, 'receipts');
});

await check('a receipt whose record the log does not hold fails verification', async () => {
  // Corrupt the stored record bytes of the newest receipt: the entry in the log no longer matches.
  await page.evaluate((id) => {
    const key = `veche.receipts.${id}`;
    const list = JSON.parse(localStorage.getItem(key));
    const bytes = atob(list[0].record);
    list[0].record = btoa(bytes.slice(0, -1) + String.fromCharCode(bytes.charCodeAt(bytes.length - 1) ^ 1));
    localStorage.setItem(key, JSON.stringify(list));
  }, citizen);
  await page.reload();
  await ready(page);
  // The key is locked after a reload; unlock it to see the receipts.
  await page.getByLabel('Passphrase').first().fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).first().click();
  const first = page.locator('.receipts li').first();
  await first.getByRole('button', { name: 'Check inclusion' }).click();
  await first.getByText(/Verification failed: the log holds other bytes/).waitFor({ timeout: 15_000 });
});

await check('the language switches to Russian and back', async () => {
  await page.goto(`${url}#/`);
  await ready(page);
  await page.getByRole('button', { name: 'Язык: русский' }).click();
  await page.getByRole('heading', { name: 'Идёт голосование' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  await shot(page, 'russian');
  await accessible(page, 'home (ru)');
  await page.goto(`${url}#/elections/council-2026`);
  await page.getByRole('heading', { name: 'Ваш тайный бюллетень' }).waitFor();
  await page.getByRole('button', { name: 'Зашифровать' }).waitFor();
  await accessible(page, 'election (ru)');
  await shot(page, 'election-russian');
  await page.goto(`${url}#/offices/minister-of-justice`);
  await page.getByRole('heading', { name: 'Открытое министерство' }).waitFor();
  await page.getByRole('heading', { name: 'Одобрение должностного лица' }).waitFor();
  await accessible(page, 'office (ru)');
  const holder = (await api('offices/minister-of-justice')).holder;
  await page.goto(`${url}#/officials/${holder}`);
  await page.getByRole('heading', { name: 'Занимаемые должности' }).waitFor();
  await accessible(page, 'official (ru)');
  await page.goto(`${url}#/`);
  await page.getByRole('button', { name: 'Language: English' }).click();
  await page.getByRole('heading', { name: 'Open for voting now' }).waitFor();
});

await check('the kiosk: key from the backup file, one step per screen, vote, then everything forgotten', async () => {
  const kioskContext = await browser.newContext({ locale: 'en-GB' });
  const kiosk = await kioskContext.newPage();
  await kiosk.goto(`${url}kiosk`);
  await ready(kiosk);
  await kiosk.getByRole('heading', { name: 'Step 1: your key' }).waitFor();
  await accessible(kiosk, 'kiosk');
  await kiosk.getByLabel('Load a backup file').setInputFiles(backupPath);
  await kiosk.getByLabel('Passphrase').fill('not the passphrase');
  await kiosk.getByRole('button', { name: 'Continue' }).click();
  await kiosk.getByText('Wrong passphrase.').waitFor({ timeout: 15_000 });
  await kiosk.getByLabel('Passphrase').fill(passphrase);
  await kiosk.keyboard.press('Enter'); // keyboard only from here
  await kiosk.getByRole('heading', { name: 'Step 2: choose a measure' }).waitFor({ timeout: 15_000 });
  await shot(kiosk, 'kiosk-measures');
  const before = await votesOf('budget-2027');
  await kiosk.getByRole('button', { name: 'Union budget 2027' }).click();
  await kiosk.getByRole('heading', { name: /Step 3/ }).waitFor();
  await kiosk.getByRole('button', { name: 'Confirm my vote: Abstain' }).click();
  await kiosk.getByRole('heading', { name: 'Done' }).waitFor({ timeout: 15_000 });
  assert.equal((await votesOf('budget-2027')).binding.abstain, before.binding.abstain + 1);
  await shot(kiosk, 'kiosk-done');
  await kiosk.getByRole('button', { name: 'Finish and forget me' }).click();
  await kiosk.getByRole('heading', { name: 'Step 1: your key' }).waitFor();
  const kept = await kiosk.evaluate(() => Object.keys(localStorage).length + Object.keys(sessionStorage).length);
  assert.equal(kept, 0, 'the kiosk keeps nothing in storage');
  await kioskContext.close();
});

// Pictures and videos of QR codes, made here from the backup file the citizen downloaded.
const qrPicture = (payload, options) => qrGrey(qrMatrix(payload), options);
const rollHolds = async (line) => (await (await fetch(new URL('export/votes.csv', url))).text()).includes(line);
// Wraps getUserMedia in the kiosk's pages so a test can see every stream the page was given
// (to check each track is stopped), and can make the camera fail or show a blank picture.
const watchCamera = () => {
  const streams = (window.testStreams = []);
  const real = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
  if (!real) return;
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (window.testCamera === 'denied') throw new DOMException('Permission denied', 'NotAllowedError');
    if (window.testCamera === 'missing') throw new DOMException('Requested device not found', 'NotFoundError');
    let stream;
    if (window.testCamera === 'blank') {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const context = canvas.getContext('2d');
      context.fillStyle = '#888';
      context.fillRect(0, 0, 320, 240);
      stream = canvas.captureStream(5);
    } else {
      stream = await real(constraints);
    }
    streams.push(stream);
    return stream;
  };
};
// A kiosk page in `context` whose camera use is watched (watchCamera) and whose script errors fail
// the run.
async function watchedKioskPage(context) {
  await context.addInitScript(watchCamera);
  const kiosk = await context.newPage();
  kiosk.on('pageerror', (e) => {
    failures++;
    console.log(`FAIL kiosk page error: ${e}`);
  });
  return kiosk;
}
const liveTracks = (page) => page.evaluate(() => window.testStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length);
const streamsGiven = (page) => page.evaluate(() => window.testStreams.length);

await check('the kiosk: key from a picture of the QR code; bad pictures and a wrong passphrase refused; the vote goes through', async () => {
  const backup = JSON.parse(readFileSync(backupPath, 'utf8'));
  const files = {
    good: { name: 'my-key.png', mimeType: 'image/png', buffer: pngOf(qrPicture(backupToQrPayload(backup), { scale: 5, width: 800, height: 600, left: 420, top: 120 })) },
    blank: { name: 'blank.png', mimeType: 'image/png', buffer: pngOf({ width: 300, height: 200, grey: new Uint8Array(300 * 200).fill(230) }) },
    web: { name: 'poster.png', mimeType: 'image/png', buffer: pngOf(qrPicture(new TextEncoder().encode('https://example.org/'), { scale: 6 })) },
    json: { name: 'backup.png', mimeType: 'image/png', buffer: readFileSync(backupPath) },
  };
  const kioskContext = await browser.newContext({ locale: 'en-GB' });
  const kiosk = await watchedKioskPage(kioskContext);
  try {
    await kiosk.goto(`${url}kiosk`);
    await ready(kiosk);
    await kiosk.getByRole('heading', { name: 'Step 1: your key' }).waitFor();
    await kiosk.getByRole('button', { name: 'Язык: русский' }).click();
    await kiosk.getByRole('button', { name: 'Сканировать QR-код' }).waitFor();
    await kiosk.getByLabel('Загрузить снимок QR-кода').waitFor();
    await accessible(kiosk, 'kiosk (ru)');
    await kiosk.getByRole('button', { name: 'Language: English' }).click();
    const picture = kiosk.getByLabel('Load a picture of the QR code');
    const alert = kiosk.getByRole('alert');
    for (const [file, words] of [
      [files.blank, 'No QR code was found in this picture.'],
      [files.web, 'This QR code is not a veche key backup.'],
      [files.json, 'This file is not a picture that can be read here.'],
    ]) {
      await picture.setInputFiles(file);
      await alert.filter({ hasText: words }).waitFor({ timeout: 15_000 });
    }
    await shot(kiosk, 'kiosk-qr-refused');
    // No camera: refused by the person or absent, the kiosk says so and offers the other ways.
    for (const [how, words] of [['denied', 'This page may not use the camera (permission denied).'], ['missing', 'No camera can be used here.']]) {
      await kiosk.evaluate((h) => (window.testCamera = h), how);
      await kiosk.getByRole('button', { name: 'Scan a QR code' }).click();
      await kiosk.getByRole('heading', { name: 'Step 1: your key' }).waitFor();
      await alert.filter({ hasText: words }).waitFor({ timeout: 10_000 });
    }
    await picture.setInputFiles(files.good);
    await kiosk.getByText(`QR code read: the key of citizen ${citizen}. Now type your passphrase.`).waitFor({ timeout: 15_000 });
    assert.equal(await kiosk.evaluate(() => document.activeElement.id), await kiosk.getByLabel('Passphrase').getAttribute('id'), 'the passphrase has the focus');
    await accessible(kiosk, 'kiosk (QR read)');
    await shot(kiosk, 'kiosk-qr-picture-read');
    await kiosk.keyboard.type('not the passphrase');
    await kiosk.keyboard.press('Enter');
    await alert.filter({ hasText: 'Wrong passphrase.' }).waitFor({ timeout: 15_000 });
    await kiosk.getByLabel('Passphrase').fill(passphrase);
    await kiosk.keyboard.press('Enter');
    await kiosk.getByRole('heading', { name: 'Step 2: choose a measure' }).waitFor({ timeout: 15_000 });
    await kiosk.getByRole('button', { name: 'Union budget 2027' }).click();
    await kiosk.getByRole('button', { name: 'Confirm my vote: Yes' }).click();
    await kiosk.getByRole('heading', { name: 'Done' }).waitFor({ timeout: 15_000 });
    assert.ok(await rollHolds(`budget-2027,${citizen},yes\r\n`), 'the vote is in the roll call under the citizen from the QR code');
    await kiosk.getByRole('button', { name: 'Finish and forget me' }).click();
    await kiosk.getByRole('heading', { name: 'Step 1: your key' }).waitFor();
    assert.equal(await kiosk.getByText(/QR code read/).count(), 0, 'the QR code is forgotten with the voter');
    assert.equal(await streamsGiven(kiosk), 0, 'no camera was ever started');
    assert.equal(await kiosk.evaluate(() => Object.keys(localStorage).length + Object.keys(sessionStorage).length), 0, 'the kiosk keeps nothing in storage');
  } finally {
    await kioskContext.close();
  }
});

await check("the kiosk: key from the camera (Chromium's fake camera showing the QR code); the camera is released", async () => {
  const backup = JSON.parse(readFileSync(backupPath, 'utf8'));
  const video = `${work}/qr-camera.y4m`;
  writeFileSync(video, y4mOf(qrPicture(backupToQrPayload(backup), { scale: 6, width: 640, height: 480 }), 10));
  const cameraBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const cameraContext = await cameraBrowser.newContext({ locale: 'en-GB' });
    const kiosk = await watchedKioskPage(cameraContext);
    await kiosk.clock.install(); // to make the kiosk's 120 s idle wipe happen now
    await kiosk.goto(`${url}kiosk`);
    await ready(kiosk);

    // A camera that sees no code: the scan screen, then Cancel stops it.
    await kiosk.evaluate(() => (window.testCamera = 'blank'));
    await kiosk.getByRole('button', { name: 'Scan a QR code' }).click();
    await kiosk.getByRole('heading', { name: 'Step 1: show your QR code to the camera' }).waitFor();
    await kiosk.waitForFunction(() => document.querySelector('video')?.readyState >= 2);
    assert.equal(await liveTracks(kiosk), 1, 'the camera is on while scanning');
    await accessible(kiosk, 'kiosk (camera)');
    await shot(kiosk, 'kiosk-qr-camera');
    await kiosk.getByRole('button', { name: 'Cancel' }).click();
    await kiosk.getByRole('heading', { name: 'Step 1: your key' }).waitFor();
    assert.equal(await liveTracks(kiosk), 0, 'Cancel stops the camera');

    // A voter who walks away from the camera is forgotten, and the camera stops.
    await kiosk.getByRole('button', { name: 'Scan a QR code' }).click();
    await kiosk.waitForFunction(() => document.querySelector('video')?.readyState >= 2);
    assert.equal(await liveTracks(kiosk), 1);
    await kiosk.clock.fastForward(121_000);
    await kiosk.getByRole('heading', { name: 'Step 1: your key' }).waitFor();
    assert.equal(await liveTracks(kiosk), 0, 'the idle wipe stops the camera');
    assert.equal(await kiosk.locator('video').count(), 0);

    // Chromium's fake camera, showing the QR code of the backup.
    await kiosk.evaluate(() => (window.testCamera = 'real'));
    const given = await streamsGiven(kiosk);
    await kiosk.getByRole('button', { name: 'Scan a QR code' }).click();
    await kiosk.getByText(`QR code read: the key of citizen ${citizen}. Now type your passphrase.`).waitFor({ timeout: 20_000 });
    assert.equal(await streamsGiven(kiosk), given + 1, 'the real (fake) camera was used');
    const tracks = await kiosk.evaluate(() => window.testStreams.at(-1).getVideoTracks().map((t) => [t.label, t.readyState]));
    assert.equal(tracks.length, 1);
    assert.equal(tracks[0][1], 'ended', `the camera is released once the code is read (${tracks[0][0]})`);
    assert.equal(await liveTracks(kiosk), 0, 'no live track is left');
    assert.equal(await kiosk.locator('video').count(), 0);
    await accessible(kiosk, 'kiosk (QR read by the camera)');
    await shot(kiosk, 'kiosk-qr-camera-read');
    await kiosk.getByLabel('Passphrase').fill(passphrase);
    await kiosk.getByRole('button', { name: 'Continue' }).click();
    await kiosk.getByRole('heading', { name: 'Step 2: choose a measure' }).waitFor({ timeout: 15_000 });
    await kiosk.getByRole('button', { name: 'Union budget 2027' }).click();
    await kiosk.getByRole('button', { name: 'Confirm my vote: No' }).click();
    await kiosk.getByRole('heading', { name: 'Done' }).waitFor({ timeout: 15_000 });
    assert.ok(await rollHolds(`budget-2027,${citizen},no\r\n`), 'the vote cast with the key from the camera counts');
    await shot(kiosk, 'kiosk-qr-camera-voted');
    await kiosk.getByRole('button', { name: 'Finish and forget me' }).click();
    await kiosk.getByRole('heading', { name: 'Step 1: your key' }).waitFor();
    assert.equal(await liveTracks(kiosk), 0);
  } finally {
    await cameraBrowser.close();
  }
});

await check("the registrar's desk enrols a person; the new citizen then binds a key with the printed code", async () => {
  const desk = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await desk.goto(`${url}#/registrar`);
  await ready(desk);
  await desk.getByLabel('Registrar key file').setInputFiles(`${data}/demo-registrar.key`);
  await desk.getByLabel('Citizen id').fill('c-new-1');
  await desk.getByLabel('Residence (territory id)').fill('novgorod');
  await desk.getByLabel('Date of majority').fill('2001-03-04');
  await desk.getByLabel('Date of consultative age').fill('1997-03-04');
  await desk.getByLabel('Personal data (name, document)').fill('Sadko, passport 4242');
  await accessible(desk, 'registrar');
  await desk.getByRole('button', { name: 'Enrol', exact: true }).click();
  const newCode = (await desk.getByTestId('enrolment-code').textContent({ timeout: 15_000 })).trim();
  assert.match(newCode, /^[0-9a-f]{32}$/);
  const stored = await desk.evaluate(() => JSON.parse(localStorage.getItem('veche.registry')));
  assert.equal(stored['c-new-1'].data, 'Sadko, passport 4242');
  const exported = await (await fetch(new URL('export/citizens.csv', url))).text();
  assert.ok(exported.includes('c-new-1,novgorod,false,false'), 'enrolled, not yet bound');
  assert.ok(!exported.includes('Sadko'), 'no personal data in the open data');
  await shot(desk, 'registrar');
  await desk.goto(`${url}#/enrol`);
  await desk.getByLabel('Citizen id').fill('c-new-1');
  await desk.getByLabel('One-time enrolment code').fill(newCode);
  await desk.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await desk.getByLabel('Passphrase again').fill(passphrase);
  await desk.getByRole('button', { name: 'Make my key and enrol' }).click();
  await desk.getByText('Your key is bound to citizen c-new-1').waitFor({ timeout: 20_000 });
  // The same code cannot bind a second key.
  await desk.getByRole('button', { name: 'Make my key and enrol' }).click();
  await desk.getByText(/Error: .*enrolment code/).waitFor({ timeout: 20_000 });
});

await check('an open data export streams every roll call as CSV and JSON', async () => {
  const csv = await (await fetch(new URL('export/votes.csv', url))).text();
  const json = await (await fetch(new URL('export/votes.json', url))).json();
  assert.equal(csv.trim().split('\r\n').length - 1, json.length);
  assert.ok(json.length > 400);
});

await browser.close();
server.kill('SIGINT');
await new Promise((r) => server.on('exit', r));
rmSync(work, { recursive: true, force: true });
console.log(failures ? `${failures} browser check(s) failed; screenshots in ${artifacts}` : `all browser checks passed; screenshots in ${artifacts}`);
process.exit(failures ? 1 : 0);
