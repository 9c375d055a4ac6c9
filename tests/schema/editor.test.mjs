// Tests the schema as the Policy Studio's editor reads it: codemirror-json-schema (json-schema-library
// underneath) must show hover docs on every key, offer the right keys and values while a policy is
// being typed, and report no error on a valid policy. Run: node --test tests/schema/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repo, schema, validFixtures } from './schema.mjs';

// codemirror-json-schema's ESM build only loads through a bundler (extensionless imports), which is
// also how the Studio gets it.
let cm;
let dir;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-schema-editor-'));
  const outfile = path.join(dir, 'editor.mjs');
  await esbuild.build({
    stdin: {
      contents: `export { EditorState } from '@codemirror/state';
        export { json } from '@codemirror/lang-json';
        export { ensureSyntaxTree } from '@codemirror/language';
        export { CompletionContext } from '@codemirror/autocomplete';
        export { stateExtensions, JSONHover, JSONCompletion, JSONValidation } from 'codemirror-json-schema';`,
      resolveDir: repo,
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  cm = await import(outfile);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function editorState(text) {
  const state = cm.EditorState.create({ doc: text, extensions: [cm.json(), cm.stateExtensions(schema)] });
  cm.ensureSyntaxTree(state, state.doc.length, 10000);
  // The parse finished above; a transaction makes the state's syntax tree the complete one.
  return state.update({}).state;
}

// [pointer, hover text] for every property name in the text.
function hoverEveryKey(text) {
  const state = editorState(text);
  const hover = new cm.JSONHover();
  const out = [];
  cm.ensureSyntaxTree(state, state.doc.length, 10000).iterate({
    enter(node) {
      if (node.name !== 'PropertyName') return;
      const data = hover.getDataForCursor({ state }, node.from + 1, 1);
      out.push([
        data?.pointer ?? text.slice(node.from, node.to),
        data?.schema ? hover.getHoverTexts(data, hover.schema).message : null,
      ]);
    },
  });
  return out;
}

// The labels offered at `|` in the text, as when the admin presses Ctrl+Space.
function completions(textWithCursor) {
  const pos = textWithCursor.indexOf('|');
  const state = editorState(textWithCursor.replace('|', ''));
  const result = new cm.JSONCompletion({}).doComplete(new cm.CompletionContext(state, pos, true));
  return result.options.map((o) => o.label);
}

// Each hover compiles the schema anew (as the Studio does), so each fixture is hovered once.
const hovered = new Map();
const hoversOf = (file) => {
  if (!hovered.has(file)) hovered.set(file, hoverEveryKey(fs.readFileSync(file, 'utf8')));
  return hovered.get(file);
};

test('every key of the valid fixtures has hover docs', () => {
  for (const file of validFixtures()) {
    const keys = hoversOf(file);
    assert.ok(keys.length > 0);
    const undocumented = keys.filter(([, message]) => !message).map(([pointer]) => pointer);
    assert.deepEqual(undocumented, [], path.basename(file));
  }
});

test('hover shows the description of the key under the cursor', () => {
  const hovers = new Map(hoversOf(validFixtures().find((f) => path.basename(f) === 'every-option.json')));
  const c = schema.$defs.condition.properties;
  const expected = {
    '/policy/version': schema.properties.policy.properties.version.description,
    '/rules/0/severity': schema.$defs.severity.description,
    '/rules/2/when/within': c.within.description,
    // A key whose value is a $ref shows the referenced schema's description: json-schema-library
    // follows draft-07 and ignores the description written beside the $ref.
    '/rules/1/when/sentence': schema.$defs.condition.description,
    '/rules/1/when/sentence/all/1/any/1/match': schema.$defs.match.description,
    '/rules/3/when/any/8/detector': c.detector.description,
    '/rules/4/when/near/0/on': c.on.description,
    '/rules/5/when/all/2/date/from': schema.$defs.date.description,
    '/terms/insults/0/fold/zero_width': schema.$defs.fold.properties.zero_width.description,
    '/terms/unreleased/0/note': schema.$defs.text.description,
    '/roles/social_team/may_speak_for_company':
      schema.properties.roles.additionalProperties.patternProperties['^may_[a-z_]+$'].description,
    '/overrides/conflict.insult/accounts': schema.$defs.accounts.description,
    '/tests/0/context/locale': schema.properties.tests.items.properties.context.properties.locale.description,
    '/tests/0/expect/1/text':
      schema.properties.tests.items.properties.expect.items.oneOf[1].properties.text.description,
  };
  for (const [pointer, description] of Object.entries(expected))
    assert.equal(hovers.get(pointer), description, pointer);
});

const policy = (rest) => `{"policy": {"id": "acme", "version": "1"}, ${rest}}`;
const keys = (o) => Object.keys(o);
const P = schema.properties;
const operatorsAndModifiers = keys(schema.$defs.condition.properties);
const ruleKeys = keys(P.rules.items.properties);
const termKeys = keys(schema.$defs.termList.items.oneOf[1].properties);

const completionCases = [
  ['top-level keys', `{"policy": {"id": "acme", "version": "1"}, "|"}`, keys(P).filter((k) => k !== 'policy')],
  ['policy keys', `{"policy": {"|"}}`, keys(P.policy.properties)],
  ['rule keys, when and message included', policy(`"rules": [{"id": "r", "|"}]`), ruleKeys.filter((k) => k !== 'id')],
  ['operators in an empty when', policy(`"rules": [{"id": "r", "when": {"|"}}]`), operatorsAndModifiers],
  ['operators inside not', policy(`"rules": [{"id": "r", "when": {"not": {"|"}}}]`), operatorsAndModifiers],
  [
    'operators in a new item of all',
    policy(`"rules": [{"id": "r", "when": {"all": [{"list": "x"}, {"|"}]}}]`),
    operatorsAndModifiers,
  ],
  [
    'keys beside near',
    policy(`"rules": [{"id": "r", "when": {"near": [{"list": "a"}, {"list": "b"}], "|"}}]`),
    operatorsAndModifiers.filter((k) => k !== 'near'),
  ],
  ['severity values', policy(`"rules": [{"id": "r", "severity": "|"}]`), schema.$defs.severity.enum],
  ['category values', policy(`"rules": [{"id": "r", "category": "|"}]`), P.rules.items.properties.category.enum],
  [
    'detector values',
    policy(`"rules": [{"id": "r", "when": {"any": [{"detector": "|"}]}}]`),
    schema.$defs.condition.properties.detector.enum,
  ],
  ['regex views', policy(`"rules": [{"id": "r", "when": {"regex": "x", "on": "|"}}]`), ['text', 'folded']],
  ['packs', policy(`"extends": ["|"]`), P.extends.items.enum],
  ['named term lists', policy(`"terms": {"|"}`), keys(P.terms.properties)],
  [
    'term keys in a list of your own',
    policy(`"terms": {"mine": [{"term": "a", "|"}]}`),
    termKeys.filter((k) => k !== 'term'),
  ],
  [
    'term keys in a named list',
    policy(`"terms": {"unreleased": [{"term": "a", "|"}]}`),
    termKeys.filter((k) => k !== 'term'),
  ],
  [
    'term keys in a terms condition',
    policy(`"rules": [{"id": "r", "when": {"terms": [{"term": "a", "|"}]}}]`),
    termKeys.filter((k) => k !== 'term'),
  ],
  ['folds', policy(`"terms": {"mine": [{"term": "a", "fold": {"|"}}]}`), keys(schema.$defs.fold.properties)],
  ['languages of a text', policy(`"rules": [{"id": "r", "message": {"|"}}]`), ['en', 'es']],
  ['role keys', policy(`"roles": {"social_team": {"|"}}`), ['name']],
  ['override keys', policy(`"overrides": {"pii.phone": {"|"}}`), keys(P.overrides.additionalProperties.properties)],
  ['test keys', policy(`"tests": [{"text": "hi", "|"}]`), ['name', 'context', 'expect']],
  [
    'context keys',
    policy(`"tests": [{"text": "hi", "expect": [], "context": {"|"}}]`),
    keys(P.tests.items.properties.context.properties),
  ],
];

test('completion offers the keys and values that fit where the cursor is', async (t) => {
  for (const [name, text, expected] of completionCases)
    await t.test(name, () => assert.deepEqual([...completions(text)].sort(), [...expected].sort()));
});

test("the editor's schema linter finds no error in a valid policy", () => {
  for (const file of validFixtures()) {
    const diagnostics = new cm.JSONValidation().doValidation({ state: editorState(fs.readFileSync(file, 'utf8')) });
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      [],
      path.basename(file),
    );
  }
});
