// The signed-policy format: a JSON envelope carrying the exact policy text and an Ed25519
// signature over its UTF-8 bytes. Plain ES module on WebCrypto only, so the extension, the Policy
// Studio, browsers and Node 20 (globalThis.crypto.subtle) share it. No function throws.
//
//   { "postguard_signed_policy": 1,
//     "policy": "<the exact policy JSON text>",
//     "signature": "<base64 Ed25519 signature over the UTF-8 bytes of policy>",
//     "key_id": "<optional, for the admin's bookkeeping>" }
//
// Keys: the public key is the raw 32-byte Ed25519 key in base64 (what the managed setting
// `policyPublicKey` holds); the private key is PKCS#8 in PEM ("-----BEGIN PRIVATE KEY-----").

/** The envelope's marker key and the only format version that exists. */
export const ENVELOPE_MARKER = 'postguard_signed_policy';
export const ENVELOPE_VERSION = 1;

const ED25519 = { name: 'Ed25519' };
const PEM_LABEL = 'PRIVATE KEY';

/**
 * @typedef {object} VerifyResult
 * @property {boolean} ok           true when policyText may be loaded
 * @property {string} policyText    the policy JSON text ('' when !ok)
 * @property {string} error         why it was refused ('' when ok)
 * @property {boolean} signed       the text was an envelope
 * @property {boolean} verified     the signature was checked against a configured key and holds
 * @property {string} keyId         the envelope's key_id ('' when none)
 */

/**
 * Creates a new Ed25519 key pair for signing policies.
 * @returns {Promise<{ok: boolean, publicKey: string, privateKeyPem: string, error: string}>}
 *   publicKey: raw 32-byte key in base64; privateKeyPem: PKCS#8 PEM.
 */
export async function generateKeyPair() {
  try {
    const subtle = subtleCrypto();
    const pair = /** @type {CryptoKeyPair} */ (await subtle.generateKey(ED25519, true, ['sign', 'verify']));
    const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
    return { ok: true, publicKey: toBase64(raw), privateKeyPem: toPem(pkcs8), error: '' };
  } catch (e) {
    return { ok: false, publicKey: '', privateKeyPem: '', error: `cannot create a key pair: ${describe(e)}` };
  }
}

/**
 * Signs a policy text and returns the envelope JSON text.
 * @param {string} policyText the exact policy JSON text to publish
 * @param {string} privateKeyPem PKCS#8 PEM of an Ed25519 private key
 * @param {{keyId?: string}} [options]
 * @returns {Promise<{ok: boolean, envelope: string, error: string}>}
 */
export async function signPolicy(policyText, privateKeyPem, options = {}) {
  try {
    if (typeof policyText !== 'string') return fail('the policy must be a string');
    const der = fromPem(privateKeyPem);
    if (!der) return fail('the private key is not a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----")');
    const subtle = subtleCrypto();
    const key = await subtle.importKey('pkcs8', der, ED25519, false, ['sign']);
    const signature = new Uint8Array(await subtle.sign(ED25519, key, new TextEncoder().encode(policyText)));
    /** @type {Record<string, unknown>} */
    const envelope = {
      [ENVELOPE_MARKER]: ENVELOPE_VERSION,
      policy: policyText,
      signature: toBase64(signature),
    };
    if (options.keyId) envelope.key_id = String(options.keyId);
    return { ok: true, envelope: JSON.stringify(envelope, null, 2) + '\n', error: '' };
  } catch (e) {
    return fail(`cannot sign: ${describe(e)}`);
  }

  /** @param {string} error */
  function fail(error) {
    return { ok: false, envelope: '', error };
  }
}

/**
 * Decides whether a fetched or chosen text may be loaded as the policy.
 * - With a public key: only an envelope whose signature verifies is accepted.
 * - Without one: a plain policy JSON is accepted, and so is an envelope (unverified).
 * @param {string} text the text as fetched (envelope or plain policy JSON)
 * @param {string} [publicKeyB64] raw 32-byte Ed25519 public key in base64; '' or absent = none
 * @returns {Promise<VerifyResult>}
 */
