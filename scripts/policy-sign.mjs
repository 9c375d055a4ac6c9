#!/usr/bin/env node
// The admin's signing tool for policies the extension verifies (format: extension/src/policy-envelope.js).
//   node scripts/policy-sign.mjs keygen OUTDIR
//   node scripts/policy-sign.mjs sign POLICY.json PRIVATE_KEY.pem [--key-id ID] > policy.signed.json
//   node scripts/policy-sign.mjs verify SIGNED.json PUBLIC_KEY_BASE64|PUBLIC_KEY_FILE
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, signPolicy, verifyPolicyEnvelope } from '../extension/src/policy-envelope.js';

const USAGE = `usage:
  node scripts/policy-sign.mjs keygen OUTDIR
      writes OUTDIR/policy-private-key.pem (keep it secret) and OUTDIR/policy-public-key.txt
      (the base64 value for the extension's managed setting "policyPublicKey")
  node scripts/policy-sign.mjs sign POLICY.json PRIVATE_KEY.pem [--key-id ID] > policy.signed.json
  node scripts/policy-sign.mjs verify SIGNED.json PUBLIC_KEY (base64 text, or a file holding it)`;

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === 'keygen' && rest.length === 1) return keygen(rest[0]);
  if (command === 'sign' && (rest.length === 2 || (rest.length === 4 && rest[2] === '--key-id'))) {
    return sign(rest[0], rest[1], rest[3] ?? '');
  }
  if (command === 'verify' && rest.length === 2) return verify(rest[0], rest[1]);
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

async function keygen(outDir) {
  const privatePath = join(outDir, 'policy-private-key.pem');
  const publicPath = join(outDir, 'policy-public-key.txt');
  // Overwriting a private key would orphan every browser configured with its public key.
  for (const p of [privatePath, publicPath]) {
    if (existsSync(p)) return fail(`${p} exists; choose another folder or remove it first`);
  }
  const pair = await generateKeyPair();
  if (!pair.ok) return fail(pair.error);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(publicPath, `${pair.publicKey}\n`);
  process.stdout.write(
    `private key: ${privatePath} (keep it secret; sign with it)\n` +
      `public key:  ${publicPath}\n\n` +
      `Set this in the extension's managed settings:\n  "policyPublicKey": "${pair.publicKey}"\n`,
  );
  return 0;
}

async function sign(policyPath, keyPath, keyId) {
  const policyText = readText(policyPath);
  const pem = readText(keyPath);
  if (policyText === null || pem === null) return 1;
  try {
    JSON.parse(policyText);
  } catch (e) {
    return fail(`${policyPath} is not JSON: ${e.message}`);
  }
  const signed = await signPolicy(policyText, pem, { keyId });
  if (!signed.ok) return fail(signed.error);
  process.stdout.write(signed.envelope);
  return 0;
}

async function verify(signedPath, key) {
  const text = readText(signedPath);
  if (text === null) return 1;
  const keyText = existsSync(key) ? readText(key) : key;
  if (keyText === null) return 1;
  const result = await verifyPolicyEnvelope(text, keyText.trim());
  if (!result.ok) return fail(result.error);
  if (!result.verified) return fail('the file is not a signed policy');
  process.stdout.write(`ok: signature verified${result.keyId ? ` (key_id ${result.keyId})` : ''}\n`);
  return 0;
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    process.stderr.write(`policy-sign: cannot read ${path}: ${e.message}\n`);
    return null;
  }
}

function fail(message) {
  process.stderr.write(`policy-sign: ${message}\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
