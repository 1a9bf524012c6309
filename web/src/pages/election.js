// SPDX-License-Identifier: AGPL-3.0-or-later
// Secret-ballot elections (docs/formats/election.md): the list, and an election's page: status and
// turnout, the result as bars, the options, the trustees, the public ballot list with a search by
// citizen, and the ballot box (ballot-box.js) while voting is open.
import { h, show, status, field, fmtDate, fmtNumber } from '../lib/dom.js';
import { api, listAll } from '../lib/api.js';
import { session } from '../lib/session.js';
import { t } from '../i18n/index.js';
import { badge } from './shared.js';
import { ballotBox } from './ballot-box.js';

const electionStatus = (e) => badge(t(`status_${e.status}`), e.status);
function electionDates(e) {
  if (e.status === 'keygen' || e.status === 'failed') return t('opens', { date: fmtDate(e.opens_at) });
  if (e.status === 'voting') return t('closes', { date: fmtDate(e.closes_at) });
  return t('closed_on', { date: fmtDate(e.closes_at) });
}
export function electionItem(e) {
  return h(
    'li',
    { class: 'card' },
    h('a', { href: `#/elections/${e.id}` }, e.title),
    ' ',
    electionStatus(e),
    h('div', { class: 'muted' }, `${e.territory} · ${electionDates(e)} · ${t('voters_n', { n: fmtNumber(e.voters) })}`),
  );
}

export async function viewElections() {
  const list = await listAll('elections', 'elections');
  show(
    h('h1', {}, t('nav_elections')),
    h('p', {}, t('elections_intro')),
    list.length ? h('ul', { class: 'cards' }, list.map(electionItem)) : h('p', {}, t('no_elections')),
  );
}

// The result as bars: each option's count and its share of the ballots counted (with a limit
// above 1 the shares may add up to more than 100%).
export function optionsChart(options, counts, ballots) {
  return h(
    'div',
    { class: 'chart options' },
    options.map((name, i) => {
      const n = Number(counts[i] ?? 0);
      const pct = ballots ? Math.round((1000 * n) / ballots) / 10 : 0;
      return h(
        'div',
        { class: 'bar-row option' },
        h('span', { class: 'bar-label' }, name),
        h('span', { class: 'bar', role: 'img', 'aria-label': `${name}: ${n} (${pct}%)` }, h('span', { class: 'fill', style: { width: `${Math.min(pct, 100)}%` } })),
        h('span', { class: 'bar-value' }, `${fmtNumber(n)} · ${pct}%`),
      );
    }),
    h('p', { class: 'muted' }, t('result_of_ballots', { n: fmtNumber(ballots) })),
  );
}

