// SPDX-License-Identifier: AGPL-3.0-or-later
// veche's web UI: the shell (the header and its navigation, the language) and the router. One
// page, routed by the URL fragment (#/measures/x), talking to the node's JSON API (docs/api.md);
// the pages are in pages/, the kiosk in kiosk/, the shared code in lib/. Everything a citizen
// signs is built and signed here (lib/records.js); keys stay in this browser (lib/keystore.js).
// In kiosk mode (/kiosk or `veche serve --kiosk`) it keeps nothing: one voter at a time, and
// everything is forgotten after each.
import { h, show } from './lib/dom.js';
import { session, kiosk, startServices, onSessionChange } from './lib/session.js';
import { t, setLanguage, currentLanguage } from './i18n/index.js';
import { viewHome } from './pages/home.js';
import { viewTerritory, viewEnrol, viewMe } from './pages/registry.js';
import { viewRegistrar } from './pages/registrar.js';
import { viewMeasures, viewMeasure, stopMeasureRefresh, viewLaws, viewLaw, viewInitiatives, viewInitiative, viewFileInitiative } from './pages/legislation.js';
import { viewElections, viewElection } from './pages/election.js';
import { viewOffices, viewOffice, viewContest, viewCollective } from './pages/offices.js';
import { viewOfficial } from './pages/accountability.js';
import { setUpKiosk, kioskStepKey } from './kiosk/kiosk.js';

function renderHeader() {
  const nav = document.getElementById('nav');
  const link = (hash, key) => h('a', { href: hash, 'aria-current': location.hash === hash ? 'page' : null }, t(key));
  const lang = h('button', { class: 'lang', onclick: () => switchLanguage(currentLanguage() === 'en' ? 'ru' : 'en') }, t('language'));
  if (kiosk) {
    nav.replaceChildren(h('span', { class: 'kiosk-title' }, t('kiosk_title')), lang);
  } else {
    nav.replaceChildren(
      ...[link('#/', 'nav_home'), link('#/measures', 'nav_measures'), link('#/elections', 'nav_elections'), link('#/offices', 'nav_offices'), link('#/laws', 'nav_laws'), link('#/initiatives', 'nav_initiatives'),
      link('#/enrol', 'nav_enrol'), link('#/me', 'nav_me'), link('#/registrar', 'nav_registrar'),
      session.citizen ? h('span', { class: 'who' }, t('unlocked', { id: session.citizen })) : null,
      lang].filter(Boolean),
    );
  }
  document.getElementById('brand').textContent = t('app_name');
  document.getElementById('skip').textContent = t('skip');
  document.documentElement.lang = currentLanguage();
}

function switchLanguage(lang) {
  setLanguage(lang);
  if (!kiosk) localStorage.setItem('veche.lang', lang);
  renderHeader();
  if (kiosk) kioskStepKey();
  else route();
}

const routes = [
  [/^#?\/?$/, viewHome],
  [/^#\/territories\/([\w-]+)$/, viewTerritory],
  [/^#\/measures$/, viewMeasures],
  [/^#\/measures\/([\w-]+)$/, viewMeasure],
  [/^#\/elections$/, viewElections],
  [/^#\/elections\/([\w-]+)$/, viewElection],
  [/^#\/offices$/, viewOffices],
  [/^#\/offices\/([\w-]+)$/, viewOffice],
  [/^#\/contests\/([\w-]+)$/, viewContest],
  [/^#\/collectives\/([\w-]+)$/, viewCollective],
  [/^#\/officials\/([\w-]+)$/, viewOfficial],
  [/^#\/laws$/, viewLaws],
  [/^#\/laws\/([\w-]+)$/, viewLaw],
  [/^#\/initiatives$/, viewInitiatives],
  [/^#\/initiatives-new$/, viewFileInitiative],
  [/^#\/initiatives\/([\w-]+)$/, viewInitiative],
  [/^#\/enrol$/, viewEnrol],
  [/^#\/me$/, viewMe],
  [/^#\/registrar$/, viewRegistrar],
];

async function route() {
  renderHeader();
  stopMeasureRefresh();
  for (const [pattern, view] of routes) {
    const m = pattern.exec(location.hash);
    if (!m) continue;
    show(h('p', {}, t('loading')));
    try {
      await view(...m.slice(1).map(decodeURIComponent));
    } catch (e) {
      show(h('h1', {}, t('error', { message: '' })), h('p', { class: 'error', role: 'alert' }, e.message));
    }
    return;
  }
  show(h('h1', {}, '404'), h('p', {}, h('a', { href: '#/' }, t('nav_home'))));
}

async function start() {
  onSessionChange(renderHeader);
  await startServices();
  setLanguage(kiosk ? 'en' : localStorage.getItem('veche.lang') || (navigator.language?.startsWith('ru') ? 'ru' : 'en'));
  if (kiosk) {
    setUpKiosk();
    renderHeader();
    kioskStepKey();
  } else {
    window.addEventListener('hashchange', route);
    route();
  }
  document.body.dataset.ready = 'true';
}

start();
