// Parts of a policy with its built-in packs resolved (policies/builtin/*.json): the literal terms
// the peers (plain JavaScript, Hyperscan) get, so that they match the same terms we do, and the
// rule ids, so that a rule can be measured alone (bench/profile-rules.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function termText(t) {
  return typeof t === 'string' ? t : t?.term;
}

/** The policy and the packs it extends, in the order they are merged (packs first). */
export function withPacks(policyJson, repo) {
  const out = [];
  const seen = new Set();
  const visit = (p) => {
    for (const name of p.extends ?? []) {
      if (seen.has(name)) continue;
      seen.add(name);
      visit(JSON.parse(readFileSync(join(repo, 'policies/builtin', `${name.replace(/^builtin:/, '')}.json`), 'utf8')));
    }
    out.push(p);
  };
  visit(JSON.parse(policyJson));
  return out;
}

/** The ids of the rules in force (a policy's rule replaces a pack's rule of the same id). */
export function policyRuleIds(policyJson, repo) {
  const ids = new Set();
  for (const p of withPacks(policyJson, repo)) {
    for (const r of p.rules ?? []) if (r.enabled !== false) ids.add(r.id);
  }
  return [...ids];
}

/** Every term of every list, condition and company name/handle/product list, in order. */
export function policyTerms(policyJson, repo) {
  const out = [];
  const visitCondition = (c) => {
    if (!c || typeof c !== 'object') return;
    if (Array.isArray(c)) {
      c.forEach(visitCondition);
      return;
    }
    if (Array.isArray(c.terms)) for (const t of c.terms) out.push(termText(t));
    for (const v of Object.values(c)) if (v && typeof v === 'object') visitCondition(v);
  };
  for (const p of withPacks(policyJson, repo)) {
    for (const list of Object.values(p.terms ?? {})) for (const t of list) out.push(termText(t));
    for (const key of ['names', 'handles', 'products']) for (const t of p.company?.[key] ?? []) out.push(t);
    for (const rule of p.rules ?? []) {
      visitCondition(rule.when);
      visitCondition(rule.unless);
    }
  }
  return out.filter((t) => typeof t === 'string' && t.length);
}

/** The terms as the plain-JavaScript way sees them: NFKC, lower case, each once. */
export function normalizedTerms(terms) {
  return [...new Set(terms.map((t) => t.normalize('NFKC').toLowerCase()))];
}

/**
 * A policy with only these terms, in one rule and no packs: our engine doing what Hyperscan does
 * (literals only, no regexes, detectors or rule logic), for the like-for-like ratio.
 */
export function literalOnlyPolicy(terms, id = 'bench-literals') {
  return JSON.stringify({
    policy: { id, version: '1.0.0', name: 'Literal terms only', languages: ['en', 'es'] },
    rules: [
      {
        id: 'literals.any',
        category: 'confidential',
        severity: 'warn',
        when: { terms: [...new Set(terms)] },
        message: '{match}',
      },
    ],
  });
}

/**
 * Per category, the terms that flag a post by themselves: those of rules whose `when` is a term
 * list, or `any`/`sentence` of them — what a plain word list can do without rule logic.
 */
export function standaloneTermsByCategory(policyJson, repo) {
  const parts = withPacks(policyJson, repo);
  const lists = {};
  const rules = new Map();
  const disabled = new Set();
  for (const p of parts) {
    for (const [name, list] of Object.entries(p.terms ?? {})) (lists[name] ??= []).push(...list.map(termText));
    for (const key of ['names', 'handles', 'products'])
      (lists[`company.${key}`] ??= []).push(...(p.company?.[key] ?? []));
    for (const r of p.rules ?? []) rules.set(r.id, r);
    for (const [id, o] of Object.entries(p.overrides ?? {})) if (o.enabled === false) disabled.add(id);
  }
  const out = {};
  const collect = (c, into) => {
    if (Array.isArray(c.terms)) into.push(...c.terms.map(termText));
    else if (typeof c.list === 'string') into.push(...(lists[c.list] ?? []));
    else if (Array.isArray(c.any)) c.any.forEach((x) => collect(x, into));
    else if (c.sentence) collect(c.sentence, into);
  };
  for (const r of rules.values()) {
    if (r.enabled === false || disabled.has(r.id)) continue;
    collect(r.when, (out[r.category] ??= []));
  }
  for (const [c, terms] of Object.entries(out)) {
    out[c] = terms.filter((t) => typeof t === 'string' && t.length);
    if (!out[c].length) delete out[c];
  }
  return out;
}
