// SPDX-License-Identifier: AGPL-3.0-or-later
// Legislation: measures (live tallies as bars, budgets, amendment diffs, the roll call, the vote
// box), laws in force with their versions, and citizens' initiatives (signing, filing).
import { h, show, status, field, fmtDate, fmtNumber } from '../lib/dom.js';
import { api, apiText } from '../lib/api.js';
import { session, kiosk, records } from '../lib/session.js';
import { signAndSubmit } from '../lib/receipts.js';
import { Kind } from '../lib/records.js';
import { lineDiff } from '../lib/diff.js';
import { t } from '../i18n/index.js';
import { badge, needKey } from './shared.js';

function tallyChart(count, electorate) {
  const total = count.yes + count.no + count.abstain;
  const row = (name, n) => {
    const pct = total ? Math.round((1000 * n) / total) / 10 : 0;
    return h(
      'div',
      { class: `bar-row ${name}` },
      h('span', { class: 'bar-label' }, t(name)),
      h('span', { class: 'bar', role: 'img', 'aria-label': `${t(name)}: ${n} (${pct}%)` }, h('span', { class: 'fill', style: { width: `${pct}%` } })),
      h('span', { class: 'bar-value' }, `${fmtNumber(n)} · ${pct}%`),
    );
  };
  return h(
    'div',
    { class: 'chart' },
    row('yes', count.yes),
    row('no', count.no),
    row('abstain', count.abstain),
    electorate !== undefined
      ? h('p', { class: 'muted' }, t('voted', { n: fmtNumber(total), p: electorate ? Math.round((1000 * total) / electorate) / 10 : 0 }), ' · ', t('electorate', { n: fmtNumber(electorate) }))
      : null,
  );
}
const measureStatus = (m) =>
  m.status === 'decided' && m.outcome ? badge(t(`outcome_${m.outcome}`), m.outcome) : badge(t(`status_${m.status}`), m.status);
export function measureItem(m) {
  return h(
    'li',
    { class: 'card' },
    h('a', { href: `#/measures/${m.id}` }, m.title),
    ' ',
    badge(t(`kind_${m.kind}`)),
    ' ',
    measureStatus(m),
    h('div', { class: 'muted' }, m.territory, m.voters !== undefined ? ` · ${t('voters_n', { n: fmtNumber(m.voters) })}` : ''),
  );
}

// ---------- measures ----------

export async function viewMeasures() {
  const list = await api('measures?limit=1000');
  show(h('h1', {}, t('nav_measures')), h('ul', { class: 'cards' }, list.measures.map(measureItem)));
}

let refreshTimer = null;
// Stops the live tally of a measure's page (the router calls it on every route).
export function stopMeasureRefresh() {
  clearInterval(refreshTimer);
}

export async function viewMeasure(id) {
  const m = await api(`measures/${encodeURIComponent(id)}`);
  const parts = [h('h1', {}, m.title), h('p', {}, badge(t(`kind_${m.kind}`)), ' ', measureStatus(m), ' ', h('a', { href: `#/territories/${m.territory}` }, m.territory))];
  if (m.session && m.status === 'voting') parts.push(h('p', { class: 'muted' }, t('closes', { date: fmtDate(m.session.closes_at) })));

  const tally = measureTally();
  tally.render(m);
  if (m.status === 'voting') parts.push(voteBox(m));
  parts.push(tally.node);

  if (m.kind === 'budget') parts.push(...budgetTables(m));
  parts.push(...(await measureText(m)));
  parts.push(rollCall(m.id));
  show(...parts);

  clearInterval(refreshTimer);
  if (m.status === 'voting' && !kiosk) {
    refreshTimer = setInterval(async () => {
      if (!location.hash.startsWith(`#/measures/${id}`)) return clearInterval(refreshTimer);
      try {
        tally.render(await api(`measures/${encodeURIComponent(id)}`));
      } catch {
        /* the next poll tries again */
      }
    }, 3000);
  }
}

