// Unit tests of the signed-policy envelope (extension/src/policy-envelope.js) and of the admin's
// command line around it (scripts/policy-sign.mjs), in Node's own WebCrypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPair, signPolicy, verifyPolicyEnvelope } from '../src/policy-envelope.js';

const repo = resolve(fileURLToPath(import.meta.url), '../../..');
const POLICY = '{ "policy": { "id": "acme", "version": "1.2.0" } }\n';

test('a signed policy verifies with its public key and yields the exact text', async () => {
  const keys = await generateKeyPair();
  assert.ok(keys.ok);
  assert.equal(Buffer.from(keys.publicKey, 'base64').length, 32);
  assert.match(keys.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  const signed = await signPolicy(POLICY, keys.privateKeyPem, { keyId: 'k1' });
  assert.ok(signed.ok, signed.error);
  const env = JSON.parse(signed.envelope);
  assert.equal(env.postguard_signed_policy, 1);
  assert.equal(env.policy, POLICY);
  assert.equal(env.key_id, 'k1');
  const v = await verifyPolicyEnvelope(signed.envelope, keys.publicKey);
  assert.deepEqual(v, { ok: true, policyText: POLICY, error: '', signed: true, verified: true, keyId: 'k1' });
});

test('tampering, another key, or no signature are refused when a key is configured', async () => {
  const keys = await generateKeyPair();
  const other = await generateKeyPair();
  const { envelope } = await signPolicy(POLICY, keys.privateKeyPem);
  const env = JSON.parse(envelope);

  const tampered = JSON.stringify({ ...env, policy: POLICY.replace('1.2.0', '9.9.9') });
  const t = await verifyPolicyEnvelope(tampered, keys.publicKey);
  assert.equal(t.ok, false);
  assert.match(t.error, /signature does not match/);
  assert.equal(t.policyText, '');

  const oneByteOff = JSON.stringify({ ...env, policy: `${POLICY} ` });
  assert.equal((await verifyPolicyEnvelope(oneByteOff, keys.publicKey)).ok, false);

  assert.equal((await verifyPolicyEnvelope(envelope, other.publicKey)).ok, false);

  const plain = await verifyPolicyEnvelope(POLICY, keys.publicKey);
  assert.equal(plain.ok, false);
  assert.match(plain.error, /not signed/);
});

test('without a key, plain policies and envelopes load (unverified)', async () => {
  const keys = await generateKeyPair();
  const { envelope } = await signPolicy(POLICY, keys.privateKeyPem);
  assert.deepEqual(await verifyPolicyEnvelope(POLICY, ''), {
    ok: true,
    policyText: POLICY,
    error: '',
    signed: false,
    verified: false,
    keyId: '',
  });
  const v = await verifyPolicyEnvelope(envelope);
  assert.equal(v.ok, true);
  assert.equal(v.verified, false);
  assert.equal(v.policyText, POLICY);
  // Text that is not JSON is passed on as is: the engine's loader reports where it breaks.
  assert.equal((await verifyPolicyEnvelope('{ not json', '')).ok, true);
});

test('malformed envelopes and keys are refused with a reason, never thrown', async () => {
  const keys = await generateKeyPair();
  const cases = [
    [JSON.stringify({ postguard_signed_policy: 2, policy: POLICY, signature: 'AA==' }), /unknown signed-policy format/],
    [JSON.stringify({ postguard_signed_policy: 1, signature: 'AA==' }), /no "policy" string/],
    [JSON.stringify({ postguard_signed_policy: 1, policy: POLICY }), /no "signature" string/],
    [JSON.stringify({ postguard_signed_policy: 1, policy: POLICY, signature: 'AAAA' }), /not 64 bytes/],
    [JSON.stringify({ postguard_signed_policy: 1, policy: POLICY, signature: '%%%' }), /not 64 bytes/],
  ];
  for (const [text, why] of cases) {
    const v = await verifyPolicyEnvelope(text, keys.publicKey);
    assert.equal(v.ok, false, text);
    assert.match(v.error, why);
  }
  const { envelope } = await signPolicy(POLICY, keys.privateKeyPem);
  assert.match((await verifyPolicyEnvelope(envelope, 'c2hvcnQ=')).error, /not 32 bytes/);
  assert.match((await signPolicy(POLICY, 'not a pem')).error, /not a PKCS#8 PEM/);
  assert.equal((await verifyPolicyEnvelope(/** @type {any} */ (42), '')).ok, false);
});

test('policy-sign.mjs: keygen, sign and verify from the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pg-sign-'));
  try {
    const script = join(repo, 'scripts/policy-sign.mjs');
    execFileSync('node', [script, 'keygen', dir]);
    const publicKey = readFileSync(join(dir, 'policy-public-key.txt'), 'utf8').trim();
    writeFileSync(join(dir, 'policy.json'), POLICY);
    const signed = execFileSync('node', [
      script,
      'sign',
      join(dir, 'policy.json'),
      join(dir, 'policy-private-key.pem'),
      '--key-id',
      'ops-2026',
    ]);
    writeFileSync(join(dir, 'policy.signed.json'), signed);
    assert.match(
      execFileSync('node', [script, 'verify', join(dir, 'policy.signed.json'), publicKey]).toString(),
      /ok: signature verified \(key_id ops-2026\)/,
    );
    writeFileSync(join(dir, 'bad.json'), signed.toString().replace('1.2.0', '1.2.1'));
    const bad = spawnSync('node', [script, 'verify', join(dir, 'bad.json'), join(dir, 'policy-public-key.txt')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr.toString(), /signature does not match/);
    // Refuses to overwrite an existing key pair.
    assert.equal(spawnSync('node', [script, 'keygen', dir]).status, 1);
    assert.equal(spawnSync('node', [script]).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
