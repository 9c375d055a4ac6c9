// Native/wasm parity: the labelled corpus, generated posts mixing scripts, emoji, disguises and
// personal data, policy tests and policy errors go through the CLI and through the wasm engine,
// and the findings must be the same bytes (the JSON both print with postguard/json.hpp).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { cli, createRawCore, importEngine, repo, runCli } from './support.mjs';

assert.ok(existsSync(cli), `the native CLI is needed at ${cli} (scripts/build.sh)`);
const scratch = mkdtempSync(path.join(tmpdir(), 'postguard-parity-'));
const ACME = path.join(repo, 'tests/wasm/fixtures/acme-policy.json');

// Lines of the CLI's JSONL output omit `problems` when there are none; the engine always has it.
function asCliLine(engineJson) {
  return engineJson.endsWith(',"problems":[]}') ? `${engineJson.slice(0, -',"problems":[]}'.length)}}` : engineJson;
}

// Checks `posts` ({text, context}) with `policyFile` (null: the built-in default) both ways and
// returns the posts whose findings differ.
async function differences(policyFile, posts) {
  const core = await createRawCore();
  const loaded = policyFile
    ? JSON.parse(core.loadPolicy(readFileSync(policyFile, 'utf8')))
    : JSON.parse(core.loadDefaultPolicy());
  assert.equal(loaded.ok, true, `${policyFile} loads in wasm: ${JSON.stringify(loaded.errors)}`);
  const input = posts.map((p) => JSON.stringify({ text: p.text, context: p.context })).join('\n') + '\n';
  const native = runCli(['check', '--jsonl', ...(policyFile ? ['--policy', policyFile] : [])], input);
  assert.equal(native.status, 0, native.stderr);
  const nativeLines = native.stdout.split('\n').slice(0, -1);
  assert.equal(nativeLines.length, posts.length);
  const diffs = [];
  posts.forEach((post, i) => {
    const wasm = asCliLine(core.check(post.text, JSON.stringify(post.context)));
    if (wasm !== nativeLines[i]) diffs.push({ post, native: nativeLines[i], wasm });
  });
  return { diffs, checked: posts.length, flagged: nativeLines.filter((l) => l.includes('"rule"')).length };
}

function report(diffs) {
  return diffs
    .slice(0, 3)
    .map((d) => `${JSON.stringify(d.post)}\n  native ${d.native}\n  wasm   ${d.wasm}`)
    .join('\n');
}

test('the labelled corpus gives byte-identical findings natively and in wasm', async (t) => {
  const dir = path.join(repo, 'tests/corpus');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  assert.ok(files.length > 0, 'tests/corpus has posts');
  const byPolicy = new Map();
  for (const file of files) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const post = JSON.parse(line);
      const policy = post.policy && post.policy !== 'default' ? path.join(repo, 'policies', post.policy) : null;
      if (!byPolicy.has(policy)) byPolicy.set(policy, []);
      byPolicy.get(policy).push({ text: post.text, context: post.context ?? {} });
    }
  }
  let total = 0;
  for (const [policy, posts] of byPolicy) {
    const { diffs, checked, flagged } = await differences(policy, posts);
    t.diagnostic(
      `${policy ? path.relative(repo, policy) : 'default policy'}: ${checked} posts, ${flagged} flagged, ${diffs.length} different`,
    );
    assert.equal(diffs.length, 0, report(diffs));
    total += checked;
  }
  assert.ok(total >= 100, `the corpus has ${total} posts`);
});

