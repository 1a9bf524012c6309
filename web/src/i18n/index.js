// SPDX-License-Identifier: AGPL-3.0-or-later
// The interface's words: the languages (en.js, ru.js; every key of `en` must exist in `ru`, a unit
// test checks it), the language in use, and t(), which fills {name} placeholders.
import en from './en.js';
import ru from './ru.js';

export const messages = { en, ru };

let language = 'en';
export function setLanguage(lang) {
  language = messages[lang] ? lang : 'en';
}
export function currentLanguage() {
  return language;
}
export function t(key, params = {}) {
  const text = messages[language][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}
