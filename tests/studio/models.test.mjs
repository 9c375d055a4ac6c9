// Unit tests of the Studio's DOM-free parts: the essentials form's mapping, batch parsing,
// counting and CSV export, and the publish checklist's version order. Run: node --test tests/studio/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import { readEssentials, writeEssentials } from '../../web/src/studio/essentials.js';
import { parsePosts, countByCategory, totals, resultsToCsv, checkPosts } from '../../web/src/studio/batch.js';
import { compareVersions, publishChecklist } from '../../web/src/studio/publish-checks.js';

test('essentials: written values read back the same, and unrelated keys survive', () => {
  const policy = {
    policy: { id: 'acme', version: '1.0.0' },
    rules: [{ id: 'x' }],
    terms: { unreleased: [{ term: 'Lumen Tab', until: '2027-06-01', replacement: 'our next tablet' }], places: ['HQ'] },
    roles: { legal: { may_speak_for_company: true, may_answer_customers: true } },
  };
  const values = {
    id: 'acme',
    version: '1.1.0',
    name: 'ACME policy',
    url: 'https://intranet.acme.example/social',
    contact: 'social@acme.example',
    languages: 'es, en',
    names: 'ACME\nAcme Corp',
    handles: '@acme',
    officialUrls: 'support = https://acme.example/help',
    unreleased: 'Lumen Tab, 2027-07-01\nProject Orca',
    internalTools: 'Hydra',
    spokespeople: 'social_team',
  };
  const written = writeEssentials(policy, values);
  assert.equal(written.ok, true);
  const p = written.policy;
  assert.deepEqual(Object.keys(p), ['policy', 'company', 'roles', 'terms', 'rules']);
  assert.deepEqual(p.rules, [{ id: 'x' }]);
  assert.deepEqual(p.terms.places, ['HQ']);
  // The hand-set replacement of a known term is kept; its date follows the form.
  assert.deepEqual(p.terms.unreleased, [
    { term: 'Lumen Tab', until: '2027-07-01', replacement: 'our next tablet' },
    'Project Orca',
  ]);
  // legal loses the spokesperson permission but keeps its other one.
  assert.deepEqual(p.roles, { legal: { may_answer_customers: true }, social_team: { may_speak_for_company: true } });
  assert.deepEqual(p.policy.languages, ['es', 'en']);
  assert.deepEqual(readEssentials(p), values);
  assert.equal(policy.policy.version, '1.0.0', 'the input is not changed');
});

test('essentials: a malformed official URL line is reported with its line', () => {
  const r = writeEssentials({}, { officialUrls: 'support = https://a.example\nnot a pair' });
  assert.deepEqual(r, { ok: false, field: 'officialUrls', line: 2, text: 'not a pair' });
});

test('batch: JSONL with strings, objects, nested context and a bad line', () => {
  const input =
    '"plain post"\n{"text":"hi","site":"x.com","account":"official"}\n\n{"text":"b","context":{"role":"legal","now":"2027-01-01"}}\n{oops\n{"nope":1}';
  const r = parsePosts(input);
  assert.equal(r.format, 'jsonl');
  assert.deepEqual(
    r.posts.map((p) => [p.line, p.text, p.context]),
    [
      [1, 'plain post', {}],
      [2, 'hi', { site: 'x.com', account: 'official' }],
      [4, 'b', { role: 'legal', now: '2027-01-01' }],
    ],
  );
  assert.deepEqual(
    r.errors.map((e) => e.line),
    [5, 6],
  );
});

test('batch: CSV with quoted multi-line text and a header in any case', () => {
  const r = parsePosts('Text,Site\n"line one\nline two, with comma",x.com\nsecond,\n');
  assert.equal(r.format, 'csv');
  assert.deepEqual(
    r.posts.map((p) => [p.text, p.context]),
    [
      ['line one\nline two, with comma', { site: 'x.com' }],
      ['second', {}],
    ],
  );
  assert.equal(parsePosts('a,b\n1,2').errors[0].message, 'the header row needs a "text" column');
  assert.equal(parsePosts('{"text":"x"}', 'posts.csv').format, 'csv', 'the file extension wins');
});

test('batch: counts per category, totals and a CSV that lists every post', async () => {
  const posts = parsePosts('"a"\n"b"\n"c"').posts;
  const findingsFor = {
    a: [
      { rule: 'r1', category: 'pii', severity: 'warn', start: 0, end: 1, text: 'a', message: 'm' },
      { rule: 'r2', category: 'pii', severity: 'warn', start: 0, end: 1, text: 'a', message: 'm' },
    ],
    b: [{ rule: 'r3', category: 'confidential', severity: 'block', start: 0, end: 1, text: 'b', message: '=cmd' }],
    c: [],
  };
  const results = await checkPosts(posts, (text) => ({ findings: findingsFor[text], problems: [] }));
  assert.deepEqual(countByCategory(results), [
    { category: 'confidential', findings: 1, posts: 1 },
    { category: 'pii', findings: 2, posts: 1 },
  ]);
  assert.deepEqual(totals(results), { posts: 3, flagged: 2, findings: 3 });
  const rows = Papa.parse(resultsToCsv(results), { header: true }).data;
  assert.deepEqual(
    rows.map((r) => [r.post, r.rule]),
    [
      ['1', 'r1'],
      ['1', 'r2'],
      ['2', 'r3'],
      ['3', ''],
    ],
  );
  assert.equal(rows[2].message, "'=cmd", 'formulas are neutralised for spreadsheets');
});

test('publish: versions compare numerically by dotted part', () => {
  assert.ok(compareVersions('1.10.0', '1.9.9') > 0);
  assert.ok(compareVersions('2026.11.2', '2026.11.10') < 0);
  assert.equal(compareVersions('1.0', '1.0.0'), 0);
  assert.equal(compareVersions('1.0-beta', '1.0'), null);
});

test('publish: the checklist needs a load, passing tests, a newer version and an https URL', () => {
  const load = { ok: true, errors: [], warnings: [], policy: { version: '1.2.0', url: 'https://intranet.example/p' } };
  const outcomes = [{ passed: true }, { passed: true }];
  const ok = (items) => Object.fromEntries(items.map((i) => [i.key, i.ok]));
  assert.deepEqual(ok(publishChecklist({ load, outcomes, previousVersion: '1.1.9' })), {
    loads: true,
    tests: true,
    version: true,
    url: true,
  });
  assert.deepEqual(
    ok(
      publishChecklist({
        load: { ...load, policy: { version: '1.2.0', url: 'http://x' } },
        outcomes: [{ passed: false }],
        previousVersion: '1.2.0',
      }),
    ),
    { loads: true, tests: false, version: false, url: false },
  );
  assert.equal(
    ok(publishChecklist({ load, outcomes: [], previousVersion: '' })).tests,
    false,
    'no tests is not a pass',
  );
});
