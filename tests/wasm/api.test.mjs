// The engine's JavaScript API (wasm/postguard.d.ts) in Node: loading with located errors, keeping
// the policy in force when a load fails, exact UTF-16 spans, context, policy tests and dispose.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { importEngine, repo, wasmDir } from './support.mjs';

const { createEngine } = await importEngine();

const ACME = readFileSync(path.join(repo, 'tests/wasm/fixtures/acme-policy.json'), 'utf8');

const BEFORE_LAUNCH = { now: '2026-11-20' };

// A policy with errors on known lines: [line, the key the error is about].
const BROKEN =
  '{\n  "policy": {"id": "x", "version": 3},\n  "rules": [\n    {"id": "r", "category": "pii", "severity": "fatal",\n     "when": {"detector": "email"}, "message": "m"}\n  ],\n  "tyop": 1\n}\n';

function rulesOf(findings) {
  return findings.map((f) => f.rule);
}

test('createEngine starts with the built-in default policy and the version of the build', async () => {
  const engine = await createEngine();
  const { version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
  assert.equal(engine.version, version);
  const info = engine.policyInfo();
  assert.ok(info.id.length > 0);
  assert.ok(info.rules > 0, 'the default policy has rules');
  engine.dispose();
});

test('createEngine({policy}) starts from that policy, or from the default when it does not load', async () => {
  const cached = await createEngine({ policy: ACME });
  assert.equal(cached.policyInfo().id, 'acme');
  cached.dispose();
  const broken = await createEngine({ policy: BROKEN });
  const defaultEngine = await createEngine();
  assert.equal(broken.policyInfo().id, defaultEngine.policyInfo().id);
  assert.ok(broken.policyInfo().rules > 0);
  broken.dispose();
  defaultEngine.dispose();
});

test('loadPolicy puts a valid policy in force and describes it', async () => {
  const engine = await createEngine();
  const r = engine.loadPolicy(ACME);
  assert.equal(r.ok, true);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.policy.id, 'acme');
  assert.equal(r.policy.version, '1.2.0');
  assert.equal(r.policy.name, 'ACME policy');
  assert.deepEqual(r.policy.languages, ['en', 'es']);
  assert.equal(r.policy.rules, 11);
  assert.deepEqual(engine.policyInfo(), r.policy);
  engine.dispose();
});

test('a broken policy reports every error with its pointer and line:column, and keeps the old policy', async () => {
  const engine = await createEngine();
  assert.equal(engine.loadPolicy(ACME).ok, true);
  const r = engine.loadPolicy(BROKEN);
  assert.equal(r.ok, false);
  assert.equal(r.policy, null);
  const lines = BROKEN.split('\n');
  const where = (pointer) => r.errors.concat(r.warnings).find((d) => d.pointer === pointer);
  for (const [pointer, line, key, level] of [
    ['/policy/version', 2, '"version"', 'error'],
    ['/rules/0/severity', 4, '"severity"', 'error'],
    ['/tyop', 7, '"tyop"', 'warning'],
  ]) {
    const d = where(pointer);
    assert.ok(d, `a diagnostic at ${pointer}: ${JSON.stringify(r)}`);
    assert.equal(d.level, level);
    assert.equal(d.line, line, pointer);
    // The column points at the key or at its value (1-based).
    const keyColumn = lines[line - 1].indexOf(key) + 1;
    const valueColumn = lines[line - 1].indexOf(':', keyColumn) + 3;
    assert.ok(d.column === keyColumn || d.column === valueColumn, `${pointer} column ${d.column}`);
    assert.ok(d.message.length > 0);
  }
  // The previous policy is still in force and still checks.
  assert.equal(engine.policyInfo().id, 'acme');
  assert.deepEqual(rulesOf(engine.check('The Lumen Tab!', BEFORE_LAUNCH)), ['confidential.unreleased', 'other.any']);
  engine.dispose();
});