// The tally (or, once decided, the result) of a measure: its section, and render(measure) to fill
// it again from a fresher copy.
function measureTally() {
  const node = h('section', { 'aria-live': 'polite' });
  const render = (x) => {
    const count = x.result ? x.result.binding : x.tally?.binding;
    if (!count) return node.replaceChildren();
    const electorate = x.result ? x.result.electorate : x.tally.electorate;
    const members = x.tally?.members || [];
    node.replaceChildren(...[
      h('h2', {}, x.result ? t('result') : t('tally')),
      x.result ? h('p', {}, measureStatus({ status: 'decided', outcome: x.result.outcome })) : null,
      tallyChart(count, electorate),
      members.length
        ? h('details', {}, h('summary', {}, t('members')), members.map((mm) => h('div', {}, h('h3', {}, mm.territory), tallyChart(mm))))
        : null,
      (x.result?.consultative || x.tally?.consultative) ? h('details', {}, h('summary', {}, t('consultative')), tallyChart(x.result ? x.result.consultative : x.tally.consultative)) : null,
    ].filter(Boolean));
  };
  return { node, render };
}

function budgetTables(m) {
  const lines = (rows) => h('table', {}, h('tbody', {}, rows.map((r) => h('tr', {}, h('td', {}, r.label), h('td', { class: 'num' }, fmtNumber(r.amount))))));
  return [h('h2', {}, t('budget_income')), lines(m.income), h('h2', {}, t('budget_expenditure')), lines(m.expenditure), h('p', {}, t('budget_deficit', { n: fmtNumber(m.deficit) }))];
}

// A measure's text: an amendment as the changes to the text it amends, anything else as it stands.
async function measureText(m) {
  if (m.kind === 'amendment') {
    const [before, after] = await Promise.all([apiText(`texts/${m.base}`), apiText(`texts/${m.text}`)]);
    return [
      h('h2', {}, t('changes')),
      h('pre', { class: 'diff' }, lineDiff(before, after).map((d) => h(d.op === '+' ? 'ins' : d.op === '-' ? 'del' : 'span', {}, `${d.op} ${d.line}\n`))),
    ];
  }
  if (m.text) return [h('h2', {}, t('text')), h('pre', { class: 'text' }, await apiText(`texts/${m.text}`))];
  return [];
}

function voteBox(m, onDone) {
  const box = h('section', { class: 'vote' }, h('h2', {}, t('your_vote')));
  if (!session.key) {
    box.append(needKey());
    return box;
  }
  const out = h('p', { role: 'status' });
  const choose = (choice) => async () => {
    status(out, t('working'));
    try {
      const { receipt } = await signAndSubmit(Kind.vote, records.votePayload(m.id, choice), `${t('your_vote')}: ${m.title} — ${t(choice)}`);
      status(out, t('vote_cast', { choice: t(choice), index: receipt.index }), 'ok');
      if (onDone) onDone(choice, receipt);
    } catch (e) {
      status(out, t('error', { message: e.message }), 'error');
    }
  };
  box.append(
    h('p', {}, t('vote_as', { id: session.citizen })),
    h('div', { class: 'choices' }, ['yes', 'no', 'abstain'].map((c) => h('button', { class: `choice ${c}`, onclick: choose(c) }, t(c)))),
    h('p', { class: 'muted' }, t('vote_change'), ' ', t('home_kiosk_note')),
    out,
  );
  return box;
}

function rollCall(id) {
  const list = h('ol', { class: 'roll' });
  const more = h('button', { class: 'secondary' }, t('show_more'));
  let after = '';
  const load = async () => {
    const page = await api(`measures/${encodeURIComponent(id)}/votes?limit=50${after ? '&after=' + after : ''}`);
    list.append(...page.votes.map((v) => h('li', {}, `${v.citizen}: ${t(v.vote)}`)));
    after = page.next_after || '';
    more.hidden = !after;
  };
  more.addEventListener('click', load);
  const details = h('details', {}, h('summary', {}, t('roll_call')), list, more);
  details.addEventListener('toggle', () => details.open && !list.childElementCount && load());
  return details;
}

// ---------- laws ----------

export async function viewLaws() {
  const list = await api('laws?limit=1000');
  show(h('h1', {}, t('nav_laws')), h('ul', { class: 'cards' }, list.laws.map((l) => h('li', { class: 'card' }, h('a', { href: `#/laws/${l.id}` }, l.title), h('div', { class: 'muted' }, `${l.territory} · ${t('versions')}: ${l.versions}`)))));
}

