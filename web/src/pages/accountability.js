// SPDX-License-Identifier: AGPL-3.0-or-later
// Accountability on an office's page (docs/formats/accountability.md): the holder's approval now
// and as a line over the closed days, a suspension with who acts and when the grace period ends,
// the holder's statements to the voters, the promises of their checklist with the reports on them,
// and for a citizen with an unlocked key the rating in one
// tap (approve, disapprove, withdraw), the signature on a petition to recall the holder and the
// vote in a recall, all signed in the browser; the office's pay against the cap the average
// worker's pay puts on it, and its open ministry: the budget lines it charges with what each has
// left, its decisions, reports and spending.
import { h, show, status, fmtDate, fmtNumber } from '../lib/dom.js';
import { api, apiText } from '../lib/api.js';
import { session, records } from '../lib/session.js';
import { signAndSubmit } from '../lib/receipts.js';
import { Kind } from '../lib/records.js';
import { t } from '../i18n/index.js';
import { badge, needKey } from './shared.js';

const SVG = 'http://www.w3.org/2000/svg';
const dayDate = (day) => fmtDate(day * 86_400_000_000);
const share = (approvals, raters) => (raters ? Math.round((1000 * approvals) / raters) / 10 : 0);

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

// The approval (per cent) of each snapshot as a line over the days, 0..100% on the vertical.
function approvalChart(history) {
  const width = 600;
  const height = 160;
  const first = history[0].day;
  const span = Math.max(1, history[history.length - 1].day - first);
  const x = (day) => 30 + ((width - 40) * (day - first)) / span;
  const y = (pct) => 10 + ((height - 30) * (100 - pct)) / 100;
  const points = history.map((s) => [x(s.day), y(share(s.approvals, s.approvals + s.disapprovals))]);
  if (points.length === 1) points.push([width - 10, points[0][1]]);  // one snapshot: a flat line
  const label = t('approval_chart', {
    points: history.map((s) => `${dayDate(s.day)} ${share(s.approvals, s.approvals + s.disapprovals)}%`).join(', '),
  });
  return svg('svg', { class: 'approval-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
    ...[0, 50, 100].map((pct) => svg('line', { x1: 30, x2: width - 10, y1: y(pct), y2: y(pct), class: 'grid' })),
    ...[0, 50, 100].map((pct) => svg('text', { x: 0, y: y(pct) + 4, class: 'axis' }, `${pct}%`)),
    svg('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'line' }),
    svg('text', { x: 30, y: height - 2, class: 'axis' }, dayDate(history[0].day)),
    history.length > 1 ? svg('text', { x: width - 10, y: height - 2, class: 'axis end' }, dayDate(history[history.length - 1].day)) : '');
}

// A button that signs and submits one record, then redraws the page (or says why it was refused).
function signButton(label, kind, payload, what, out, done, secondary = false) {
  return h('button', {
    class: secondary ? 'secondary' : '',
    onclick: async () => {
      status(out, t('working'));
      try {
        const { receipt } = await signAndSubmit(kind, payload, what);
        status(out, t('office_done', { what, index: receipt.index }), 'ok');
        done();
      } catch (e) {
        status(out, t('error', { message: e.message }), 'error');
      }
    },
  }, label);
}

function rateButtons(o, out, done) {
  const rate = (rating) => signButton(t(`rate_${rating}`), Kind.ratingSet, records.ratingSetPayload(o.id, rating), t('rated'), out, done, rating === 'withdrawn');
  return h('p', { class: 'rate' }, rate('approve'), ' ', rate('disapprove'), ' ', rate('withdrawn'));
}

// The latest petition to recall the holder: its signatures against the share it needs and a button
// to sign, or the recall vote with its counts and a button each way, or how it ended.
function recallParts(o, out, done) {
  const p = o.recall_petition && o.recall_petition.holder === o.holder ? o.recall_petition : null;
  const parts = [h('h3', {}, t('recall_title'))];
  const mine = session.key && session.citizen !== o.holder;
  if (p && p.stage === 'voting') {
    parts.push(h('p', {}, t('recall_voting', { until: fmtDate(p.vote_closes_at), recall: fmtNumber(p.recall), keep: fmtNumber(p.keep) })));
    if (mine) {
      parts.push(h('p', {}, signButton(t('recall_vote_recall'), Kind.recallVote, records.recallVotePayload(o.id, true), t('recall_voted'), out, done), ' ',
        signButton(t('recall_vote_keep'), Kind.recallVote, records.recallVotePayload(o.id, false), t('recall_voted'), out, done, true)));
    }
    return parts;
  }
  if (p && p.stage === 'closed') parts.push(h('p', { class: 'muted' }, t(`recall_outcome_${p.outcome}`, { recall: fmtNumber(p.recall), keep: fmtNumber(p.keep) })));
  const collecting = p && p.stage === 'collecting';
  parts.push(collecting
    ? h('p', {}, h('progress', { max: p.needed, value: p.signatures, 'aria-label': t('recall_signatures', { n: p.signatures, need: p.needed }) }), ' ', t('recall_signatures', { n: fmtNumber(p.signatures), need: fmtNumber(p.needed) }))
    : h('p', { class: 'muted' }, t('recall_none')));
  if (mine) parts.push(h('p', {}, signButton(t('recall_sign'), Kind.recallSign, records.recallSignPayload(o.id), t('recall_signed'), out, done, true)));
  return parts;
}

// The holder's checklist: each promise, what it came to, and its latest report with its evidence
// and how many citizens contest it.
async function promiseList(promises) {
  const text = (hash) => apiText(`texts/${hash}`).catch(() => hash);
  const items = await Promise.all(promises.map(async (p) => {
    const last = p.reports[p.reports.length - 1];
    return h('li', {}, await text(p.text), ' ', badge(t(`promise_${p.outcome}`), p.outcome === 'kept' ? 'ok' : p.outcome === 'open' ? 'open' : 'error'),
      last ? h('p', { class: 'muted' }, t('promise_report', { status: t(`promise_status_${last.status.replace("-", "_")}`), date: fmtDate(last.at), n: fmtNumber(last.contests) }), ' ', await text(last.evidence)) : null);
  }));
  return [h('h3', {}, t('promises_title')), h('ol', {}, items)];
}

async function statementList(hashes) {
  const texts = await Promise.all(hashes.map((hash) => apiText(`texts/${hash}`).catch(() => hash)));
  return [h('h3', {}, t('approval_statements')), h('ol', {}, texts.map((text) => h('li', {}, text)))];
}

// The approval section of office `o` (GET /offices/<id>); `done` redraws the page after a rating.
export async function approvalParts(o, done) {
  if (!o.holder) return [];
  const out = h('p', { role: 'status' });
  const a = o.approval;
  const parts = [h('h2', {}, t('approval_title'))];
  if (!a) {
    parts.push(h('p', { class: 'muted' }, t('approval_none')));
  } else {
    parts.push(h('p', {}, t('approval_summary', { share: share(a.approvals, a.raters), approvals: fmtNumber(a.approvals), raters: fmtNumber(a.raters), disapprovals: fmtNumber(a.disapprovals) })));
    if (a.suspended) {
      parts.push(h('p', { class: 'warning' }, badge(t('approval_suspended_badge'), 'error'), ' ',
        t('approval_suspended', { since: dayDate(a.suspended_day), acting: a.acting || t('approval_nobody'), until: dayDate(a.grace_until_day) })));
      if (a.acting && !a.acting_accepted) {
        parts.push(h('p', { class: 'muted' }, t('acting_pending', { acting: a.acting })));
        if (session.key && session.citizen === a.acting) {
          parts.push(h('p', {}, signButton(t('acting_accept'), Kind.actingAccept, records.actingAcceptPayload(o.id), t('acting_accepted'), out, done)));
        }
      }
    } else if (a.days_below > 0) {
      parts.push(h('p', { class: 'muted' }, t('approval_days_below', { n: a.days_below })));
    }
    if (a.history.length) parts.push(approvalChart(a.history));
    if (a.statements.length) parts.push(...(await statementList(a.statements)));
  }
  if (o.promises.length) parts.push(...(await promiseList(o.promises)));
  if (session.citizen !== o.holder) {
    parts.push(h('p', {}, t('rate_intro')), session.key ? rateButtons(o, out, done) : needKey());
  }
  parts.push(...recallParts(o, out, done));
  parts.push(out);
  return parts;
}

// Money in minor units as major units with two decimals.
const money = (minor) => (minor / 100).toLocaleString(document.documentElement.lang || 'en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

// Horizontal bars, each `{label, value, of}` drawn as a share of the largest `of` (or value),
// with the figures written beside it; `title` labels the chart for screen readers.
function barChart(bars, title) {
  const width = 760;  // labels 160, bars up to 320, then room for the figures
  const row = 26;
  const top = Math.max(1, ...bars.map((b) => Math.max(b.of ?? 0, b.value)));
  const x = (v) => (320 * v) / top;
  return svg('svg', { class: 'bar-chart', viewBox: `0 0 ${width} ${row * bars.length + 4}`, role: 'img', 'aria-label': title },
    ...bars.flatMap((b, i) => [
      svg('text', { x: 0, y: i * row + 17, class: 'axis' }, b.label),
      b.of !== undefined ? svg('rect', { x: 160, y: i * row + 4, width: x(b.of), height: 16, class: 'whole' }) : '',
      svg('rect', { x: 160, y: i * row + 4, width: x(b.value), height: 16, class: b.over ? 'part over' : 'part' }),
      svg('text', { x: 160 + x(Math.max(b.of ?? 0, b.value)) + 6, y: i * row + 17, class: 'axis' }, b.text),
    ]));
}

// The office's pay against the cap (GET /offices/<id> `pay`).
export function payParts(o) {
  const p = o.pay;
  const parts = [h('h2', {}, t('pay_title'))];
  if (p.average === null) {
    parts.push(h('p', { class: 'muted' }, p.monthly ? t('pay_set', { pay: money(p.monthly) }) : t('pay_unset'), ' ', t('pay_no_average')));
    return parts;
  }
  parts.push(h('p', {}, p.monthly ? t('pay_set', { pay: money(p.monthly) }) : t('pay_unset'), ' ',
    t('pay_cap', { cap: money(p.cap), permille: p.cap_permille / 10, average: money(p.average), month: p.average_month })));
  if (p.over_cap) parts.push(h('p', { class: 'warning' }, badge(t('pay_over_badge'), 'error'), ' ', t('pay_over', { paid: money(p.paid) })));
  parts.push(barChart([
    { label: t('pay_bar_pay'), value: p.monthly, text: money(p.monthly), over: p.over_cap },
    { label: t('pay_bar_cap'), value: p.cap, text: money(p.cap) },
    { label: t('pay_bar_average'), value: p.average, text: money(p.average) },
  ], t('pay_chart', { pay: money(p.monthly), cap: money(p.cap), average: money(p.average) })));
  return parts;
}

// The office as an open ministry (GET /offices/<id> `ministry`).
export async function ministryParts(o) {
  const m = o.ministry;
  if (!m.texts_total && !m.spending_total) return [];
  const text = (hash) => apiText(`texts/${hash}`).catch(() => hash);
  const parts = [h('h2', {}, t('ministry_title'))];
  if (m.budget && m.lines.length) {
    parts.push(h('p', {}, t('ministry_budget', { budget: m.budget })));
    parts.push(barChart(m.lines.map((l) => ({ label: l.label, value: l.amount - l.left, of: l.amount, text: t('ministry_line', { spent: money(l.amount - l.left), amount: money(l.amount), left: money(l.left) }) })),
      t('ministry_chart', { lines: m.lines.map((l) => `${l.label}: ${money(l.amount - l.left)} / ${money(l.amount)}`).join(', ') })));
  }
  if (m.texts.length) {
    const items = await Promise.all(m.texts.map(async (x) => h('li', {}, badge(t(`ministry_${x.kind}`)), ` ${fmtDate(x.at)}: `, await text(x.text))));
    parts.push(h('h3', {}, t('ministry_texts', { n: fmtNumber(m.texts_total) })), h('ul', {}, items));
  }
  if (m.spending.length) {
    const rows = await Promise.all(m.spending.map(async (e) => h('tr', {}, h('td', {}, fmtDate(e.at)), h('td', {}, e.line),
      h('td', { class: 'num' }, money(e.amount)), h('td', {}, h('a', { href: `#/collectives/${e.collective}` }, e.collective)), h('td', {}, await text(e.description)))));
    parts.push(h('h3', {}, t('ministry_spending', { n: fmtNumber(m.spending_total) })),
      h('table', {}, h('thead', {}, h('tr', {}, ...['ministry_date', 'ministry_line_label', 'ministry_amount', 'ministry_to', 'ministry_what'].map((k) => h('th', { scope: 'col' }, t(k))))), h('tbody', {}, rows)));
  }
  return parts;
}

// An official's portrait (GET /officials/<id>): every tenure with how it ended, what its promises
// came to, its approval (while held, or as it ended) and its pay while held, and each tenure's
// approval over time; every candidacy and how it went; the certificates.
export async function viewOfficial(id) {
  const p = await api(`officials/${encodeURIComponent(id)}`);
  const tenure = (x) => h('tr', {},
    h('td', {}, h('a', { href: `#/offices/${x.office}` }, x.title)), h('td', {}, fmtDate(x.from)),
    h('td', {}, x.ended ? fmtDate(x.ended_at) : fmtDate(x.until)), h('td', {}, x.ended ? t(`tenure_${x.ended}`) : t('tenure_holding')),
    h('td', {}, t('official_promises', x.promises)),
    h('td', {}, x.approval ? `${share(x.approval.approvals, x.approval.raters)}%`
      : x.final.approvals + x.final.disapprovals ? `${share(x.final.approvals, x.final.approvals + x.final.disapprovals)}%` : '—'),
    h('td', { class: 'num' }, x.pay ? money(x.pay.paid) : '—'));
  const candidacy = (c) => h('li', {}, h('a', { href: `#/contests/${c.contest}` }, c.contest), ` (${c.office}) `,
    c.elected ? badge(t('official_elected'), 'ok') : badge(t(`stage_${c.stage}`)), c.outcome ? ` ${c.outcome}` : '');
  // Each tenure's history comes as columns (day, approvals, disapprovals): one snapshot per index.
  const snapshots = (c) => c.day.map((day, i) => ({ day, approvals: c.approvals[i], disapprovals: c.disapprovals[i] }));
  const histories = p.tenures.filter((x) => x.history.day.length).map((x) => [
    h('h3', {}, t('official_history', { title: x.title, from: fmtDate(x.from) })), approvalChart(snapshots(x.history))]);
  show(
    h('h1', {}, t('official_title', { id })),
    h('h2', {}, t('official_tenures')),
    p.tenures.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ...['official_office', 'tenure_from', 'tenure_until', 'tenure_how', 'promises_title', 'approval_title', 'pay_title'].map((k) => h('th', { scope: 'col' }, t(k))))), h('tbody', {}, p.tenures.map(tenure)))
      : h('p', { class: 'muted' }, t('official_none')),
    ...histories.flat(),
    h('h2', {}, t('official_candidacies')),
    p.candidacies.length ? h('ul', {}, p.candidacies.map(candidacy)) : h('p', { class: 'muted' }, t('official_none')),
    h('h2', {}, t('official_certificates')),
    p.certificates.length
      ? h('ul', {}, p.certificates.map((c) => h('li', {}, `${c.id}: ${c.class}`, c.revoked ? [' ', badge(t('official_revoked'), 'error')] : null)))
      : h('p', { class: 'muted' }, t('official_none')),
  );
}
