// The admin's side in headless Chromium: a managed policy URL (Linux policy folder), a signed
// policy fetched with If-None-Match, tampered / unsigned / older policies refused while the
// last good one stays, offline start from the cache (in Spanish), a stopped service worker
// coming back, and no request beyond the pages and the policy URL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, signPolicy } from '../../extension/src/policy-envelope.js';
import { startServer } from './lib/server.mjs';
import { buildPages, extensionUnderTest, pagesDir, repo, scratch, shotsDir } from './lib/pages.mjs';
import {
  ask,
  extensionIdOf,
  extensionPage,
  freshProfile,
  launch,
  readOverlays,
  waitForOverlay,
} from './lib/browser.mjs';

const MANAGED_DIR = '/etc/chromium/policies/managed';
const MANAGED_FILE = join(MANAGED_DIR, `postguard-e2e-${process.pid}.json`);
const POLICY_PATH = '/managed/policy.signed.json';
const BASE = JSON.parse(readFileSync(join(repo, 'tests/e2e/policies/e2e-policy.json'), 'utf8'));

/** The test policy at a version, optionally with one more unreleased term. */
function policyText(version, extraTerm) {
  const p = structuredClone(BASE);
  p.policy.version = version;
  if (extraTerm) p.terms.unreleased.push({ term: extraTerm });
  return `${JSON.stringify(p, null, 2)}\n`;
}

function managedWritable() {
  try {
    mkdirSync(MANAGED_DIR, { recursive: true });
    writeFileSync(MANAGED_FILE, '{}');
    return true;
  } catch {
    return false;
  }
}

const writable = managedWritable();
const skip = writable ? false : `${MANAGED_DIR} is not writable here (run as root to test managed settings)`;

