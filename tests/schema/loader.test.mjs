// Cross-checks the schema against the loader (`postguard validate`), which has the final word: the
// valid fixtures load, each broken case is reported where fixtures/invalid.json says, and the repo's
// own policies get the same verdict from both. Needs a built CLI: $POSTGUARD_CLI, or
// build/native/postguard; skipped without one. Run: node --test tests/schema/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { applyCase, compileSchema, invalidCases, readJson, repo, repoPolicies, validFixtures } from './schema.mjs';

const cli = [process.env.POSTGUARD_CLI, 'build/native/postguard', 'build/native/cli/postguard']
  .filter(Boolean)
  .map((p) => path.resolve(repo, p))
  .find((p) => fs.existsSync(p));
const skip = cli ? false : 'no postguard CLI built (set POSTGUARD_CLI or build build/native/postguard)';
const validate = compileSchema();

// `-: error /rules/3/when/near/within (12:18): ...` -> {level, pointer, message}
function loaderVerdict(policy) {
  const run = spawnSync(cli, ['validate', '-'], { input: JSON.stringify(policy, null, 2), encoding: 'utf8' });
  const diagnostics = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .map((line) => line.match(/^-: (error|warning) (\S*)(?: \(\d+:\d+\))?: (.*)$/))
    .filter(Boolean)
    .map(([, level, pointer, message]) => ({ level, pointer: pointer === '/' ? '' : pointer, message }));
  return { status: run.status, diagnostics };
}
const errorsOf = (v) => v.diagnostics.filter((d) => d.level === 'error');
// A pack the CLI was built without is a fact about the build, not about the policy.
const missingPacks = (v) =>
  errorsOf(v).filter((d) => /^\/extends\/\d+$/.test(d.pointer) && /Unknown pack/.test(d.message));

test('the valid fixtures load', { skip }, async (t) => {
  for (const file of validFixtures()) {
    await t.test(path.basename(file), (tt) => {
      const verdict = loaderVerdict(readJson(file));
      if (missingPacks(verdict).length > 0 && missingPacks(verdict).length === errorsOf(verdict).length)
        return tt.skip(
          `the CLI lacks ${missingPacks(verdict)
            .map((d) => d.message)
            .join('; ')}`,
        );
      assert.deepEqual(errorsOf(verdict), []);
      assert.equal(verdict.status, 0);
      for (const w of verdict.diagnostics) tt.diagnostic(`loader warning ${w.pointer}: ${w.message}`);
    });
  }
});

test('the loader reports each broken case where fixtures/invalid.json says', { skip }, async (t) => {
  for (const c of invalidCases) {
    const todo = c.loader?.accepts ? `known difference: ${c.loader.accepts}` : undefined;
    await t.test(c.name, { todo }, () => {
      const expected = c.loader?.accepts
        ? { level: 'error', pointer: c.pointer }
        : (c.loader ?? { level: 'error', pointer: c.pointer });
      const verdict = loaderVerdict(applyCase(c));
      assert.ok(
        verdict.diagnostics.some((d) => d.level === expected.level && d.pointer === expected.pointer),
        `expected a loader ${expected.level} at ${expected.pointer}, got ${JSON.stringify(verdict.diagnostics)}`,
      );
      assert.equal(verdict.status, expected.level === 'error' ? 3 : 0);
    });
  }
});

test(
  'the schema and the loader agree on the policies in policies/builtin/ and policies/examples/',
  { skip },
  async (t) => {
    const files = repoPolicies();
    if (files.length === 0) t.diagnostic('no policies in policies/builtin/ or policies/examples/ yet');
    for (const file of files) {
      await t.test(path.relative(repo, file), (tt) => {
        const policy = readJson(file);
        const verdict = loaderVerdict(policy);
        if (missingPacks(verdict).length > 0) return tt.skip('the CLI lacks a pack it extends');
        const schemaOk = validate(policy);
        const schemaSays = schemaOk ? 'valid' : validate.errors.map((e) => `${e.instancePath} ${e.message}`).join('; ');
        const loaderSays =
          errorsOf(verdict).length === 0
            ? 'valid'
            : errorsOf(verdict)
                .map((d) => `${d.pointer} ${d.message}`)
                .join('; ');
        assert.equal(schemaOk, errorsOf(verdict).length === 0, `schema: ${schemaSays}\nloader: ${loaderSays}`);
      });
    }
  },
);
