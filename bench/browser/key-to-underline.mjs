// Key press to painted underline, in headless Chromium with the built extension and a real Lexical
// editor (the e2e test page). Each sample: the draft ends one character short of a flagged term;
// pressing that key is timed from the keydown event's own timestamp to the first task after the
// frame that shows the new underline; Backspace then removes it before the next sample.
// Usage: node bench/browser/key-to-underline.mjs PLAN.json   (plan written by bench/run.mjs)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../tests/e2e/lib/server.mjs';
import { buildPages, pagesDir } from '../../tests/e2e/lib/pages.mjs';
import { ask, extensionPage, launch } from '../../tests/e2e/lib/browser.mjs';
import { repo, resultsDir } from '../lib/paths.mjs';

const SAMPLE_TIMEOUT_MS = 5000;

// Runs in the page's main world with `this` = the overlay's closed shadow root (reached through
// the DevTools protocol): watches the underlines of one rule and times each armed key press.
function installProbe(rule) {
  const root = this;
  const probe = {
    count: () => root.querySelectorAll(`.mark[data-rule="${rule}"]`).length,
    armed: null, // {want, keyAt, inputAt, resolve}
    waiting: null, // {count, resolve}
  };
  // The keydown's own timestamp: when the browser received the input, before any handler ran.
  window.addEventListener(
    'keydown',
    (e) => {
      if (probe.armed && !probe.armed.keyAt) probe.armed.keyAt = e.timeStamp;
    },
    true,
  );
  // When the editor's text changed (the `input` event the content script listens to).
  window.addEventListener(
    'input',
    () => {
      if (probe.armed?.keyAt && !probe.armed.inputAt) probe.armed.inputAt = performance.now();
    },
    true,
  );
  new MutationObserver(() => {
    const n = probe.count();
    const a = probe.armed;
    if (a && a.keyAt && n >= a.want) {
      probe.armed = null;
      const domAt = performance.now();
      // The overlay draws outside a frame callback, so the next frame is the one that paints it;
      // a message posted from that frame's rAF callback runs right after the frame is rendered.
      requestAnimationFrame(() => {
        const frameAt = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () =>
          a.resolve({
            input: (a.inputAt || domAt) - a.keyAt,
            dom: domAt - a.keyAt,
            frame: frameAt - a.keyAt,
            painted: performance.now() - a.keyAt,
          });
        channel.port2.postMessage(0);
      });
    }
    if (probe.waiting && n === probe.waiting.count) {
      probe.waiting.resolve(n);
      probe.waiting = null;
    }
  }).observe(root, { subtree: true, childList: true, attributes: true });
  window.__pgBench = {
    count: probe.count,
    arm(want) {
      probe.armed = { want, keyAt: 0 };
      probe.armed.done = new Promise((resolve) => {
        probe.armed.resolve = resolve;
      });
      window.__pgBench.done = probe.armed.done;
    },
    settled(count, ms) {
      // Resolves once the rule has `count` underlines and nothing changed for `ms`.
      return new Promise((resolve) => {
        const quiet = () => setTimeout(() => resolve(probe.count()), ms);
        if (probe.count() === count) quiet();
        else probe.waiting = { count, resolve: quiet };
      });
    },
  };
}

/** The overlay's shadow root in the page's main world, as a DevTools protocol object id. */
async function overlayRoot(page) {
  const cdp = await page.context().newCDPSession(page);
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    let found = null;
    const walk = (n) => {
      if (found) return;
      if (n.localName === 'postguard-overlay' && n.shadowRoots?.length) found = n.shadowRoots[0];
      for (const c of n.children ?? []) walk(c);
      for (const c of n.shadowRoots ?? []) walk(c);
    };
    walk(root);
    if (found) {
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: found.backendNodeId });
      return { cdp, objectId: object.objectId };
    }
  }
  throw new Error('the extension never attached its overlay to the editor');
}