test('invalid JSON, wrong types and hostile nesting are errors, never exceptions', async () => {
  const engine = await createEngine();
  for (const bad of [
    '',
    '{',
    'null',
    '[]',
    '{"policy": }',
    '['.repeat(1000) + ']'.repeat(1000),
    '\u{1F600}',
    '\uD800',
  ]) {
    const r = engine.loadPolicy(bad);
    assert.equal(r.ok, false, bad.slice(0, 20));
    assert.ok(r.errors.length > 0);
  }
  assert.equal(engine.loadPolicy(undefined).ok, false);
  assert.equal(engine.loadPolicy({ policy: {} }).ok, false);
  // Still alive and still the default policy.
  assert.ok(engine.policyInfo().rules > 0);
  assert.equal(engine.loadPolicy(ACME).ok, true);
  engine.dispose();
});

test('a policy nested 100,000 levels deep is an error, and the engine lives on', async () => {
  const engine = await createEngine();
  for (const deep of [
    '['.repeat(100000) + ']'.repeat(100000),
    `{"policy": ${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}}`,
  ]) {
    const r = engine.loadPolicy(deep);
    assert.equal(r.ok, false);
    assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
  }
  assert.equal(engine.loadPolicy(ACME).ok, true, 'the engine survives');
  engine.dispose();
});

test('validatePolicy reports like loadPolicy without replacing the policy in force', async () => {
  const engine = await createEngine();
  const before = engine.policyInfo();
  const ok = engine.validatePolicy(ACME);
  assert.equal(ok.ok, true);
  assert.equal(ok.policy.id, 'acme');
  assert.deepEqual(engine.policyInfo(), before);
  assert.deepEqual(engine.validatePolicy(BROKEN).errors, engine.loadPolicy(BROKEN).errors);
  assert.deepEqual(engine.policyInfo(), before);
  engine.loadPolicy(ACME);
  assert.deepEqual(engine.loadDefaultPolicy().policy, before);
  assert.deepEqual(engine.policyInfo(), before);
  engine.dispose();
});

test('spans are UTF-16 offsets into the text as given: emoji, ZWJ, combining marks, CRLF, lone surrogates', async () => {
  const engine = await createEngine();
  engine.loadPolicy(ACME);
  const cases = [
    ['👩‍💻🇪🇸\r\nThe Lumen Tab\r\n', 'Lumen Tab'],
    ['\u{1F600}\u{1F600} L\u0301umen Tab', 'L\u0301umen Tab'],
    ['e\u0301\u0301 Ｌｕｍｅｎ Ｔａｂ 𝐱', 'Ｌｕｍｅｎ Ｔａｂ'],
    ['\uD800 Lumen Tab \uDC00', 'Lumen Tab'],
    ['\uDC00\uD800Lumen Tab', 'Lumen Tab'],
  ];
  for (const [text, flagged] of cases) {
    const findings = engine.check(text, BEFORE_LAUNCH).filter((f) => f.rule === 'confidential.unreleased');
    assert.equal(findings.length, 1, JSON.stringify(text));
    const [f] = findings;
    assert.equal(f.start, text.indexOf(flagged), JSON.stringify(text));
    assert.equal(f.end, f.start + flagged.length);
    assert.equal(f.text, text.slice(f.start, f.end));
  }
  // A span that contains a lone surrogate: the finding's text is still the page's own slice.
  const text = 'x Lumen\uD800Tab y';
  const [f] = engine.check(text, BEFORE_LAUNCH).filter((x) => x.rule === 'other.any');
  assert.ok(f, 'the regex sees across the lone surrogate');
  assert.equal(f.text, 'Lumen\uD800Tab');
  assert.equal(f.text, text.slice(f.start, f.end));
  engine.dispose();
});

