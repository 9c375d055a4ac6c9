// The essentials form's model: reads the few fields every company policy needs out of a policy
// object and writes them back, keeping everything else in the policy as it was. No DOM here, so
// the mapping is testable on its own (tests/studio/essentials.test.mjs).

// Top-level keys in the order docs/policy-format.md lists them; a policy written by the form keeps
// this order so that diffs between versions stay readable.
const KEY_ORDER = [
  '$schema',
  'format',
  'policy',
  'extends',
  'company',
  'roles',
  'terms',
  'rules',
  'overrides',
  'tests',
];
const SPEAK = 'may_speak_for_company';

const lines = (text) =>
  String(text || '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const termText = (t) => (typeof t === 'string' ? t : t && typeof t.term === 'string' ? t.term : '');
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Form values (strings, one item per line) from a parsed policy. */
export function readEssentials(policy) {
  const p = isObject(policy) ? policy : {};
  const head = isObject(p.policy) ? p.policy : {};
  const company = isObject(p.company) ? p.company : {};
  const terms = isObject(p.terms) ? p.terms : {};
  const roles = isObject(p.roles) ? p.roles : {};
  const list = (v) => (Array.isArray(v) ? v : []);
  return {
    id: head.id ?? '',
    name: typeof head.name === 'string' ? head.name : (head.name?.en ?? head.name?.es ?? ''),
    version: head.version ?? '',
    url: head.url ?? '',
    contact: head.contact ?? '',
    languages: list(head.languages).join(', '),
    names: list(company.names).join('\n'),
    handles: list(company.handles).join('\n'),
    officialUrls: Object.entries(isObject(company.official_urls) ? company.official_urls : {})
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n'),
    unreleased: list(terms.unreleased)
      .map((t) => (isObject(t) && t.until ? `${termText(t)}, ${t.until}` : termText(t)))
      .join('\n'),
    internalTools: list(terms.internal_tools).map(termText).join('\n'),
    spokespeople: Object.entries(roles)
      .filter(([, r]) => isObject(r) && r[SPEAK] === true)
      .map(([k]) => k)
      .join('\n'),
  };
}

/**
 * A new policy object with the form's values written into `policy`.
 * Returns {ok: true, policy} or {ok: false, field, line, text} for a line it cannot read.
 */
export function writeEssentials(policy, values) {
  const p = structuredClone(isObject(policy) ? policy : {});
  const head = isObject(p.policy) ? p.policy : {};
  setOrDelete(head, 'id', values.id?.trim());
  setOrDelete(head, 'version', values.version?.trim());
  if (typeof head.name === 'string' || !head.name || !values.name?.trim())
    setOrDelete(head, 'name', values.name?.trim());
  else head.name = { ...head.name, en: values.name.trim() };
  setOrDelete(head, 'url', values.url?.trim());
  setOrDelete(head, 'contact', values.contact?.trim());
  const languages = String(values.languages || '')
    .split(/[\s,]+/)
    .filter(Boolean);
  setOrDelete(head, 'languages', languages.length ? languages : undefined);
  p.policy = head;

  const company = isObject(p.company) ? p.company : {};
  setOrDelete(company, 'names', nonEmpty(lines(values.names)));
  setOrDelete(company, 'handles', nonEmpty(lines(values.handles)));
  const urls = {};
  const urlLines = lines(values.officialUrls);
  for (let i = 0; i < urlLines.length; i++) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(urlLines[i]);
    if (!m) return { ok: false, field: 'officialUrls', line: i + 1, text: urlLines[i] };
    urls[m[1]] = m[2];
  }
  setOrDelete(company, 'official_urls', Object.keys(urls).length ? urls : undefined);
  p.company = company;

  const terms = isObject(p.terms) ? p.terms : {};
  const previous = new Map((Array.isArray(terms.unreleased) ? terms.unreleased : []).map((t) => [termText(t), t]));
  const unreleased = [];
  const unreleasedLines = lines(values.unreleased);
  for (let i = 0; i < unreleasedLines.length; i++) {
    const m = /^(.*?)(?:\s*[,;]\s*(\d{4}-\d{2}-\d{2}))?$/.exec(unreleasedLines[i]);
    if (!m || !m[1]) return { ok: false, field: 'unreleased', line: i + 1, text: unreleasedLines[i] };
    // Keep what the admin set by hand on a known term (fold, replacement, note), change the date.
    const old = previous.get(m[1]);
    const term = isObject(old) ? { ...old, term: m[1] } : { term: m[1] };
    if (m[2]) term.until = m[2];
    else delete term.until;
    unreleased.push(Object.keys(term).length === 1 ? term.term : term);
  }
  setOrDelete(terms, 'unreleased', nonEmpty(unreleased));
  const tools = new Map((Array.isArray(terms.internal_tools) ? terms.internal_tools : []).map((t) => [termText(t), t]));
  setOrDelete(terms, 'internal_tools', nonEmpty(lines(values.internalTools).map((t) => tools.get(t) ?? t)));
  p.terms = terms;

  const roles = isObject(p.roles) ? p.roles : {};
  const speakers = new Set(lines(values.spokespeople));
  for (const [name, role] of Object.entries(roles)) {
    if (isObject(role) && role[SPEAK] === true && !speakers.has(name)) delete role[SPEAK];
  }
  for (const name of speakers) roles[name] = { ...(isObject(roles[name]) ? roles[name] : {}), [SPEAK]: true };
  p.roles = roles;

  for (const key of ['company', 'roles', 'terms']) if (Object.keys(p[key]).length === 0) delete p[key];
  return { ok: true, policy: ordered(p) };
}

function setOrDelete(object, key, value) {
  if (value === undefined || value === '') delete object[key];
  else object[key] = value;
}

function nonEmpty(array) {
  return array.length ? array : undefined;
}

function ordered(p) {
  const out = {};
  for (const key of KEY_ORDER) if (key in p) out[key] = p[key];
  for (const key of Object.keys(p)) if (!(key in out)) out[key] = p[key];
  return out;
}
