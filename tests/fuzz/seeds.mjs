// Writes the fuzzers' seed corpora and the policy dictionary from the project's own test data:
// policies (packs, examples, fixtures), the policy-format docs, the Catch2 tests' inline policies
// and strings, and the labelled corpus. Usage: node tests/fuzz/seeds.mjs OUT_DIR
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.resolve(process.argv[2] ?? 'build/fuzz-seeds');
const read = (p) => readFileSync(path.join(repo, p), 'utf8');
const list = (dir, ext) =>
  readdirSync(path.join(repo, dir), { recursive: true })
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));

// The layout of tests/fuzz/input.hpp: the draft, then the day byte, then the flags byte (read first).
const LOCALES = ['', 'en', 'es', 'es-MX'];
const SITES = ['', 'www.linkedin.com', 'x.com', 'facebook.com'];
function draftSeed(text, context = {}, utf16 = false) {
  let flags = utf16 ? 1 : 0;
  if (context.account === 'official') flags |= 2;
  flags |= Math.max(0, LOCALES.indexOf(context.locale ?? '')) << 2;
  flags |= Math.max(0, SITES.indexOf(context.site ?? '')) << 4;
  const body = utf16 ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf8');
  return Buffer.concat([body, Buffer.from([0, flags])]);
}

// C++ raw strings R"(...)" of the Catch2 tests, and their ordinary string literals.
function cppStrings(file) {
  const source = read(file);
  const raw = [...source.matchAll(/R"\(([\s\S]*?)\)"/g)].map((m) => m[1]);
  const plain = [...source.matchAll(/u?8?"((?:[^"\\\n]|\\.){6,})"/g)].map((m) => m[1]);
  return { raw, plain };
}

const policies = [];
const texts = []; // [text, context]
for (const file of [...list('policies', '.json'), ...list('tests', '.json')]) {
  // The fuzzers' own regressions are replayed on their own (some are slow on purpose).
  if (file.includes('node_modules') || file.startsWith('tests/fuzz/') || file.endsWith('schema.json')) continue;
  const source = read(file);
  policies.push(source);
  try {
    for (const t of JSON.parse(source).tests ?? [])
      if (typeof t.text === 'string') texts.push([t.text, t.context ?? {}]);
  } catch {
    // a deliberately broken fixture is a seed all the same
  }
}
for (const m of read('docs/policy-format.md').matchAll(/```json\n([\s\S]*?)```/g)) policies.push(m[1]);
for (const file of list('tests/core', '.cpp')) {
  const { raw, plain } = cppStrings(file);
  for (const s of raw) {
    let parsed;
    try {
      parsed = JSON.parse(s);
    } catch {
      policies.push(s); // broken on purpose: the loader's error paths
      continue;
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !('policy' in parsed)) {
      // A condition, as tests/core/fixtures.hpp rule_policy() wraps it.
      policies.push(
        JSON.stringify({
          policy: { id: 't', version: '1' },
          rules: [{ id: 'r', category: 'confidential', when: parsed, message: 'flagged {match}' }],
        }),
      );
    } else {
      policies.push(s);
    }
  }
  for (const s of plain) {
    try {
      texts.push([JSON.parse(`"${s}"`), {}]);
    } catch {
      // C++ escapes JSON does not read (\x..): not a text worth keeping
    }
  }
}
for (const file of [...list('tests/corpus', '.jsonl'), ...list('policies/samples', '.jsonl')]) {
  for (const line of read(file).split('\n')) {
    if (!line.trim()) continue;
    const j = JSON.parse(line);
    if (typeof j.text === 'string') texts.push([j.text, j.context ?? {}]);
  }
}

function writeAll(target, seeds) {
  const dir = path.join(out, target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names = new Set();
  for (const seed of seeds) {
    const name = createHash('sha1').update(seed).digest('hex');
    if (names.has(name)) continue;
    names.add(name);
    writeFileSync(path.join(dir, name), seed);
  }
  return names.size;
}

const drafts = texts.flatMap(([text, context], i) =>
  i % 4 === 0 ? [draftSeed(text, context), draftSeed(text, context, true)] : [draftSeed(text, context)],
);
const counts = {
  policy_load: writeAll(
    'policy_load',
    policies.map((p) => Buffer.from(p, 'utf8')),
  ),
  check_default: writeAll('check_default', drafts),
  check_policy: writeAll('check_policy', drafts),
  fold_spans: writeAll('fold_spans', drafts),
};

// Dictionary for the loader: every key and enum value of the JSON Schema, and JSON's own tokens.
const schema = JSON.parse(read('policies/policy.schema.json'));
const words = new Set([
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '""',
  'true',
  'false',
  'null',
  '"\\u0000"',
  '"\\ud800"',
  '{{',
  '}}',
  '{match}',
]);
(function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk);
  if (!node || typeof node !== 'object') return;
  for (const key of Object.keys(node.properties ?? {})) words.add(JSON.stringify(key));
  for (const value of node.enum ?? []) words.add(JSON.stringify(value));
  if (typeof node.const === 'string') words.add(JSON.stringify(node.const));
  Object.values(node).forEach(walk);
})(schema);
const escape = (w) => w.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
writeFileSync(path.join(out, 'policy.dict'), [...words].map((w) => `"${escape(w)}"`).join('\n') + '\n');
console.log(
  `seeds in ${out}: ${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; dictionary ${words.size} tokens`,
);