test('findings carry the whole contract and the evidence of disguise', async () => {
  const engine = await createEngine();
  engine.loadPolicy(ACME);
  const [f] = engine.check('Soon: the Lumеn Tаb', BEFORE_LAUNCH); // Cyrillic е and а
  assert.deepEqual(Object.keys(f), [
    'rule',
    'category',
    'severity',
    'start',
    'end',
    'text',
    'message',
    'why',
    'suggestion',
    'replacement',
    'link',
    'evidence',
  ]);
  assert.equal(f.rule, 'confidential.unreleased');
  assert.equal(f.category, 'confidential');
  assert.equal(f.severity, 'block');
  assert.equal(f.message, 'Lumеn Tаb has not been announced.');
  assert.equal(f.why, 'Unreleased products are confidential.');
  assert.equal(f.suggestion, 'Wait for the launch.');
  assert.equal(f.replacement, 'our next tablet');
  assert.equal(f.link, 'https://intranet.acme.example/social');
  assert.deepEqual(f.evidence, ['homoglyph']);
  assert.deepEqual(engine.check('L u m e n  T a b', BEFORE_LAUNCH)[0].evidence, ['spacing']);
  engine.dispose();
});

test('the context decides: date window, account, role, site and locale', async () => {
  const engine = await createEngine();
  engine.loadPolicy(ACME);
  const post = 'The Lumen Tab is here, we will refund you. Write to ana@example.com';
  const rules = (context) => rulesOf(engine.check(post, context)).filter((r) => r !== 'other.any');
  assert.deepEqual(rules(BEFORE_LAUNCH), ['confidential.unreleased', 'spokesperson.refund']);
  assert.deepEqual(rules({ now: '2027-06-01' }), ['spokesperson.refund']);
  assert.deepEqual(rules({ ...BEFORE_LAUNCH, account: 'official' }), ['spokesperson.refund']);
  assert.deepEqual(rules({ ...BEFORE_LAUNCH, role: 'social_team' }), ['confidential.unreleased']);
  assert.deepEqual(rules({ ...BEFORE_LAUNCH, site: 'www.linkedin.com' }), [
    'confidential.unreleased',
    'spokesperson.refund',
    'pii.email',
  ]);
  assert.deepEqual(rules({ ...BEFORE_LAUNCH, site: 'x.com' }), ['confidential.unreleased', 'spokesperson.refund']);
  const message = (locale) =>
    engine.check(post, { ...BEFORE_LAUNCH, locale }).find((f) => f.rule === 'spokesperson.refund').message;
  assert.equal(message('es'), 'Envíalos a https://acme.example/help.');
  assert.equal(message('es-MX'), 'Envíalos a https://acme.example/help.');
  assert.equal(message('en'), 'Send them to https://acme.example/help.');
  assert.equal(message(undefined), 'Send them to https://acme.example/help.'); // the policy's first language
  engine.dispose();
});