// A small deterministic generator (mulberry32), so that a failure can be replayed.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  // words, es and en, with and without accents
  'hola',
  'gracias',
  'mañana',
  'año',
  'ano',
  'España',
  'Espana',
  'the',
  'store',
  'customer',
  'cliente',
  'tienda',
  'we will refund you',
  'le devolvemos el dinero',
  'on behalf of ACME',
  'en nombre de ACME',
  'I work at ACME',
  '#employee',
  // the company's terms, plain and disguised
  'Lumen Tab',
  'lumen tab',
  'LUMEN TAB',
  'L u m e n  T a b',
  'L-u-m-e-n T-a-b',
  'Lumen_Tab',
  'LumenTab',
  'Lu\u200Bmen Tab',
  'Lum\u00ADen Tab',
  'Ｌｕｍｅｎ Ｔａｂ',
  'Lumеn Tаb',
  'Lúmen Tàb',
  'L\u0301umen Tab',
  'Lum3n T4b',
  'Proyecto Jaguar',
  'project jaguar',
  'Jaguares',
  'jaguar',
  'T1tan',
  'Titan',
  'Rocket Skates',
  'ACME',
  'Acme Corp',
  '@acme',
  // personal data and times, valid and not
  '4539 1488 0343 6467',
  '4539 1488 0343 6468',
  'ES91 2100 0418 4502 0005 1332',
  'ES91 2100 0418 4502 0005 1333',
  '12345678Z',
  '12345678A',
  'X1234567L',
  '536-22-1845',
  '000-12-3456',
  '612 345 678',
  '+34 612 345 678',
  '(555) 123-4567',
  'ana@example.com',
  'https://acme.example/help',
  'www.acme.example',
  'Calle Mayor 12',
  '123 Main St',
  '4 a.m.',
  '04:00',
  'a las 4 de la madrugada',
  'medianoche',
  'alone',
  'sola',
  'in the parking lot',
  'en el almacén',
  'AKIAIOSFODNN7EXAMPLE',
  'ghp_0123456789abcdefghijklmnopqrstuvwxyz',
  'idiota',
  'ídiota',
  'idiots',
  // scripts, emoji, marks and invisible characters
  '😀',
  '👩‍💻',
  '🇪🇸',
  '🙏🏽',
  '❤️',
  '👨‍👩‍👧‍👦',
  'e\u0301',
  'ﬁ',
  '①',
  'Straße',
  'İstanbul',
  'Ωmega',
  'Привет',
  'مرحبا',
  'שלום',
  '日本語',
  '中文',
  'ภาษาไทย',
  '한국어',
  '\u200D',
  '\uFEFF',
  '\u00A0',
  '\u2028',
];
const SEPARATORS = [' ', ' ', ' ', '  ', ', ', '. ', '! ', '? ', '\n', '\r\n', '\t', '', ' - ', '…'];

function generatedPosts(count, seed) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const posts = [];
  for (let i = 0; i < count; i++) {
    const parts = [];
    const n = 1 + Math.floor(next() * 12);
    for (let j = 0; j < n; j++) parts.push(pick(FRAGMENTS), pick(SEPARATORS));
    const context = { now: pick(['2026-11-20', '2027-06-01', '2025-12-31']), locale: pick(['es', 'en', 'es-MX']) };
    if (next() < 0.3) context.site = pick(['www.linkedin.com', 'x.com', 'linkedin.com']);
    if (next() < 0.2) context.account = 'official';
    if (next() < 0.2) context.role = 'social_team';
    posts.push({ text: parts.join(''), context });
  }
  return posts;
}

test('generated posts mixing scripts, emoji, disguises and personal data give byte-identical findings', async (t) => {
  const posts = generatedPosts(600, 20261120);
  for (const policy of [ACME, null]) {
    const { diffs, checked, flagged } = await differences(policy, posts);
    t.diagnostic(
      `${policy ? path.basename(policy) : 'default policy'}: ${checked} posts, ${flagged} flagged, ${diffs.length} different`,
    );
    assert.ok(flagged > checked / 4, 'the generated posts do get flagged');
    assert.equal(diffs.length, 0, report(diffs));
  }
});

