// Tests policies/policy.schema.json with Ajv: it compiles in strict mode, says what
// docs/policy-format.md says, accepts every valid policy and rejects each broken one at the JSON
// pointer of the problem. Run: node --test tests/schema/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  applyCase,
  compileSchema,
  deepestErrors,
  errorKey,
  invalidBase,
  invalidCases,
  isAncestorOrSelf,
  readJson,
  repo,
  repoPolicies,
  schema,
  validFixtures,
} from './schema.mjs';

const validate = compileSchema();
const show = (errors) =>
  JSON.stringify(
    errors?.map((e) => [e.instancePath, e.keyword, e.message]),
    null,
    1,
  );
const rel = (file) => path.relative(repo, file);

test('the schema compiles in Ajv strict mode', () => {
  assert.equal(typeof compileSchema(), 'function');
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(schema.$id, 'https://postguard.dev/schema/policy-v1.json');
});

// Every place an editor can show hover docs or a completion's info: each property, each
// additionalProperties/patternProperties/items schema that is an object, each $defs entry and each
// condition branch.
function documentedSchemas(node, at, out = []) {
  if (!node || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    node.forEach((n, i) => documentedSchemas(n, `${at}/${i}`, out));
    return out;
  }
  for (const [key, value] of Object.entries(node)) {
    const here = `${at}/${key}`;
    if (
      (key === 'properties' || key === 'patternProperties' || key === '$defs') &&
      value &&
      typeof value === 'object'
    ) {
      for (const [name, sub] of Object.entries(value)) {
        // {} in a condition branch only repeats a required key for Ajv's strictRequired.
        if (Object.keys(sub).length > 0) out.push([`${here}/${name}`, sub]);
      }
    }
    if (key === 'additionalProperties' && value && typeof value === 'object') out.push([here, value]);
    documentedSchemas(value, here, out);
  }
  return out;
}

test('every property and definition has a description and a markdownDescription', () => {
  const missing = documentedSchemas(schema, '#')
    .filter(([, s]) => !(s.description?.trim() && s.markdownDescription?.trim()))
    .map(([where]) => where);
  assert.deepEqual(missing, []);
  const branches = schema.$defs.condition.allOf[0].oneOf;
  assert.deepEqual(
    branches.filter((b) => !(b.description && b.markdownDescription)).map((b) => b.title),
    [],
  );
});

test('descriptions are plain text; markdown goes in markdownDescription', () => {
  const marked = documentedSchemas(schema, '#')
    .filter(([, s]) => /`|\*\*|```/.test(s.description))
    .map(([where]) => where);
  assert.deepEqual(marked, []);
});

test('terms.additionalProperties is the same term list as $defs/termList', () => {
  // Written twice only because codemirror-json-schema cannot follow additionalProperties: {$ref}.
  assert.deepEqual(schema.properties.terms.additionalProperties, schema.$defs.termList);
});

// ---- the schema says what docs/policy-format.md says ----

const doc = fs.readFileSync(path.join(repo, 'docs/policy-format.md'), 'utf8');