export async function verifyPolicyEnvelope(text, publicKeyB64 = '') {
  /** @param {string} error @param {boolean} [signed] */
  const refuse = (error, signed = false) => ({
    ok: false,
    policyText: '',
    error,
    signed,
    verified: false,
    keyId: '',
  });
  try {
    if (typeof text !== 'string') return refuse('the policy is not text');
    const keyText = (publicKeyB64 || '').trim();
    const envelope = parseEnvelope(text);
    if (envelope.error) return refuse(envelope.error, true);
    if (!envelope.isEnvelope) {
      if (keyText) return refuse('the policy is not signed, and a public key is configured');
      return { ok: true, policyText: text, error: '', signed: false, verified: false, keyId: '' };
    }
    const { policy, signature, keyId } = envelope;
    if (!keyText) {
      return { ok: true, policyText: policy, error: '', signed: true, verified: false, keyId };
    }
    const raw = fromBase64(keyText);
    if (!raw || raw.length !== 32) {
      return refuse('the configured public key is not 32 bytes of base64 (raw Ed25519)', true);
    }
    const subtle = subtleCrypto();
    const key = await subtle.importKey('raw', raw, ED25519, false, ['verify']);
    const good = await subtle.verify(ED25519, key, signature, new TextEncoder().encode(policy));
    if (!good) return refuse('the signature does not match the policy (tampered, or signed with another key)', true);
    return { ok: true, policyText: policy, error: '', signed: true, verified: true, keyId };
  } catch (e) {
    return refuse(`cannot verify: ${describe(e)}`);
  }
}

/**
 * Reads the envelope fields without checking the signature.
 * @param {string} text
 * @returns {{isEnvelope: false, error: ''} | {isEnvelope: true, error: string, policy: string, signature: Uint8Array<ArrayBuffer>, keyId: string}}
 */
function parseEnvelope(text) {
  /** @type {unknown} */
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    // Not JSON at all: the engine's loader reports where, as it does for any policy.
    return { isEnvelope: false, error: '' };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !(ENVELOPE_MARKER in doc)) {
    return { isEnvelope: false, error: '' };
  }
  const d = /** @type {Record<string, unknown>} */ (doc);
  const bad = (/** @type {string} */ error) => ({
    isEnvelope: /** @type {const} */ (true),
    error,
    policy: '',
    signature: new Uint8Array(),
    keyId: '',
  });
  if (d[ENVELOPE_MARKER] !== ENVELOPE_VERSION) {
    return bad(`unknown signed-policy format ${JSON.stringify(d[ENVELOPE_MARKER])} (expected ${ENVELOPE_VERSION})`);
  }
  if (typeof d.policy !== 'string') return bad('the envelope has no "policy" string');
  if (typeof d.signature !== 'string') return bad('the envelope has no "signature" string');
  const signature = fromBase64(d.signature);
  if (!signature || signature.length !== 64) return bad('the signature is not 64 bytes of base64');
  const keyId = typeof d.key_id === 'string' ? d.key_id : '';
  return { isEnvelope: true, error: '', policy: d.policy, signature, keyId };
}

function subtleCrypto() {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available here');
  return subtle;
}

/** @param {Uint8Array} bytes */
function toBase64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** @param {string} text @returns {Uint8Array<ArrayBuffer> | null} */
function fromBase64(text) {
  try {
    const s = atob(text.replace(/\s+/g, ''));
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** @param {Uint8Array} der */
function toPem(der) {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${PEM_LABEL}-----\n${lines.join('\n')}\n-----END ${PEM_LABEL}-----\n`;
}

/** @param {string} pem @returns {Uint8Array<ArrayBuffer> | null} */
function fromPem(pem) {
  if (typeof pem !== 'string') return null;
  const m = pem.match(/-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/);
  return m ? fromBase64(m[1]) : null;
}

/** @param {unknown} e */
function describe(e) {
  return e instanceof Error ? e.message : String(e);
}
