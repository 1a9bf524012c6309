// SPDX-License-Identifier: AGPL-3.0-or-later
// The node's JSON API (docs/api.md): reads (JSON or text, and whole lists page by page) and the
// submission of a signed record.

export const base = new URL('/', location.href);

export async function api(path) {
  const r = await fetch(new URL(path, base), { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error?.message || `HTTP ${r.status}`);
  return body;
}
export async function apiText(path) {
  const r = await fetch(new URL(path, base));
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${path}`);
  return r.text();
}
export async function listAll(path, field) {
  const out = [];
  let after = '';
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(`${path}${sep}limit=1000${after ? '&after=' + encodeURIComponent(after) : ''}`);
    out.push(...page[field]);
    if (!page.next_after) return out;
    after = page.next_after;
  }
}
// Submits a signed record; resolves to its receipt, or throws the node's error message.
export async function submit(record) {
  const r = await fetch(new URL('records', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: record.bytes,
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error?.message || `HTTP ${r.status}`);
  return body;
}
