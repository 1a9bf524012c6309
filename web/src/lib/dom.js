// SPDX-License-Identifier: AGPL-3.0-or-later
// DOM helpers, text only: nothing from the network is ever parsed as HTML. h() builds an element,
// show() puts a page in <main>, status() fills a status line; dates and numbers in the language
// in use; download() saves a JSON file.
import { t, currentLanguage } from '../i18n/index.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') Object.assign(el.style, v); // CSSOM: allowed by the page's CSP, unlike style=""
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const main = () => document.getElementById('main');
export function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  const heading = m.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    document.title = `${heading.textContent} — ${t('app_name')}`;
  }
}
export function status(el, text, kind = 'info') {
  el.textContent = text;
  el.className = `status ${kind}`;
}
export function field(label, input) {
  const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}
export const fmtDate = (micros) =>
  new Date(Number(micros) / 1000).toLocaleString(currentLanguage() === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
export const fmtNumber = (n) => Number(n).toLocaleString(currentLanguage() === 'ru' ? 'ru-RU' : 'en-GB');
export function download(name, text) {
  const a = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}
