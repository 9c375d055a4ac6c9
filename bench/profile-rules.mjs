// Where a check's time goes, rule by rule: the policy is measured with one rule enabled at a time
// (all others disabled through `overrides`), natively, on the same texts as npm run bench.
// Usage: node bench/profile-rules.mjs POLICY.json|default TEXTS.json [--bench build/bench/build/bench/postguard-bench] [--top N]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { policyRuleIds } from './lib/policy-parts.mjs';
import { summary } from './lib/stats.mjs';
import { repo } from './lib/paths.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const bench = resolve(option('--bench', join(repo, 'build/bench/build/bench/postguard-bench')));
const top = Number(option('--top', 15));
const [policyArg, textsArg] = args;
if (!policyArg || !textsArg) {
  console.error('usage: node bench/profile-rules.mjs POLICY.json|default TEXTS.json [--bench PATH] [--top N]');
  process.exit(2);
}
const policyJson =
  policyArg === 'default'
    ? JSON.stringify({ policy: { id: 'default-profile', version: '1' }, extends: ['builtin:default'] })
    : readFileSync(policyArg, 'utf8');
const ids = policyRuleIds(policyJson, repo);
const dir = join(repo, 'build/bench/profile-rules');
mkdirSync(dir, { recursive: true });

const base = JSON.parse(policyJson);
const only = (keep) => {
  const p = structuredClone(base);
  p.overrides = { ...(p.overrides ?? {}) };
  for (const id of ids) if (id !== keep) p.overrides[id] = { ...(p.overrides[id] ?? {}), enabled: false };
  return p;
};
// A disabled rule is compiled but never evaluated; "(none)" is the cost of folding and the term walk.
const tasks = [];
for (const id of ['(none)', ...ids]) {
  const file = join(dir, `${tasks.length}.json`);
  writeFileSync(file, JSON.stringify(only(id)));
  tasks.push({
    name: id,
    kind: 'check',
    policy: file,
    texts: resolve(textsArg),
    minRuns: 10,
    minMs: 300,
    maxRuns: 500,
  });
}
const planFile = join(dir, 'plan.json');
writeFileSync(planFile, JSON.stringify({ context: { now: '2026-11-20', locale: 'es' }, tasks }));
const out = JSON.parse(execFileSync(bench, [planFile], { maxBuffer: 1 << 28 }));
const rows = out.tasks.map((t) => ({ rule: t.name, ms: summary(t.samples).median, findings: t.findings }));
const none = rows.shift();
rows.sort((a, b) => b.ms - a.ms);
console.log(`median ms per check of ${textsArg}, one rule enabled at a time (no rule: ${none.ms.toFixed(3)} ms)`);
for (const r of rows.slice(0, top)) {
  console.log(`${(r.ms - none.ms).toFixed(3).padStart(9)} ms  ${r.rule}  (${r.findings} findings)`);
}