async function measure(context, extPage, server, task) {
  const options = { policyUrl: '', policyFileText: '', policyFileName: '', policyPublicKey: '', mastodonHosts: [] };
  if (task.policy !== 'default') {
    options.policyFileText = readFileSync(task.policy, 'utf8');
    options.policyFileName = 'bench-policy.json';
  }
  const status = await ask(extPage, { kind: 'saveOptions', options });
  if (status.kind !== 'status' || status.policy.lastError)
    throw new Error(`${task.name}: the policy was not accepted: ${JSON.stringify(status).slice(0, 400)}`);

  const page = await context.newPage();
  await page.goto(`${server.origin}/lexical.html`);
  await page.waitForFunction(() => window.pg?.ready);
  await page.click('#editor');
  // The draft, one key short of the term; typed in one go (an IME-style insert) to save time.
  await page.keyboard.insertText(task.draft);
  const { cdp, objectId } = await overlayRoot(page);
  await cdp.send('Runtime.callFunctionOn', {
    objectId,
    functionDeclaration: `function () { (${installProbe}).call(this, ${JSON.stringify(task.rule)}); }`,
  });
  const base = await page.evaluate(() => window.__pgBench.settled(window.__pgBench.count(), 300));
  const text = await page.evaluate(() => window.pg.editors.main.text());
  if (text !== task.draft)
    throw new Error(`${task.name}: the editor holds ${text.length} characters, not the ${task.draft.length} typed`);

  const samples = { input: [], dom: [], frame: [], painted: [] };
  let timeouts = 0;
  for (let i = 0; i < task.keystrokes; i++) {
    await page.evaluate((want) => window.__pgBench.arm(want), base + 1);
    await page.keyboard.press(task.key);
    const r = await page.evaluate(
      (ms) => Promise.race([window.__pgBench.done, new Promise((res) => setTimeout(() => res(null), ms))]),
      SAMPLE_TIMEOUT_MS,
    );
    if (r) {
      for (const k of Object.keys(samples)) samples[k].push(r[k]);
    } else {
      timeouts++;
    }
    await page.keyboard.press('Backspace');
    await page.evaluate((n) => window.__pgBench.settled(n, 40), base);
  }
  const finalText = await page.evaluate(() => window.pg.editors.main.text());
  await cdp.detach().catch(() => {});
  await page.close();
  if (finalText !== task.draft) throw new Error(`${task.name}: the draft changed during the run`);

  // The same check asked of the service worker directly from an extension page: the engine's own
  // time there (engineMs, measured by the worker) and the message round trip around it.
  const worker = await extPage.evaluate(
    async ({ text, n }) => {
      const out = { engine: [], roundTrip: [] };
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const r = await chrome.runtime.sendMessage({ kind: 'check', text, site: '127.0.0.1' });
        out.roundTrip.push(performance.now() - t0);
        out.engine.push(r.engineMs);
      }
      return out;
    },
    { text: task.draft + task.key, n: Math.min(100, task.keystrokes) },
  );
  return {
    name: task.name,
    samples: samples.painted,
    input: samples.input,
    dom: samples.dom,
    frame: samples.frame,
    workerEngine: worker.engine,
    workerRoundTrip: worker.roundTrip,
    timeouts,
    length: task.draft.length + 1,
  };
}

async function main() {
  const [planFile] = process.argv.slice(2);
  if (!planFile) {
    console.error('usage: node bench/browser/key-to-underline.mjs PLAN.json');
    process.exit(2);
  }
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  const scratch = join(resultsDir, 'browser');
  const extOut = join(scratch, 'dist');
  execFileSync('node', [join(repo, 'extension/build.mjs'), '--engine', plan.engineDir, '--out', extOut, '--no-zip'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bundles = await buildPages(join(scratch, 'pages'));
  const server = await startServer({ pagesDir, bundlesDir: bundles });
  const profileDir = join(scratch, 'profile');
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const { context, extensionId } = await launch({ extDir: join(extOut, 'extension'), profileDir, server });
  const out = { tasks: [] };
  try {
    const extPage = await extensionPage(context, extensionId);
    for (const task of plan.tasks) out.tasks.push(await measure(context, extPage, server, task));
  } finally {
    await context.close();
    await server.close();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
