// The policy schema as its tests load it (Ajv 2020-12 in strict mode, ajv-formats), and the fixture
// policies: the valid ones, the broken cases in fixtures/invalid.json, and the repo's own policies.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import jsonpatch from 'fast-json-patch';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const schemaPath = path.join(repo, 'policies/policy.schema.json');
export const fixtures = path.join(here, 'fixtures');

export const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
export const schema = readJson(schemaPath);

// markdownDescription is VS Code's annotation for hover docs; strict Ajv must be told it is one.
export function compileSchema(options = {}) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, ...options });
  addFormats(ajv);
  ajv.addVocabulary(['markdownDescription']);
  return ajv.compile(schema);
}

export const jsonFiles = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];

export const validFixtures = () => jsonFiles(path.join(fixtures, 'valid'));
// Written by other work in progress: the tests take whatever is there, including nothing.
export const repoPolicies = () => [
  ...jsonFiles(path.join(repo, 'policies/builtin')),
  ...jsonFiles(path.join(repo, 'policies/examples')),
];

const invalid = readJson(path.join(fixtures, 'invalid.json'));
export const invalidBase = readJson(path.join(fixtures, invalid.base));
export const invalidCases = invalid.cases;
export const applyCase = (c, base = invalidBase) =>
  jsonpatch.applyPatch(structuredClone(base), c.patch, true).newDocument;

const depth = (pointer) => (pointer === '' ? 0 : pointer.split('/').length - 1);
// Where Ajv locates a problem: its deepest instancePath. Errors of the other oneOf/anyOf branches
// sit on the ancestors of that path.
export function deepestErrors(errors) {
  const max = Math.max(...errors.map((e) => depth(e.instancePath)));
  return errors.filter((e) => depth(e.instancePath) === max);
}
export const isAncestorOrSelf = (ancestor, pointer) => ancestor === pointer || pointer.startsWith(ancestor + '/');
// The key an additionalProperties or propertyNames error is about.
export const errorKey = (e) => e.params?.additionalProperty ?? e.params?.propertyName ?? e.propertyName;
