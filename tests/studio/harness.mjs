// Shared set-up of the Studio's browser tests: serves dist/studio/ on 127.0.0.1, drives the
// system Chromium headless with playwright-core, refuses (and records) every request that is not
// to that server, and saves screenshots under build/studio-shots/.

import { chromium } from 'playwright-core';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = path.join(repo, 'dist/studio');
export const shotsDir = path.join(repo, 'build/studio-shots');
const CHROMIUM = process.env.POSTGUARD_CHROMIUM || '/usr/bin/chromium';

/** Starts the server and the browser; every page opened by `open()` is cut off from the network. */
export async function launch() {
  try {
    await access(path.join(distDir, 'engine/postguard.wasm'));
  } catch {
    throw new Error('dist/studio/ is not built: run `bash scripts/build-studio.sh` (npm test does it).');
  }
  await mkdir(shotsDir, { recursive: true });
  const server = await startServer({ root: distDir, port: 0 });
  const origin = new URL(server.url).origin;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Name resolution is off for everything but loopback: a request that slipped past the
    // router below still could not leave the machine.
    args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const external = [];
  const consoleErrors = [];

  async function open(pagePath, options = {}) {
    return openOn(server.url, pagePath, options);
  }

  /**
   * Opens `pagePath` of the site at `base` in a new context. Service workers are blocked unless
   * asked for: requests they make are not seen by the router that records external requests.
   */
  async function openOn(
    base,
    pagePath,
    { locale = 'en-US', offlineAfterLoad = false, bypassCSP = false, serviceWorkers = 'block' } = {},
  ) {
    const siteOrigin = new URL(base).origin;
    // bypassCSP only lets the accessibility test inject axe-core; the pages never need it.
    const context = await browser.newContext({
      locale,
      acceptDownloads: true,
      bypassCSP,
      serviceWorkers,
      viewport: { width: 1440, height: 1000 },
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${siteOrigin}/`) || url.startsWith('blob:') || url.startsWith('data:'))
        return route.continue();
      external.push(url);
      return route.abort('internetdisconnected');
    });
    // The overlay draws in a closed shadow root so that pages cannot reach into it; the tests
    // reopen it to look at the underlines and the card.
    await context.addInitScript(() => {
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function attachOpen(init) {
        return attach.call(this, { ...init, mode: 'open' });
      };
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${pagePath}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${pagePath}: ${e.message}`));
    await page.goto(new URL(pagePath, base).href);
    await waitForEngine(page);
    if (offlineAfterLoad) await context.setOffline(true);
    return { page, context };
  }

  async function shot(page, name) {
    await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
  }

  async function close() {
    await browser.close();
    await server.close();
  }

  return { server, browser, open, openOn, shot, close, external, consoleErrors };
}

/** Waits for the page's engine to start; fails with the page's own words if it did not. */
export async function waitForEngine(page) {
  const status = page.locator('#engine-status[data-ready]');
  await status.waitFor({ timeout: 20_000 });
  if ((await status.getAttribute('data-ready')) !== 'true') throw new Error(`engine: ${await status.textContent()}`);
}

/**
 * axe-core's WCAG 2 A/AA violations on the page as it is now: [{id, impact, targets}]. The shared
 * overlay (<postguard-overlay>) is left out: it is the extension's code, checked by its own tests.
 */
export async function accessibilityViolations(page) {
  await page.addScriptTag({ path: path.join(repo, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const result = await window.axe.run(
      { exclude: [['postguard-overlay']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    );
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/** Puts `text` in the Studio's editor as one paste would, and waits for the engine's verdict on it. */
export async function setPolicy(page, text) {
  await page.evaluate((t) => {
    window.postguardStudio.editor.setText(t);
    window.postguardStudio.editor.lintNow();
  }, text);
  await waitForLint(page, text);
}

/** Waits until the engine has judged exactly the editor's current text. */
export async function waitForLint(page, text) {
  await page.waitForFunction(
    (t) => {
      const app = window.postguardStudio;
      return app.editor.text() === t && app.lastLinted === t;
    },
    text,
    { timeout: 10_000 },
  );
}