export async function viewLaw(id) {
  const law = await api(`laws/${encodeURIComponent(id)}`);
  const text = await apiText(`laws/${encodeURIComponent(id)}/text`);
  show(
    h('h1', {}, law.title),
    h('p', { class: 'muted' }, h('a', { href: `#/territories/${law.territory}` }, law.territory)),
    h('pre', { class: 'text' }, text),
    h('h2', {}, t('versions')),
    h('ol', {}, law.versions.map((v, i) => h('li', {}, t('version_n', { n: i + 1 }), ': ', h('a', { href: `#/measures/${v.measure}` }, v.measure), ` · ${fmtDate(v.adopted_at)}`))),
  );
}

// ---------- initiatives ----------

export async function viewInitiatives() {
  const list = await api('initiatives?limit=1000');
  show(
    h('h1', {}, t('nav_initiatives')),
    h('p', {}, h('a', { href: '#/initiatives-new', class: 'button' }, t('file_initiative'))),
    h('ul', { class: 'cards' }, list.initiatives.map((i) => h('li', { class: 'card' }, h('a', { href: `#/initiatives/${i.id}` }, i.title), h('div', { class: 'muted' }, t('signatures', { n: fmtNumber(i.signatures), need: fmtNumber(i.threshold) }))))),
  );
}

export async function viewInitiative(id) {
  const i = await api(`initiatives/${encodeURIComponent(id)}`);
  const out = h('p', { role: 'status' });
  const progress = h('progress', { max: i.threshold, value: Math.min(i.signatures, i.threshold), 'aria-label': t('signatures', { n: i.signatures, need: i.threshold }) });
  show(
    h('h1', {}, i.title),
    h('p', {}, badge(t(`kind_${i.kind}`)), ' ', h('a', { href: `#/territories/${i.territory}` }, i.territory)),
    h('p', {}, progress, ' ', t('signatures', { n: fmtNumber(i.signatures), need: fmtNumber(i.threshold) })),
    i.qualified ? h('p', { class: 'ok' }, t('qualified'), ' ', h('a', { href: `#/measures/${i.id}` }, i.id)) : null,
    !i.qualified && session.key ? signButton(i, out) : !i.qualified ? needKey() : null,
    out,
    i.text ? [h('h2', {}, t('text')), h('pre', { class: 'text' }, await apiText(`texts/${i.text}`))] : null,
  );
}

function signButton(i, out) {
  return h('button', {
    onclick: async () => {
      status(out, t('working'));
      try {
        const { receipt } = await signAndSubmit(Kind.initiativeSign, records.initiativeSignPayload(i.id), `${t('sign')}: ${i.title}`);
        status(out, t('signed', { index: receipt.index }), 'ok');
      } catch (e) {
        status(out, t('error', { message: e.message }), 'error');
      }
    },
  }, t('sign'));
}

export function viewFileInitiative() {
  if (!session.key) return show(h('h1', {}, t('file_initiative')), needKey());
  const id = h('input', { required: true, pattern: '[a-z0-9][a-z0-9-]*', autocomplete: 'off' });
  const title = h('input', { required: true });
  const territory = h('input', { required: true, value: 'union' });
  const text = h('textarea', { required: true, rows: 12 });
  const out = h('p', { role: 'status' });
  const form = h('form', {}, field(t('id'), id), field(t('title'), title), field(t('territory'), territory), field(t('law_text'), text), h('button', { type: 'submit' }, t('file')), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status(out, t('working'));
    try {
      // The text is published first (by its hash), then the initiative names it.
      await signAndSubmit(Kind.text, records.textPayload(text.value), `${t('text')}: ${title.value}`);
      const { receipt } = await signAndSubmit(
        Kind.initiativeFile,
        records.lawInitiativePayload(id.value, territory.value, title.value, records.textHash(text.value)),
        `${t('file_initiative')}: ${title.value}`,
      );
      status(out, t('filed', { index: receipt.index }), 'ok');
    } catch (err) {
      status(out, t('error', { message: err.message }), 'error');
    }
  });
  show(h('h1', {}, t('file_initiative')), form);
}