describe('managed policy', { skip }, () => {
  let server;
  let extDir;
  let extensionId;
  let profileDir;
  let keys;
  let policyUrl;
  let session = null; // {context, worker, extPage}
  const seen = [];

  const open = async (lang = 'en-US') => {
    const { context, worker } = await launch({ extDir, profileDir, server, lang });
    context.on('request', (r) => seen.push({ url: r.url(), worker: !!r.serviceWorker(), frame: frameOf(r) }));
    const extPage = await extensionPage(context, extensionId);
    session = { context, worker, extPage };
    return session;
  };
  const close = async () => {
    await session?.context.close();
    session = null;
  };
  const status = async () => {
    const r = await ask(session.extPage, { kind: 'status' });
    assert.equal(r.kind, 'status', JSON.stringify(r));
    return r;
  };
  /** Polls the status until `ok(status)`; the first managed read takes seconds after start. */
  const statusWhen = async (ok, what, timeout = 20_000) => {
    const end = Date.now() + timeout;
    for (;;) {
      const s = await status();
      if (ok(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s.policy)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const refresh = async () => {
    const r = await ask(session.extPage, { kind: 'refreshPolicy' });
    assert.equal(r.kind, 'status', JSON.stringify(r));
    return r.policy;
  };
  const serveSigned = async (text) => {
    const signed = await signPolicy(text, keys.privateKeyPem, { keyId: 'e2e-key' });
    assert.ok(signed.ok, signed.error);
    server.setDocument(POLICY_PATH, signed.envelope);
    return signed.envelope;
  };
  /**
   * Types into a fresh textarea page and returns the rules underlined once `wantRule` shows up
   * `count` times. Texts end with the awaited term, so that its underline means the whole text
   * was checked (what is absent then is really absent).
   */
  const rulesFor = async (text, wantRule, count = 1) => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/textarea.html`);
    await page.waitForFunction(() => window.pg?.ready);
    await page.click('#editor');
    await page.keyboard.type(text, { delay: 4 });
    const ov = await waitForOverlay(
      page,
      (o) => o.find((x) => x.marks.filter((m) => m.rule === wantRule).length >= count),
      {
        what: `${count} underline(s) of ${wantRule}`,
      },
    );
    return { page, rules: [...new Set(ov.marks.map((m) => m.rule))], overlay: ov };
  };

  before(async () => {
    mkdirSync(shotsDir, { recursive: true });
    const bundles = await buildPages(join(scratch, 'pages-policy'));
    server = await startServer({ pagesDir, bundlesDir: bundles });
    extDir = extensionUnderTest('policy');
    extensionId = extensionIdOf(extDir);
    profileDir = freshProfile('policy');
    keys = await generateKeyPair();
    assert.ok(keys.ok, keys.error);
    policyUrl = `${server.origin}${POLICY_PATH}`;
    await serveSigned(policyText('1.0.0'));
    // What an admin deploys (see extension/README.md), here through the Linux policy folder.
    writeFileSync(
      MANAGED_FILE,
      JSON.stringify(
        {
          '3rdparty': {
            extensions: {
              [extensionId]: {
                policyUrl,
                policyPublicKey: keys.publicKey,
                refreshMinutes: 60,
                allowUserPause: false,
                account: 'personal',
                role: 'tester',
              },
            },
          },
        },
        null,
        2,
      ),
    );
    await open();
  });

  after(async () => {
    await close();
    await server?.close();
    rmSync(MANAGED_FILE, { force: true });
  });

  it('fetches the managed policy URL, verifies it and puts it in force', async () => {
    const s = await statusWhen(
      (x) => x.policy.source === 'managed' && x.policy.info?.version === '1.0.0',
      'the managed policy',
    );
    assert.deepEqual(s.settings.managedKeys.sort(), [
      'account',
      'allowUserPause',
      'policyPublicKey',
      'policyUrl',
      'refreshMinutes',
      'role',
    ]);
    assert.equal(s.policy.url, policyUrl);
    assert.equal(s.policy.verified, true);
    assert.equal(s.policy.lastError, '');
    assert.ok(server.requestsTo(POLICY_PATH).length >= 1);
    // The admin's role reaches the Context: a rule for testers only applies.
    const { page, rules } = await rulesFor('The Lumen Tab is here, Quartz Board too', 'e2e.tester-only');
    assert.deepEqual(rules.sort(), ['e2e.tester-only', 'e2e.unreleased']);
    await page.close();
    // And the refresh alarm runs at the admin's interval.
    const alarm = await session.worker.evaluate(() => chrome.alarms.get('postguard-policy-refresh'));
    assert.equal(alarm?.periodInMinutes, 60);
  });

  it('revalidates with If-None-Match and keeps the policy on 304', async () => {
    const before = server.requestsTo(POLICY_PATH).length;
    const p = await refresh();
    const requests = server.requestsTo(POLICY_PATH).slice(before);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].headers['if-none-match'], server.documents.get(POLICY_PATH).etag);
    assert.equal(requests[0].status, 304);
    assert.equal(p.lastError, '');
    assert.equal(p.info.version, '1.0.0');
  });

  it('shows the policy in the popup, without a pause button when the admin does not allow it', async () => {
    const page = await session.context.newPage();
    await page.setViewportSize({ width: 360, height: 420 });
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.waitForFunction(() => document.getElementById('policy-version').textContent === '1.0.0');
    assert.equal(await page.textContent('#policy-name'), 'E2E test policy (e2e)');
    assert.match(
      await page.textContent('#policy-source'),
      new RegExp(`Set by your administrator: ${policyUrl.replace(/[.]/g, '\\.')} · signature verified`),
    );
    assert.equal(await page.isHidden('#pause'), true);
    assert.equal(await page.isHidden('#policy-warning'), true);
    await page.screenshot({ path: join(shotsDir, 'popup-managed.png') });
    await page.close();
  });

  it('refuses a tampered policy and keeps the last good one', async () => {
    const good = JSON.parse(server.documents.get(POLICY_PATH).body);
    const tampered = { ...good, policy: policyText('1.1.0', 'Orion Dock') }; // new text, old signature
    server.setDocument(POLICY_PATH, JSON.stringify(tampered));
    const p = await refresh();
    assert.match(p.lastError, /signature does not match/);
    assert.equal(p.info.version, '1.0.0');
    assert.equal(p.stale, true);
    const { page, rules } = await rulesFor('Orion Dock and Lumen Tab', 'e2e.unreleased');
    assert.deepEqual(rules, ['e2e.unreleased'], 'only the last good policy applies (Orion Dock is not in it)');
    assert.equal((await readOverlays(page))[0].marks.length, 1);
    await page.close();
  });

  it('refuses an unsigned policy when a public key is set', async () => {
    server.setDocument(POLICY_PATH, policyText('1.2.0', 'Orion Dock'));
    const p = await refresh();
    assert.match(p.lastError, /not signed/);
    assert.equal(p.info.version, '1.0.0');
  });

  it('refuses a validly signed policy older than the one in force', async () => {
    await serveSigned(policyText('0.9.12'));
    const p = await refresh();
    assert.match(p.lastError, /older than 1\.0\.0/);
    assert.equal(p.info.version, '1.0.0');
  });

  it('takes a newer signed policy', async () => {
    await serveSigned(policyText('1.10.0', 'Orion Dock')); // 1.10 > 1.9 > 1.0: numeric parts
    const p = await refresh();
    assert.equal(p.lastError, '');
    assert.equal(p.info.version, '1.10.0');
    const { page, rules, overlay } = await rulesFor('Orion Dock and Lumen Tab', 'e2e.unreleased', 2);
    assert.deepEqual(rules, ['e2e.unreleased']);
    assert.equal(overlay.marks.length, 2, 'both terms are flagged');
    await page.close();
  });

  it('comes back quickly after the service worker is stopped; the page keeps working', async () => {
    const { page } = await rulesFor('First Lumen Tab', 'e2e.unreleased');
    const cdp = await session.context.browser().newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
    );
    assert.ok(target, 'the worker is running');
    await cdp.send('Target.closeTarget', { targetId: target.targetId });
    const gone = Date.now() + 5000;
    while ((await cdp.send('Target.getTargets')).targetInfos.some((t) => t.targetId === target.targetId)) {
      assert.ok(Date.now() < gone, 'the worker stopped');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The next keystroke in the page wakes the worker, which restores the engine and the cached policy.
    const t0 = Date.now();
    await page.keyboard.type(' and Orion Dock', { delay: 0 });
    await waitForOverlay(page, (o) => o.find((x) => x.marks.filter((m) => m.rule === 'e2e.unreleased').length === 2), {
      what: 'underlines after the worker restarted',
    });
    const ms = Date.now() - t0;
    const s = await status();
    console.log(
      `# worker restart: underlines back ${ms} ms after typing; engine start ${s.engineStartMs.toFixed(0)} ms`,
    );
    assert.equal(s.policy.info.version, '1.10.0');
    assert.ok(ms < 3000, `came back in ${ms} ms`);
    await cdp.detach();
    await page.close();
  });

  it('starts offline from the cached policy, says so, and speaks Spanish', async () => {
    await close();
    server.unreachable.add(POLICY_PATH); // the policy server is down
    await open('es'); // Chromium's UI locale for Spanish (Spain)
    const { page, rules } = await rulesFor('Me encanta el Orion Dock', 'e2e.unreleased');
    assert.deepEqual(rules, ['e2e.unreleased']);
    const m = (await readOverlays(page))[0].marks[0];
    await page.mouse.move(m.rect.x + 3, m.rect.y + m.rect.height / 2);
    const card = await waitForOverlay(page, (o) => o.find((x) => x.card)?.card, { what: 'the card in Spanish' });
    assert.equal(card.message, 'Orion Dock aún no se ha anunciado.');
    assert.match(card.text, /IMPIDE PUBLICAR|Impide publicar/);
    await page.screenshot({ path: join(shotsDir, 'textarea-card-es-offline.png') });
    await page.close();
    const p = await refresh();
    assert.match(p.lastError, /cannot reach/);
    assert.equal(p.info.version, '1.10.0', 'the cached policy stays in force');
    assert.equal(p.stale, true);
    const popup = await session.context.newPage();
    await popup.setViewportSize({ width: 360, height: 460 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.waitForFunction(() => !document.getElementById('policy-warning').hidden);
    assert.match(await popup.textContent('#policy-warning'), /Sigue vigente la última política válida/);
    await popup.screenshot({ path: join(shotsDir, 'popup-offline-es.png') });
    await popup.close();
  });

  it('made no request but the pages and the managed policy URL', () => {
    const pageOrigin = server.origin;
    const extensionOrigin = `chrome-extension://${extensionId}/`;
    const unexpected = seen.filter((r) => {
      if (r.url.startsWith(extensionOrigin)) return false;
      if (r.worker) return r.url !== policyUrl;
      if (r.frame.startsWith(extensionOrigin)) return true;
      return !r.url.startsWith(`${pageOrigin}/`) || r.url === policyUrl;
    });
    assert.deepEqual(unexpected, []);
    const attributed = new Set(seen.map((r) => r.url));
    for (const r of server.requests.filter((x) => !attributed.has(x.url) && x.path !== '/favicon.ico')) {
      assert.ok(!r.headers['sec-fetch-site'], `unattributed request with Fetch Metadata: ${r.method} ${r.url}`);
    }
  });
});

function frameOf(request) {
  try {
    return request.frame().url();
  } catch {
    return '';
  }
}