// The rows of the first table after a heading, as arrays of cells.
function table(heading, which = 0) {
  const start = doc.split('\n').findIndex((l) => l.trim() === heading);
  assert.ok(start >= 0, `docs/policy-format.md has no heading ${heading}`);
  const lines = doc.split('\n').slice(start + 1);
  const end = lines.findIndex((l) => /^#{1,3} /.test(l));
  const section = end < 0 ? lines : lines.slice(0, end);
  const tables = [];
  let current = null;
  for (const line of section) {
    if (line.startsWith('|')) {
      if (!current) tables.push((current = []));
      current.push(line);
    } else current = null;
  }
  assert.ok(tables[which], `no table ${which} under ${heading}`);
  // Cells are split on | outside backticks (the conditions table has `"personal" \| "official"`).
  return tables[which].slice(2).map((row) =>
    row
      .replace(/\\\|/g, '\u0000')
      .split('|')
      .slice(1, -1)
      .map((c) => c.replace(/\u0000/g, '|').trim()),
  );
}
const ticked = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const keysOf = (rows) => rows.map((r) => ticked(r[0])).flat();
const sorted = (xs) => [...xs].sort();
const number = (s) => Number(s.replace(/,/g, ''));
const P = schema.properties;
const rule = P.rules.items.properties;
const term = schema.$defs.termList.items.oneOf[1].properties;
const condition = schema.$defs.condition;

test('keys match the tables of docs/policy-format.md', () => {
  assert.deepEqual(sorted(Object.keys(P)), sorted(keysOf(table('## Top level'))));
  assert.deepEqual(sorted(Object.keys(P.policy.properties)), sorted(keysOf(table('### `policy`'))));
  assert.deepEqual(sorted(Object.keys(P.company.properties)), sorted(keysOf(table('### `company`'))));
  assert.deepEqual(sorted(Object.keys(term)), sorted(keysOf(table('### `terms`')).flatMap((k) => k.split(', '))));
  assert.deepEqual(sorted(Object.keys(rule)), sorted(keysOf(table('## Rules')).flatMap((k) => k.split(', '))));
  assert.deepEqual(
    sorted(Object.keys(P.tests.items.properties.context.properties)),
    sorted(keysOf(table('## Context'))),
  );
});

test('enums match docs/policy-format.md', () => {
  const ruleRow = (key) => table('## Rules').find((r) => ticked(r[0])[0] === key);
  assert.deepEqual(rule.category.enum, ticked(ruleRow('category')[3]));
  assert.deepEqual(schema.$defs.severity.enum, ticked(ruleRow('severity')[1]));
  assert.deepEqual(schema.$defs.accounts.items.enum, ticked(ruleRow('accounts')[1]));
  assert.deepEqual(P.extends.items.enum, keysOf(table('### `extends`')));
  assert.deepEqual(Object.keys(schema.$defs.fold.properties), keysOf(table('### Folding (`fold`)')));
  assert.deepEqual(condition.properties.detector.enum, keysOf(table('### Conditions', 1)));
  const termRow = (key) => table('### `terms`').find((r) => ticked(r[0])[0] === key);
  assert.deepEqual(
    schema.$defs.match.enum,
    ticked(termRow('match')[1]).map((s) => JSON.parse(s)),
  );
  const policyRow = table('### `policy`').find((r) => ticked(r[0])[0] === 'languages');
  assert.deepEqual(
    P.policy.properties.languages.items.enum,
    ticked(policyRow[1]).map((s) => JSON.parse(s)),
  );
  const contextRow = table('## Context').find((r) => ticked(r[0])[0] === 'account');
  assert.deepEqual(P.tests.items.properties.context.properties.account.enum, ticked(contextRow[1]));
});

test('each condition of docs/policy-format.md is one oneOf branch with its modifiers', () => {
  // `{"near": [C, ...], "within": N, "ordered"?: false}` -> near, within, ordered: the keys of the
  // outer object, once nested {...} and [...] are dropped.
  const documented = table('### Conditions').map((row) => {
    let inner = ticked(row[0])[0].trim().slice(1, -1);
    while (/\{[^{}]*\}|\[[^[\]]*\]/.test(inner)) inner = inner.replace(/\{[^{}]*\}|\[[^[\]]*\]/g, '');
    const keys = inner.split(',').map((part) => part.trim().match(/^"([a-z_]+)"/)?.[1]);
    assert.ok(keys.every(Boolean), row[0]);
    return { op: keys[0], keys: sorted(keys) };
  });
  // `highlight` is documented once, below the table, as a modifier of every condition.
  const branches = condition.allOf[0].oneOf.map((b) => {
    assert.ok(b.propertyNames.enum.includes('highlight'), b.title);
    return { op: b.title, keys: sorted(b.propertyNames.enum.filter((k) => k !== 'highlight')) };
  });
  assert.deepEqual(branches, documented);
  assert.match(doc, /may also say `"highlight": false`/);
  for (const b of condition.allOf[0].oneOf) assert.ok(b.required.includes(b.title), b.title);
  assert.deepEqual(
    sorted(Object.keys(condition.properties)),
    sorted(new Set([...documented.flatMap((d) => d.keys), 'highlight'])),
  );
  // Only `within` (of `near` and `without`) is required besides the operator (the table writes
  // optional keys as "key"?).
  const required = condition.allOf[0].oneOf.flatMap((b) => b.required.filter((k) => k !== b.title));
  assert.deepEqual(required, ['within', 'within']);
});

test('limits match the Limits table of docs/policy-format.md', () => {
  const limits = Object.fromEntries(table('## Limits').map(([what, limit]) => [what, limit]));
  const numbers = (what) => [...limits[what].matchAll(/\d[\d,]*/g)].map((m) => number(m[0]));
  assert.equal(P.rules.maxItems, numbers('rules (with packs)')[0]);
  assert.equal(schema.$defs.termList.maxItems, numbers('terms (all lists and conditions)')[0]);
  assert.equal(schema.$defs.termText.maxLength, numbers('term length')[0]);
  assert.equal(condition.properties.regex.maxLength, numbers('regexes')[1]);
  assert.deepEqual(
    [condition.properties.within.minimum, condition.properties.within.maximum],
    numbers('`near.within`'),
  );
  assert.equal(P.tests.maxItems, numbers('tests')[0]);
  const strings = 'any other string (texts, names, URLs, replacements)';
  assert.equal(schema.$defs.text.anyOf[0].maxLength, numbers(strings)[0]);
  assert.equal(schema.$defs.text.anyOf[1].additionalProperties.maxLength, numbers(strings)[0]);
  assert.equal(P.tests.items.properties.text.maxLength, numbers('a checked draft')[0]);
});

test('every pack in policies/builtin/ is a value of extends', (t) => {
  const packs = fs.existsSync(path.join(repo, 'policies/builtin'))
    ? fs.readdirSync(path.join(repo, 'policies/builtin')).filter((f) => f.endsWith('.json'))
    : [];
  if (packs.length === 0) t.diagnostic('policies/builtin/ has no packs yet');
  for (const f of packs) assert.ok(P.extends.items.enum.includes(`builtin:${f.slice(0, -5)}`), f);
});

// ---- policies ----

test('valid fixture policies validate', async (t) => {
  const files = validFixtures();
  assert.ok(files.length >= 4);
  for (const file of files) await t.test(rel(file), () => assert.ok(validate(readJson(file)), show(validate.errors)));
});

test('the policies in policies/builtin/ and policies/examples/ validate', async (t) => {
  const files = repoPolicies();
  if (files.length === 0) t.diagnostic('no policies in policies/builtin/ or policies/examples/ yet');
  for (const file of files) await t.test(rel(file), () => assert.ok(validate(readJson(file)), show(validate.errors)));
});

test('broken policies are rejected at the JSON pointer of the problem', async (t) => {
  assert.ok(validate(invalidBase), 'the base of the broken cases is valid');
  for (const c of invalidCases) {
    await t.test(c.name, () => {
      const policy = applyCase(c);
      assert.equal(validate(policy), false, 'rejected');
      const errors = validate.errors;
      const deepest = deepestErrors(errors);
      assert.deepEqual([...new Set(deepest.map((e) => e.instancePath))], [c.pointer], show(errors));
      assert.ok(
        deepest.some((e) => e.keyword === c.keyword && (c.property === undefined || errorKey(e) === c.property)),
        `a ${c.keyword} error${c.property ? ` about ${c.property}` : ''} at ${c.pointer}: ${show(deepest)}`,
      );
      // No error elsewhere: the other errors belong to the oneOf/anyOf branches enclosing the problem.
      const elsewhere = errors.filter((e) => !isAncestorOrSelf(e.instancePath, c.pointer));
      assert.deepEqual(elsewhere, [], show(elsewhere));
    });
  }
});

// Each limit: the largest allowed value is accepted and one more is rejected where it was set.
const limitCases = [
  ['term length', '/terms/places/0', (n) => 'x'.repeat(n), 200, 'maxLength'],
  ['term length in a term object', '/terms/unreleased/0/term', (n) => 'é'.repeat(n), 200, 'maxLength'],
  ['regex length', '/rules/5/when/all/0/regex', (n) => 'a'.repeat(n), 1000, 'maxLength'],
  ['text length', '/rules/6/message', (n) => 'x'.repeat(n), 4000, 'maxLength'],
  ['translation length', '/rules/0/why/en', (n) => 'x'.repeat(n), 4000, 'maxLength'],
  ['near.within', '/rules/4/when/within', (n) => n, 100, 'maximum'],
  ['test text', '/tests/1/text', (n) => 'x'.repeat(n), 1048576, 'maxLength'],
  [
    'rules',
    '/rules',
    (n) => Array.from({ length: n }, (_, i) => ({ ...invalidBase.rules[6], id: `r${i}` })),
    5000,
    'maxItems',
  ],
  ['tests', '/tests', (n) => Array.from({ length: n }, () => invalidBase.tests[2]), 5000, 'maxItems'],
];

test('each limit is accepted at its value and rejected one above', async (t) => {
  for (const [name, pointer, make, limit, keyword] of limitCases) {
    await t.test(name, () => {
      const at = { patch: [{ op: 'replace', path: pointer, value: make(limit) }] };
      assert.ok(validate(applyCase(at)), show(validate.errors));
      const over = { patch: [{ op: 'replace', path: pointer, value: make(limit + 1) }] };
      assert.equal(validate(applyCase(over)), false);
      assert.ok(
        deepestErrors(validate.errors).some((e) => e.instancePath === pointer && e.keyword === keyword),
        show(validate.errors),
      );
    });
  }
  await t.test('near.within below 1', () => {
    assert.ok(validate(applyCase({ patch: [{ op: 'replace', path: '/rules/2/when/within', value: 1 }] })));
    assert.equal(validate(applyCase({ patch: [{ op: 'replace', path: '/rules/2/when/within', value: 0 }] })), false);
  });
});
