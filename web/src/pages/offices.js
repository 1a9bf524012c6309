// SPDX-License-Identifier: AGPL-3.0-or-later
// Offices (docs/formats/offices.md): the offices of the union by territory with their holders; an
// office with its holder, its term and the history of holders; its running contest with the
// candidates, their promises and certificates, the nominations (by signatures, or by a
// collective's meeting) and the rounds' results as bars; a collective with its confirmed members,
// its requests to join, its offices and its meetings. A citizen with an unlocked key signs a
// nomination, nominates someone, stands with a promise checklist once nominated (each line a
// promise, published as a text first, frozen from then on), votes in an open contest's roll call,
// and votes in their collective's meetings (on a nomination or on one of its posts), in the open.
import { h, show, status, field, fmtDate, fmtNumber } from '../lib/dom.js';
import { api, apiText, listAll } from '../lib/api.js';
import { session, records } from '../lib/session.js';
import { signAndSubmit } from '../lib/receipts.js';
import { Kind } from '../lib/records.js';
import { hex } from '../lib/encoding.js';
import { t } from '../i18n/index.js';
import { badge, needKey } from './shared.js';
import { optionsChart } from './election.js';
import { approvalParts, payParts, ministryParts } from './accountability.js';

const enc = encodeURIComponent;

function holderLine(o) {
  if (!o.holder) return h('span', { class: 'muted' }, t('office_vacant'));
  return h('span', {}, t('office_held_by', { id: o.holder, until: fmtDate(o.term_until) }));
}

function officeItem(o) {
  return h(
    'li',
    { class: 'card' },
    h('a', { href: `#/offices/${o.id}` }, o.title),
    ' ',
    o.contest ? badge(t('office_contest_running'), 'open') : null,
    h('p', { class: 'muted' }, holderLine(o)),
  );
}

export async function viewOffices() {
  const offices = (await listAll('offices', 'offices')).filter((o) => !o.abolished);
  const byTerritory = new Map();
  for (const o of offices) {
    if (!byTerritory.has(o.territory)) byTerritory.set(o.territory, []);
    byTerritory.get(o.territory).push(o);
  }
  show(
    h('h1', {}, t('nav_offices')),
    h('p', {}, t('offices_intro')),
    offices.length ? null : h('p', {}, t('no_offices')),
    ...[...byTerritory].flatMap(([territory, list]) => [
      h('h2', {}, h('a', { href: `#/territories/${territory}` }, territory)),
      h('ul', { class: 'cards' }, list.map(officeItem)),
    ]),
  );
}

