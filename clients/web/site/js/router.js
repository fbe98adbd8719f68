// Hash routes: "#/tieu-du-an/DA3-TDA3", "#/nhat-ky?entity=DA3-TDA3&kind=disbursement".

export const DEFAULT_ROUTE = 'tong-quan';

// parseHash('#/tieu-du-an/DA3-TDA3?x=1') → {route: 'tieu-du-an', id: 'DA3-TDA3', query}.
// An empty hash is the default route; an id that is not valid percent-encoding
// is kept as typed.
export function parseHash(hash) {
  let text = String(hash || '').replace(/^#\/?/, '');
  let query = new URLSearchParams();
  const q = text.indexOf('?');
  if (q >= 0) {
    query = new URLSearchParams(text.slice(q + 1));
    text = text.slice(0, q);
  }
  const slash = text.indexOf('/');
  const route = (slash >= 0 ? text.slice(0, slash) : text) || DEFAULT_ROUTE;
  let id = slash >= 0 ? text.slice(slash + 1) : '';
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep it as typed
  }
  return { route, id: id || null, query };
}

// hashFor('nhat-ky', null, {entity: 'DA3', kind: ''}) → "#/nhat-ky?entity=DA3"
// (empty values left out). Ids are percent-encoded.
export function hashFor(route, id = null, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const tail = params.toString();
  return `#/${route}${id ? `/${encodeURIComponent(id)}` : ''}${tail ? `?${tail}` : ''}`;
}

// withQuery('#/giam-sat/GS-1?x=1', 'ref', '2024-09-01') → the same route, id
// and query with `name` set to `value` ("" removes it).
export function withQuery(hash, name, value) {
  const { route, id, query } = parseHash(hash);
  const next = Object.fromEntries(query.entries());
  next[name] = value;
  return hashFor(route, id, next);
}
