// Unit tests of the worker's pure parts: policy version order and the effective settings
// (managed values win, defaults, wrong types dropped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Imports one of the extension's TypeScript modules, bundled by esbuild as the extension is. */
async function importTs(relativePath) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const out = resolve(here, '../../build/h-ext-unit');
  mkdirSync(out, { recursive: true });
  const file = join(out, `${basename(relativePath, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [resolve(here, relativePath)],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'error',
  });
  return import(pathToFileURL(file).href);
}

const { compareVersions } = await importTs('../src/background/version.ts');
const { effectiveSettings, normalizeHost, NO_OPTIONS } = await importTs('../src/background/settings.ts');

test('versions compare by numeric dotted parts', () => {
  assert.ok(compareVersions('1.10.0', '1.9.9') > 0);
  assert.ok(compareVersions('2026.11.2', '2026.11.10') < 0);
  assert.equal(compareVersions('1.0', '1.0.0'), 0);
  assert.ok(compareVersions('1.0.1', '1.0') > 0);
  assert.ok(compareVersions('0.9.12', '1.0.0') < 0);
  assert.ok(compareVersions('1.0.0-beta', '1.0.0-alpha') > 0, 'non-numeric parts compare as text');
});

test('unmanaged: the user options apply and pausing is allowed', () => {
  const s = effectiveSettings(
    {},
    { ...NO_OPTIONS, policyUrl: ' https://p.example/x.json ', mastodonHosts: ['https://Masto.Example/', 'bad host'] },
  );
  assert.equal(s.policyUrl, 'https://p.example/x.json');
  assert.equal(s.allowUserPause, true);
  assert.equal(s.refreshMinutes, 60);
  assert.equal(s.account, 'personal');
  assert.deepEqual(s.mastodonHosts, ['masto.example']);
  assert.deepEqual(s.managedKeys, []);
});

test('managed values win, wrong types are ignored, limits hold', () => {
  const s = effectiveSettings(
    {
      policyUrl: 'https://intranet.example/p.json',
      refreshMinutes: 0,
      account: 'official',
      role: 42,
      mastodonHosts: ['social.acme.example'],
    },
    { ...NO_OPTIONS, policyUrl: 'https://user.example/p.json', mastodonHosts: ['user.example'] },
  );
  assert.equal(s.policyUrl, 'https://intranet.example/p.json');
  assert.equal(s.refreshMinutes, 1);
  assert.equal(s.account, 'official');
  assert.equal(s.role, '', 'a role of the wrong type is dropped');
  assert.equal(s.allowUserPause, false, 'managed: pausing needs the admin');
  assert.deepEqual(s.mastodonHosts, ['social.acme.example'], 'the admin list replaces the user list');
  assert.deepEqual(s.managedKeys.sort(), ['account', 'mastodonHosts', 'policyUrl', 'refreshMinutes']);
  assert.equal(effectiveSettings({ refreshMinutes: 1e9 }, NO_OPTIONS).refreshMinutes, 7 * 24 * 60);
});

test('host names are normalized', () => {
  assert.equal(normalizeHost('HTTPS://Mastodon.Social/@me'), 'mastodon.social');
  assert.equal(normalizeHost('mastodon.social'), 'mastodon.social');
  assert.equal(normalizeHost('localhost'), null);
  assert.equal(normalizeHost(''), null);
});
