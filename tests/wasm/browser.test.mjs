// The engine in headless Chromium (Debian's, driven by playwright-core): a web page and a module
// worker served from localhost, and an MV3 extension's service worker and page (strict extension
// CSP: no eval). Each runs the same checks as Node and must return the same results.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { importEngine, repo, wasmDir } from './support.mjs';

const policy = readFileSync(path.join(repo, 'tests/wasm/fixtures/acme-policy.json'), 'utf8');
const context = { now: '2026-11-20', locale: 'es', site: 'www.linkedin.com' };
const posts = [
  'Hola 👋🏽 mañana sale la Ｌｕｍｅｎ Ｔａｂ, mi DNI es 12345678Z',
  'We will refund you.\r\nWrite to ana@example.com 👩‍💻 L u m e n  T a b',
  'Sola en el almacén a las 4 de la madrugada 😱',
  'lone \uD800 surrogates \uDC00 around the Lumеn Tаb \uD83D',
  'nada que ver aquí',
];

// What Node answers; every browser context must answer the same (compared as JSON text, which
// also carries lone surrogates safely through the DevTools protocol).
async function nodeAnswers() {
  const { createEngine } = await importEngine();
  const engine = await createEngine();
  const loaded = engine.loadPolicy(policy);
  const answers = {
    loaded: loaded.ok,
    version: engine.version,
    results: posts.map((p) => engine.checkDetailed(p, context)),
  };
  engine.dispose();
  assert.equal(answers.loaded, true);
  assert.ok(answers.results.filter((r) => r.findings.length > 0).length >= 4, 'the posts are flagged');
  return JSON.stringify(answers);
}

// Runs in the browser (page, worker or service worker) with the module's createEngine.
const RUN = `async function run(createEngine, input) {
  const { policy, posts, context } = JSON.parse(input);
  const engine = await createEngine();
  const loaded = engine.loadPolicy(policy);
  const answers = { loaded: loaded.ok, version: engine.version, results: posts.map((p) => engine.checkDetailed(p, context)) };
  engine.dispose();
  return JSON.stringify(answers);
}`;
const input = JSON.stringify({ policy, posts, context });

const MIME = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const site = {
  '/index.html': '<!doctype html><title>engine</title><script type="module" src="page.mjs"></script>',
  '/page.mjs': `import { createEngine } from './postguard.mjs';\n${RUN}\nwindow.runEngine = (input) => run(createEngine, input);\n`,
  '/worker.mjs': `import { createEngine } from './postguard.mjs';\n${RUN}\nonmessage = async (e) => postMessage(await run(createEngine, e.data));\n`,
};

let server;
let origin;
let browser;
let extensionDir;
let profileDir;

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const name = url.pathname;
    let body = site[name];
    if (body === undefined && (name === '/postguard.mjs' || name === '/postguard.wasm'))
      body = readFileSync(path.join(wasmDir, name));
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(name)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;

  // A minimal MV3 extension whose service worker and page load the engine like the real one will.
  extensionDir = mkdtempSync(path.join(tmpdir(), 'postguard-ext-'));
  profileDir = mkdtempSync(path.join(tmpdir(), 'postguard-profile-'));
  for (const f of ['postguard.mjs', 'postguard.wasm']) cpSync(path.join(wasmDir, f), path.join(extensionDir, f));
  writeFileSync(
    path.join(extensionDir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Postguard engine test',
      version: '1.0',
      background: { service_worker: 'sw.mjs', type: 'module' },
      content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
    }),
  );
  writeFileSync(
    path.join(extensionDir, 'sw.mjs'),
    `import { createEngine } from './postguard.mjs';\n${RUN}\nself.runEngine = (input) => run(createEngine, input);\n`,
  );
  writeFileSync(path.join(extensionDir, 'page.html'), '<!doctype html><script type="module" src="page.mjs"></script>');
  writeFileSync(
    path.join(extensionDir, 'page.mjs'),
    `import { createEngine } from './postguard.mjs';\n${RUN}\nwindow.runEngine = (input) => run(createEngine, input);\n`,
  );

  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.POSTGUARD_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  for (const dir of [extensionDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a web page served from localhost answers like Node', async () => {
  const expected = await nodeAnswers();
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => typeof window.runEngine === 'function');
  const answer = await page.evaluate((arg) => window.runEngine(arg), input);
  assert.equal(answer, expected);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a module worker answers like Node', async () => {
  const expected = await nodeAnswers();
  const page = await browser.newPage();
  await page.goto(`${origin}/index.html`);
  const answer = await page.evaluate(
    (arg) =>
      new Promise((resolve, reject) => {
        const worker = new Worker('/worker.mjs', { type: 'module' });
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(arg);
      }),
    input,
  );
  assert.equal(answer, expected);
  await page.close();
});

test('an MV3 service worker (module, extension CSP) answers like Node', async () => {
  const expected = await nodeAnswers();
  const worker = browser.serviceWorkers()[0] ?? (await browser.waitForEvent('serviceworker', { timeout: 10000 }));
  const answer = await worker.evaluate((arg) => self.runEngine(arg), input);
  assert.equal(answer, expected);
});

test('an extension page (as an offscreen document is) answers like Node', async () => {
  const expected = await nodeAnswers();
  const worker = browser.serviceWorkers()[0] ?? (await browser.waitForEvent('serviceworker', { timeout: 10000 }));
  const extensionId = new URL(worker.url()).host;
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`chrome-extension://${extensionId}/page.html`);
  await page.waitForFunction(() => typeof window.runEngine === 'function');
  const answer = await page.evaluate((arg) => window.runEngine(arg), input);
  assert.equal(answer, expected);
  assert.deepEqual(errors, []);
  await page.close();
});
