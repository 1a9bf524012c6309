// SPDX-License-Identifier: AGPL-3.0-or-later
// The home page: what is open for voting now (measures and elections), recent results, the
// territory tree and the open data.
import { h, show } from '../lib/dom.js';
import { api, listAll } from '../lib/api.js';
import { t } from '../i18n/index.js';
import { measureItem } from './legislation.js';
import { electionItem } from './election.js';
import { territoryTree } from './registry.js';

export async function viewHome() {
  const [open, decided, territories, elections] = await Promise.all([
    api('measures?status=voting&limit=100'),
    api('measures?status=decided&limit=20'),
    listAll('territories', 'territories'),
    api('elections?status=voting&limit=100'),
  ]);
  show(
    h('h1', {}, t('tagline')),
    h('section', {}, h('h2', {}, t('open_now')), open.measures.length ? h('ul', { class: 'cards' }, open.measures.map(measureItem)) : h('p', {}, t('no_open'))),
    elections.elections.length ? h('section', {}, h('h2', {}, t('elections_open')), h('ul', { class: 'cards' }, elections.elections.map(electionItem))) : null,
    h('section', {}, h('h2', {}, t('recent_results')), h('ul', { class: 'cards' }, decided.measures.map(measureItem))),
    h('section', {}, h('h2', {}, t('territory_tree')), territoryTree(territories)),
    h('p', { class: 'muted' }, h('a', { href: 'export' }, t('open_data'))),
  );
}