function trusteeTable(e) {
  const yesNo = (b) => (b ? t('cell_yes') : t('cell_no'));
  return h(
    'section',
    {},
    h('h2', {}, t('trustees')),
    h('p', {}, t('trustees_threshold', { k: e.threshold, n: e.trustees.length })),
    h(
      'table',
      { class: 'trustees' },
      h('thead', {}, h('tr', {}, ['col_trustee', 'col_key', 'col_committed', 'col_revealed', 'col_decrypted'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, e.trustees.map((tr) => h(
        'tr',
        {},
        h('th', { scope: 'row' }, t('trustee_n', { n: tr.index }), tr.disqualified ? [' ', badge(t('disqualified'), 'rejected')] : null),
        h('td', {}, h('code', { title: tr.key }, `${tr.key.slice(0, 16)}…`)),
        h('td', {}, yesNo(tr.committed)),
        h('td', {}, yesNo(tr.revealed)),
        h('td', {}, yesNo(tr.decrypted)),
      ))),
    ),
  );
}

// The trustees whose shares gave the result: bit i-1 is trustee i.
const trusteesOfMask = (mask) => Array.from({ length: 16 }, (_, i) => i + 1).filter((i) => (mask >> (i - 1)) & 1);

// A citizen's entry in an election's ballot list (keyed by citizen id, in byte order), or null.
async function findBallot(electionId, citizen) {
  let after = citizen.slice(0, -1); // every id that sorts between this and `citizen` starts with it
  for (;;) {
    const page = await api(`elections/${encodeURIComponent(electionId)}/ballots?limit=100${after ? '&after=' + encodeURIComponent(after) : ''}`);
    for (const b of page.ballots) {
      if (b.citizen === citizen) return b;
      if (b.citizen > citizen) return null;
    }
    if (!page.next_after) return null;
    after = page.next_after;
  }
}

// The public list of ballots (citizen and tracking code), paged, and a search by citizen id.
function ballotList(e) {
  const tbody = h('tbody');
  const table = h('table', { class: 'ballots' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col_citizen')), h('th', { scope: 'col' }, t('tracking_code')))), tbody);
  const empty = h('p', { class: 'muted' }, t('no_ballots'));
  const more = h('button', { type: 'button', class: 'secondary' }, t('show_more'));
  let after = '';
  const load = async (reset) => {
    if (reset) after = '';
    const page = await api(`elections/${encodeURIComponent(e.id)}/ballots?limit=50${after ? '&after=' + encodeURIComponent(after) : ''}`);
    const rows = page.ballots.map((b) => h('tr', {}, h('td', {}, b.citizen), h('td', {}, h('code', { class: 'tracker' }, b.tracker))));
    if (reset) tbody.replaceChildren(...rows);
    else tbody.append(...rows);
    after = page.next_after || '';
    more.hidden = !after;
    table.hidden = !tbody.childElementCount;
    empty.hidden = !table.hidden;
  };
  more.addEventListener('click', () => load(false).catch((err) => status(found, t('error', { message: err.message }), 'error')));

  const who = h('input', { autocomplete: 'off', spellcheck: 'false', value: session.citizen || '' });
  const found = h('p', { role: 'status', 'data-testid': 'found-ballot' });
  const find = async () => {
    const citizen = who.value.trim();
    if (!citizen) return;
    status(found, t('working'));
    try {
      const b = await findBallot(e.id, citizen);
      if (b) status(found, t('ballot_found', { id: citizen, code: b.tracker }), 'ok');
      else status(found, t('ballot_not_found', { id: citizen }), 'info');
    } catch (err) {
      status(found, t('error', { message: err.message }), 'error');
    }
  };
  const form = h('form', { class: 'inline', role: 'search' }, field(t('citizen_id'), who), h('button', { type: 'submit' }, t('find')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    find();
  });
  const node = h(
    'section',
    {},
    h('h2', {}, t('ballots')),
    h('p', {}, t('ballots_help')),
    h('h3', {}, t('find_ballot')),
    form,
    found,
    table,
    empty,
    more,
  );
  return { node, load, find };
}

export async function viewElection(id) {
  const e = await api(`elections/${encodeURIComponent(id)}`);
  const turnout = h('p', { class: 'muted', 'aria-live': 'polite' });
  const renderTurnout = (x) =>
    turnout.replaceChildren(t('voted', { n: fmtNumber(x.voters), p: x.electorate ? Math.round((1000 * x.voters) / x.electorate) / 10 : 0 }), ' · ', t('electorate', { n: fmtNumber(x.electorate) }));
  renderTurnout(e);
  const ballots = ballotList(e);
  const parts = [
    h('h1', {}, e.title),
    h('p', {}, electionStatus(e), ' ', h('a', { href: `#/territories/${e.territory}` }, e.territory), ' · ', electionDates(e)),
    turnout,
    ...electionProgress(e),
  ];
  const voting = e.status === 'voting' && e.key;
  if (!(voting && session.key) && !(e.status === 'decided' && e.result)) {
    parts.push(h('section', {}, h('h2', {}, t('options')), h('ol', {}, e.options.map((o) => h('li', {}, o)))));
  }
  parts.push(h('p', {}, e.limit === 1 ? t('limit_one') : t('limit_n', { n: e.limit })));
  // An office's election (its contest's): each candidate's record, the official's portrait.
  const candidates = e.id.startsWith('contest-') ? e.options.filter((o) => o !== 'yes' && o !== 'no') : [];
  if (candidates.length) {
    parts.push(h('p', {}, t('candidates_records'), ' ',
      ...candidates.flatMap((o, i) => [i ? ', ' : '', h('a', { href: `#/officials/${encodeURIComponent(o)}` }, t('candidate_record', { id: o }))])));
  }
  if (voting) {
    parts.push(ballotBox(e, async () => {
      try {
        renderTurnout(await api(`elections/${encodeURIComponent(id)}`));
        await ballots.load(true);
        await ballots.find();
      } catch {
        /* the lists refresh on the next visit */
      }
    }));
  }
  parts.push(trusteeTable(e), ballots.node, electionData(e));
  await ballots.load(true);
  show(...parts);
}

// Where the election stands, as notices (keys being made, failed, counting), or its result.
function electionProgress(e) {
  const parts = [];
  if (e.status === 'keygen') parts.push(h('p', { class: 'notice' }, t('keygen_note', { date: fmtDate(e.opens_at) })));
  if (e.status === 'failed') {
    const qualified = e.trustees.filter((tr) => tr.revealed && !tr.disqualified).length;
    parts.push(h('p', { class: 'notice' }, t('failed_note', { q: qualified, k: e.threshold })));
  }
  if (e.status === 'counting') {
    parts.push(h('p', { class: 'notice' }, t('counting_note', { d: e.trustees.filter((tr) => tr.decrypted).length, k: e.threshold })));
  }
  if (e.status === 'decided' && e.result) {
    parts.push(h('section', {}, h('h2', {}, t('result')), optionsChart(e.options, e.result.counts, e.voters), e.result.trustees ? h('p', { class: 'muted' }, t('decrypted_by', { list: trusteesOfMask(e.result.trustees).join(', ') })) : null));
  }
  return parts;
}

// The election's hash and joint key, for those who check ballots elsewhere.
function electionData(e) {
  return h('details', {}, h('summary', {}, t('election_data')), h('dl', { class: 'charter' },
    h('dt', {}, t('election_hash')), h('dd', {}, h('code', { class: 'tracker' }, e.election_hash)),
    e.key ? [h('dt', {}, t('joint_key')), h('dd', {}, h('code', { class: 'tracker' }, e.key))] : null));
}
