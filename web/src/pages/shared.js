// SPDX-License-Identifier: AGPL-3.0-or-later
// Pieces several pages show: a badge, and the notice that voting needs an unlocked key.
import { h } from '../lib/dom.js';
import { t } from '../i18n/index.js';

export const badge = (text, kind) => h('span', { class: `badge ${kind || ''}` }, text);

export function needKey() {
  return h('p', { class: 'notice' }, t('unlock_to_vote'), ' ', h('a', { href: '#/me' }, t('nav_me')), ' · ', h('a', { href: '#/enrol' }, t('nav_enrol')));
}