function tenureTable(tenures) {
  const row = (x) =>
    h('tr', {}, h('td', {}, x.citizen), h('td', {}, fmtDate(x.from)), h('td', {}, x.ended ? fmtDate(x.ended_at) : fmtDate(x.until)),
      h('td', {}, x.ended ? t(`tenure_${x.ended}`) : t('tenure_holding')), h('td', {}, h('a', { href: `#/contests/${x.contest}` }, x.contest)));
  return h('table', {}, h('caption', {}, t('office_history')),
    h('thead', {}, h('tr', {}, ...['tenure_citizen', 'tenure_from', 'tenure_until', 'tenure_how', 'tenure_contest'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, tenures.map(row)));
}

export async function viewOffice(id) {
  const o = await api(`offices/${enc(id)}`);
  const parts = [
    h('h1', {}, o.title),
    h('p', { class: 'muted' }, h('a', { href: `#/territories/${o.territory}` }, o.territory), o.collective ? [' · ', h('a', { href: `#/collectives/${o.collective}` }, o.collective)] : '',
      ` · ${t('office_term', { n: o.term_years })}`, o.required_class ? ` · ${t('office_requires', { class: o.required_class })}` : ''),
    h('p', {}, holderLine(o), o.holder ? [' · ', h('a', { href: `#/officials/${o.holder}` }, t('official_link'))] : null),
  ];
  parts.push(...(await approvalParts(o, () => viewOffice(id))));
  if (!o.abolished) parts.push(...payParts(o), ...(await ministryParts(o)));
  if (o.tenures.length) parts.push(tenureTable(o.tenures));
  if (o.current_contest) parts.push(...(await contestParts(o, o.current_contest)));
  else if (o.contests.length) parts.push(h('p', {}, h('a', { href: `#/contests/${o.contests[o.contests.length - 1]}` }, t('contest_last'))));
  show(...parts);
}

export async function viewContest(id) {
  const c = await api(`contests/${enc(id)}`);
  const o = await api(`offices/${enc(c.office)}`);
  show(h('p', {}, h('a', { href: `#/offices/${o.id}` }, o.title)), ...(await contestParts(o, c)));
}

async function promiseList(hashes) {
  const texts = await Promise.all(hashes.map((hash) => apiText(`texts/${hash}`).catch(() => hash)));
  return h('ol', { class: 'promises' }, texts.map((text) => h('li', {}, text)));
}

async function candidateCard(c) {
  return h('li', { class: 'card' }, h('strong', {}, c.citizen), ' ',
    h('a', { href: `#/officials/${c.citizen}` }, t('candidate_record', { id: c.citizen })), ' ',
    c.certificates.length ? badge(t('candidate_certified', { ids: c.certificates.join(', ') }), 'ok') : null,
    h('p', { class: 'muted' }, t('candidate_filed', { date: fmtDate(c.filed_at), nomination: c.nomination })),
    c.promises.length ? await promiseList(c.promises) : h('p', { class: 'muted' }, t('candidate_no_promises')));
}

function roundTitle(c, i, rounds) {
  return c.confirmation && i === rounds - 1 ? t('contest_confirmation') : t('contest_round', { n: i + 1 });
}

async function roundResults(c) {
  const out = [];
  for (const [i, id] of c.elections.entries()) {
    const e = await api(`elections/${enc(id)}`);
    out.push(h('h3', {}, h('a', { href: `#/elections/${id}` }, roundTitle(c, i, c.elections.length))), e.result ? optionsChart(e.options, e.result.counts, e.voters) : h('p', { class: 'muted' }, t(`status_${e.status}`)));
  }
  return out;
}

// A contest held in the open (charter open_elections): each roll-call round's counts as bars and,
// while the last round is open, a button per option; a later vote replaces the earlier.
function openRounds(o, c, out) {
  if (!c.open) return [];
  return c.open_rounds.flatMap((r, i) => {
    const total = r.counts.reduce((sum, n) => sum + n, 0);
    const current = i === c.open_rounds.length - 1 && c.stage === 'voting';
    const mine = r.votes.find((v) => v.citizen === session.citizen);
    const vote = (option) => h('button', {
      class: 'secondary',
      onclick: async () => { if (await run(out, Kind.officeVote, records.officeVotePayload(c.id, option), t('office_voted'))) viewOffice(o.id); },
    }, t('contest_vote_for', { option }));
    const voting = session.key ? h('p', { class: 'office-vote' }, ...r.options.flatMap((option) => [vote(option), ' '])) : needKey();
    return [
      h('h3', {}, roundTitle(c, i, c.open_rounds.length), ' ', badge(t('contest_roll_call'), current ? 'open' : '')),
      current ? h('p', { class: 'muted' }, t('meeting_open_until', { date: fmtDate(c.voting_closes_at) })) : null,
      optionsChart(r.options, r.counts, total),
      mine ? h('p', { class: 'muted' }, t('contest_your_vote', { choice: mine.choice })) : null,
      current ? voting : null,
    ];
  });
}

async function contestParts(o, c) {
  const out = h('p', { role: 'status' });
  const parts = [
    h('h2', {}, t('contest_title', { id: c.id })),
    h('p', {}, badge(t(`stage_${c.stage}`), c.stage === 'nominating' ? 'open' : ''), ' ',
      c.stage === 'nominating' ? t('contest_nominations_close', { date: fmtDate(c.nominations_close_at), n: fmtNumber(c.signatures_needed) }) : c.outcome),
    c.winner ? h('p', { class: 'ok' }, t('contest_winner', { id: c.winner })) : null,
    h('h3', {}, t('contest_candidates')),
    c.candidacies.length ? h('ul', { class: 'cards' }, await Promise.all(c.candidacies.map(candidateCard))) : h('p', { class: 'muted' }, t('contest_no_candidates')),
    ...(await roundResults(c)),
    ...openRounds(o, c, out),
    h('h3', {}, t('contest_nominations')),
    c.nominations.length ? h('ul', {}, c.nominations.map((n) => nominationItem(c, n, out))) : h('p', { class: 'muted' }, '—'),
    ...(await meetingParts(`meetings?contest=${enc(c.id)}`, out)),
  ];
  if (c.stage === 'nominating') parts.push(session.key ? actions(o, c, out) : needKey());
  parts.push(out);
  return parts;
}

function nominationItem(c, n, out) {
  const progress = h('progress', { max: c.signatures_needed, value: Math.min(n.signatures, c.signatures_needed), 'aria-label': t('nomination_signatures', { id: n.nominee, n: n.signatures, need: c.signatures_needed }) });
  const sign = c.stage === 'nominating' && session.key
    ? h('button', { class: 'secondary', onclick: () => run(out, Kind.nominationSign, records.nominationSignPayload(n.id), t('nomination_signed')) }, t('nomination_sign', { id: n.nominee }))
    : null;
  if (n.collective) {
    return h('li', {}, `${n.nominee} `, badge(t('nomination_by_meeting', { collective: n.collective }), 'ok'));
  }
  return h('li', {}, `${n.nominee} `, progress, ` ${t('signatures', { n: fmtNumber(n.signatures), need: fmtNumber(c.signatures_needed) })} `, n.qualified ? badge(t('nomination_qualified'), 'ok') : null, ' ', sign);
}

async function run(out, kind, payload, done) {
  status(out, t('working'));
  try {
    const { receipt } = await signAndSubmit(kind, payload, done);
    status(out, t('office_done', { what: done, index: receipt.index }), 'ok');
    return true;
  } catch (e) {
    status(out, t('error', { message: e.message }), 'error');
    return false;
  }
}

// Nominate someone (one's own signature counting) and, for a nominee, stand.
function actions(o, c, out) {
  const nominee = h('input', { required: true, autocomplete: 'off', value: session.citizen || '' });
  const nominate = h('form', {}, h('h3', {}, t('nominate_title')), field(t('nominate_nominee'), nominee), h('button', { type: 'submit' }, t('nominate')));
  nominate.addEventListener('submit', async (e) => {
    e.preventDefault();
    const who = nominee.value.trim();
    if (await run(out, Kind.nominationFile, records.nominationFilePayload(`${o.id}-${who}`, c.id, who), t('nominated', { id: who }))) viewOffice(o.id);
  });
  const mine = c.nominations.find((n) => n.nominee === session.citizen);
  const standing = c.candidacies.some((k) => k.citizen === session.citizen);
  if (!mine || standing) return h('div', {}, nominate, standing ? h('p', { class: 'ok' }, t('candidacy_filed')) : null);
  const promises = h('textarea', { rows: 5 });
  const stand = h('form', {}, h('h3', {}, t('stand_title')), h('p', {}, t('stand_intro')), field(t('stand_promises'), promises), h('button', { type: 'submit' }, t('stand')));
  stand.addEventListener('submit', async (e) => {
    e.preventDefault();
    const lines = promises.value.split('\n').map((l) => l.trim()).filter(Boolean);
    status(out, t('working'));
    try {
      for (const line of lines) {
        const text = `${line}\n`;
        const published = await apiText(`texts/${hex(records.textHash(text))}`).then(() => true, () => false);
        if (!published) await signAndSubmit(Kind.text, records.textPayload(text), `${t('text')}: ${line}`);
      }
      const hashes = lines.map((line) => records.textHash(`${line}\n`));
      await signAndSubmit(Kind.candidacyFile, records.candidacyFilePayload(c.id, mine.id, hashes), t('candidacy_filed'));
      viewOffice(o.id);
    } catch (err) {
      status(out, t('error', { message: err.message }), 'error');
    }
  });
  return h('div', {}, nominate, stand);
}

// ---------- collectives and their meetings ----------

function meetingCard(m, out) {
  const total = m.yes + m.no + m.abstain;
  const shares = optionsChart([t('choice_yes'), t('choice_no'), t('choice_abstain')], [m.yes, m.no, m.abstain], total);
  const vote = (choice) => h('button', { class: 'secondary', onclick: () => run(out, Kind.meetingVote, records.meetingVotePayload(m.id, choice), t('meeting_voted')) }, t(`meeting_vote_${choice}`));
  const motion = m.subject === 'office' ? t(`meeting_motion_${m.action}`, m) : t('meeting_motion', m);
  const lapsed = m.closed && m.outcome === 'adopted' && !m.took_effect;
  return h('li', { class: 'card' },
    h('strong', {}, motion), ' ',
    m.closed ? badge(t(`outcome_${m.outcome}`), m.outcome === 'adopted' ? 'ok' : '') : badge(t('meeting_open_until', { date: fmtDate(m.closes_at) }), 'open'),
    lapsed ? [' ', badge(t('meeting_lapsed'))] : null,
    h('p', { class: 'muted' }, t('meeting_turnout', { n: fmtNumber(total), of: fmtNumber(m.electorate) })),
    shares,
    !m.closed && session.key ? h('p', {}, vote('yes'), ' ', vote('no'), ' ', vote('abstain')) : null);
}

async function meetingParts(path, out) {
  const { meetings } = await api(path);
  if (!meetings.length) return [];
  return [h('h3', {}, t('meetings')), h('ul', { class: 'cards' }, meetings.map((m) => meetingCard(m, out)))];
}

export async function viewCollective(id) {
  const [c, offices] = await Promise.all([api(`collectives/${enc(id)}`), api(`offices?collective=${enc(id)}&limit=1000`)]);
  const out = h('p', { role: 'status' });
  show(
    h('h1', {}, c.name),
    h('p', { class: 'muted' }, h('a', { href: `#/territories/${c.territory}` }, c.territory), c.dissolved ? ` · ${t('dissolved')}` : ''),
    h('h2', {}, t('collective_members', { n: fmtNumber(c.members.length) })),
    c.members.length ? h('p', {}, c.members.join(', ')) : h('p', { class: 'muted' }, '—'),
    c.requests.length ? [h('h2', {}, t('collective_requests')), h('p', {}, c.requests.join(', '))] : null,
    h('h2', {}, t('nav_offices')),
    offices.offices.length ? h('ul', { class: 'cards' }, offices.offices.map(officeItem)) : h('p', { class: 'muted' }, '—'),
    ...(await meetingParts(`meetings?collective=${enc(id)}`, out)),
    out,
  );
}