test('without `now`, the day is today in local time, as JavaScript sees it', async () => {
  const engine = await createEngine();
  const day = (offset) => {
    const d = new Date();
    d.setDate(d.getDate() + offset);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const policy = (until) =>
    JSON.stringify({
      policy: { id: 'days', version: '1' },
      rules: [
        {
          id: 'other.embargo',
          category: 'other',
          when: { terms: [{ term: 'Lumen Tab', until }] },
          message: 'Not yet.',
        },
      ],
    });
  assert.equal(engine.loadPolicy(policy(day(1))).ok, true);
  assert.deepEqual(rulesOf(engine.check('The Lumen Tab')), ['other.embargo']);
  assert.equal(engine.loadPolicy(policy(day(0))).ok, true);
  assert.deepEqual(rulesOf(engine.check('The Lumen Tab')), []);
  engine.dispose();
});

test('a bad context is a problem, and the check still runs with the default context', async () => {
  const engine = await createEngine();
  engine.loadPolicy(ACME);
  const r = engine.checkDetailed('The Lumen Tab', { ...BEFORE_LAUNCH, account: 'company', colour: 'red' });
  assert.ok(r.problems.length >= 1);
  assert.equal(r.problems[0].rule, '');
  assert.match(r.problems[0].message, /account|colour/);
  assert.ok(rulesOf(r.findings).includes('confidential.unreleased'));
  const cyclic = {};
  cyclic.self = cyclic;
  assert.ok(engine.checkDetailed('The Lumen Tab', cyclic).problems.length >= 1);
  assert.deepEqual(engine.checkDetailed(42), {
    findings: [],
    problems: [{ rule: '', message: 'The text to check must be a string.' }],
  });
  assert.deepEqual(engine.check(null), []);
  assert.deepEqual(engine.checkDetailed('The Lumen Tab', BEFORE_LAUNCH).problems, []);
  engine.dispose();
});

test('a runaway regex is stopped and reported as a problem; other rules still report', async () => {
  const engine = await createEngine();
  const policy = JSON.parse(ACME);
  policy.rules.push({
    id: 'other.runaway',
    category: 'other',
    when: { regex: '(a+)+$', ignore_case: false },
    message: 'Slow.',
  });
  assert.equal(engine.loadPolicy(JSON.stringify(policy)).ok, true);
  const started = performance.now();
  const r = engine.checkDetailed(`The Lumen Tab ${'a'.repeat(5000)}!`, BEFORE_LAUNCH);
  assert.ok(performance.now() - started < 2000, 'the time limit holds in wasm');
  assert.deepEqual(
    r.problems.map((p) => p.rule),
    ['other.runaway'],
  );
  assert.ok(rulesOf(r.findings).includes('confidential.unreleased'));
  engine.dispose();
});

test('runPolicyTests runs the tests of the policy in force and says why one fails', async () => {
  const engine = await createEngine();
  engine.loadPolicy(ACME);
  const outcomes = engine.runPolicyTests();
  assert.deepEqual(
    outcomes.map((o) => [o.name, o.pointer, o.passed]),
    [
      ['embargo', '/tests/0', true],
      ['launched', '/tests/1', true],
      ['wrong on purpose', '/tests/2', false],
    ],
  );
  assert.deepEqual(outcomes[2].missing, ['pii.email: a@b.example']);
  assert.deepEqual(outcomes[2].unexpected, []);
  assert.deepEqual(rulesOf(outcomes[0].findings), ['confidential.unreleased', 'other.any']);
  assert.equal(outcomes[0].findings[0].text, 'Lumen Tab');
  engine.dispose();
});

test('engines are independent, and dispose ends one without throwing', async () => {
  const a = await createEngine();
  const b = await createEngine({ wasmBinary: readFileSync(path.join(wasmDir, 'postguard.wasm')) });
  a.loadPolicy(ACME);
  assert.equal(a.policyInfo().id, 'acme');
  assert.notEqual(b.policyInfo().id, 'acme');
  a.dispose();
  a.dispose();
  assert.deepEqual(a.check('The Lumen Tab', BEFORE_LAUNCH), []);
  assert.match(a.checkDetailed('x').problems[0].message, /disposed/);
  const r = a.loadPolicy(ACME);
  assert.equal(r.ok, false);
  assert.match(r.errors[0].message, /disposed/);
  assert.deepEqual(a.runPolicyTests(), []);
  assert.equal(b.loadPolicy(ACME).ok, true);
  assert.deepEqual(rulesOf(b.check('The Lumen Tab', BEFORE_LAUNCH)), ['confidential.unreleased', 'other.any']);
  b.dispose();
});

test('createEngine rejects bytes that are not the engine', async () => {
  await assert.rejects(createEngine({ wasmBinary: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) }));
  await assert.rejects(createEngine({ wasmBinary: new Uint8Array([1, 2, 3]) }));
  await assert.rejects(createEngine({ wasmUrl: new URL('file:///nonexistent/postguard.wasm') }));
});

test('long drafts: a 100,000-character post is checked with exact spans', async () => {
  const engine = await createEngine();
  engine.loadPolicy(ACME);
  const filler = 'Lorem ipsum 😀 dolor\r\n'.repeat(5000);
  const text = `${filler}The Lumen Tab ${filler}`;
  const findings = engine.check(text, BEFORE_LAUNCH).filter((f) => f.rule === 'confidential.unreleased');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].start, filler.length + 4);
  assert.equal(findings[0].text, 'Lumen Tab');
  engine.dispose();
});