test('policy tests pass and fail the same way natively and in wasm', async (t) => {
  const examples = path.join(repo, 'policies/examples');
  const policies = [
    ACME,
    ...(existsSync(examples)
      ? readdirSync(examples)
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(examples, f))
      : []),
  ];
  const { createEngine } = await importEngine();
  const engine = await createEngine();
  for (const file of policies) {
    const loaded = engine.loadPolicy(readFileSync(file, 'utf8'));
    assert.equal(loaded.ok, true, `${file}: ${JSON.stringify(loaded.errors)}`);
    const outcomes = engine.runPolicyTests();
    const native = runCli(['test', file]);
    // The CLI names each failing test: `FAIL name (/tests/N): ...`.
    const nativeFailed = [...native.stdout.matchAll(/^FAIL .*\((\/tests\/\d+)\)/gm)].map((m) => m[1]);
    const wasmFailed = outcomes.filter((o) => !o.passed).map((o) => o.pointer);
    t.diagnostic(`${path.relative(repo, file)}: ${outcomes.length} tests, ${wasmFailed.length} failing`);
    assert.deepEqual(wasmFailed, nativeFailed, file);
    assert.equal(native.status, nativeFailed.length ? 1 : 0);
  }
  engine.dispose();
});

test('policy errors are located the same way natively and in wasm', async () => {
  const broken = [
    '{\n  "policy": {"id": "x", "version": 3},\n  "rules": [{"id": "r", "category": "pii", "severity": "fatal",\n    "when": {"detector": "email"}, "message": "m"}],\n  "tyop": 1\n}\n',
    '{"policy": {"id": "Bad Id", "version": "1"}, "extends": ["builtin:nope"],\n "rules": [{"id": "r", "category": "pii", "when": {"regex": "(unclosed"}, "message": "{nope}"}]}',
    '{"policy": {"id": "ok", "version": "1"},\n "rules": [{"id": "r", "category": "pii",\n  "when": {"near": [{"terms": ["ä"]}], "within": 1000}, "message": "m"}]}',
    '{"policy": {"id": "ünïcode", "version": "1"}, "rules": [{"id": "r😀", "category": "other", "when": {"terms": [""]}, "message": "m"}]}',
    '{"policy": {"id": "x", "version": "1"}, "rules": [ }',
  ];
  const { createEngine } = await importEngine();
  const engine = await createEngine();
  broken.forEach((json, i) => {
    const file = path.join(scratch, `broken-${i}.json`);
    writeFileSync(file, json);
    const native = runCli(['validate', file]);
    assert.equal(native.status, 3, native.stderr);
    // `FILE: error /pointer (line:column): message`
    const nativeDiagnostics = [...native.stderr.matchAll(/^.*?: (error|warning) (\S*) \((\d+):(\d+)\): (.*)$/gm)]
      .map((m) => `${m[1]} ${m[2]} ${m[3]}:${m[4]} ${m[5]}`)
      .sort();
    const r = engine.validatePolicy(json);
    const wasmDiagnostics = [...r.errors, ...r.warnings]
      .map((d) => `${d.level} ${d.pointer || '/'} ${d.line}:${d.column} ${d.message}`)
      .sort();
    assert.ok(nativeDiagnostics.length > 0, native.stderr);
    assert.deepEqual(wasmDiagnostics, nativeDiagnostics, json);
  });
  engine.dispose();
});

// The wasm ICU data leaves out the word-break dictionaries (2 MB brotli); the core therefore
// counts a run of Chinese, Japanese, Thai, Lao, Khmer or Burmese as one word in both builds.
test('word counts inside Chinese, Japanese and Thai runs', async () => {
  const posts = ['proyecto 日本語のテキスト Jaguar', 'proyecto ภาษาไทยภาษาไทย Jaguar', 'project 中文文本 Jaguar'].map(
    (text) => ({ text, context: { now: '2026-11-20' } }),
  );
  const { diffs } = await differences(ACME, posts);
  assert.equal(diffs.length, 0, report(diffs));
});
