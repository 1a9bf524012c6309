// SPDX-License-Identifier: AGPL-3.0-or-later
// Writes the browser's vectors into tests/data/records/vectors.json: signed records built by the
// browser's code from fixed fields and fixed keys, replacing any vector of those kinds and keeping
// the others (payloads from the golden log). Run when a record kind the UI signs is added; the C++
// and JS unit tests then hold both implementations to these bytes.
import sodiumModule from 'libsodium-wrappers-sumo';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeRecords } from '../src/lib/records.js';
import { hex } from '../src/lib/encoding.js';
import { payloadOf, kindNumber, seedOf } from './unit/vectors.mjs';

await sodiumModule.ready;
// Every vector is signed for the log SHA-256("veche-test-vector/log"), as the C++ tool signs them.
const log = sodiumModule.crypto_hash_sha256(new TextEncoder().encode('veche-test-vector/log'));
const records = makeRecords(sodiumModule, log);
const fields = [
  ['vote', { measure: 'open-data-act', choice: 'yes' }],
  ['vote', { measure: 'm1', choice: 'abstain' }],
  ['citizen_bind', { citizen: 'c-00042', code: '00112233445566778899aabbccddeeff' }],
  ['initiative_sign', { id: 'ilmen-ferry' }],
  ['text', { text: 'Закон о библиотеках\n\n1. Every city keeps a library.\n' }],
  ['initiative_file', { id: 'parks', territory: 'union', title: 'Parks Act', text: 'Parks Act\n' }],
  ['citizen_enrol', { id: 'c-7', residence: 'north', majority_date: '946684800000000', consultative_date: '820454400000000', salt: '000102030405060708090a0b0c0d0e0f', person: 'Марфа Борецкая, passport 1234', code: 'ffeeddccbbaa99887766554433221100' }],
  ['nomination_file', { id: 'mayor-c-00042', contest: 'contest-7', nominee: 'c-00042' }],
  ['nomination_sign', { id: 'mayor-c-00042' }],
  ['candidacy_file', { contest: 'contest-7', nomination: 'mayor-c-00042', promises: ['Мосты до весны.\n', 'Open accounts, monthly.\n'] }],
  ['meeting_vote', { meeting: 'works-meeting-3', choice: 'no' }],
  ['office_vote', { contest: 'contest-7', choice: 'c-00042' }],
  ['rating_set', { office: 'mayor-novgorod', rating: 'disapprove' }],
  ['recall_sign', { office: 'minister-of-justice' }],
  ['recall_vote', { office: 'mayor-pskov', recall: true }],
  ['acting_accept', { office: 'mayor-pskov' }],
];
const out = fields.map(([kind, f], i) => {
  const v = { kind, seed_label: `veche-test-vector/${i}`, author_time: String(1795000000000000 + i), fields: f };
  const key = records.keyFromSeed(seedOf(records, v));
  const payload = payloadOf(records, v, key);
  const r = records.sign(kindNumber[kind], payload, key, BigInt(v.author_time));
  return { ...v, payload: hex(payload), log: hex(log), record: hex(r.bytes), record_id: hex(r.id) };
});
const path = new URL('../../tests/data/records/vectors.json', import.meta.url).pathname;
const ours = new Set(fields.map(([kind]) => kind));
const kept = JSON.parse(readFileSync(path, 'utf8')).filter((v) => !ours.has(v.kind));
out.push(...kept);
writeFileSync(path, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.length} vectors to ${path}`);
