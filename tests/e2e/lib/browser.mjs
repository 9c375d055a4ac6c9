// Headless Chromium with the extension loaded (../shared/notes/extension-testing.md), every
// request routed through the recording test server, and ways to read the extension's overlay
// (a closed shadow root, reached through the DevTools protocol like the DevTools do).
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from './pages.mjs';

/** The id Chromium gives an unpacked extension with a "key" in its manifest. */
export function extensionIdOf(extDir) {
  const { key } = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8'));
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}

export function freshProfile(name) {
  const dir = join(scratch, 'profiles', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Launches Chromium with the extension. All traffic goes through `server` (a proxy that records).
 * @returns {Promise<{context: import('playwright-core').BrowserContext, extensionId: string, worker: import('playwright-core').Worker}>}
 */
export async function launch({ extDir, profileDir, server, lang = 'en-US', extraArgs = [] }) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.PG_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1000, height: 760 },
    locale: lang,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication',
      `--lang=${lang}`,
      `--proxy-server=http://127.0.0.1:${server.port}`,
      '--proxy-bypass-list=<-loopback>', // loopback too goes through the recording proxy
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      ...extraArgs,
    ],
  });
  const extensionId = extensionIdOf(extDir);
  const worker = await extensionWorker(context, extensionId);
  return { context, extensionId, worker };
}

export async function extensionWorker(context, extensionId, timeout = 15_000) {
  const isOurs = (w) => w.url().startsWith(`chrome-extension://${extensionId}/`);
  const existing = context.serviceWorkers().find(isOurs);
  if (existing) return existing;
  return context.waitForEvent('serviceworker', { predicate: isOurs, timeout });
}

/** An extension page (the popup, in a tab) from which the protocol's messages can be sent. */
export async function extensionPage(context, extensionId, page = 'popup.html') {
  const p = await context.newPage();
  await p.goto(`chrome-extension://${extensionId}/${page}`);
  return p;
}

/** Sends one protocol request to the service worker from an extension page. */
export function ask(extPage, request) {
  return extPage.evaluate((r) => chrome.runtime.sendMessage(r), request);
}

// ---- The overlay ---------------------------------------------------------------------------

// Runs in the page on each overlay's (closed) shadow root; returns what a user would see.
function readShadow() {
  const root = this;
  const rect = (e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  };
  const visible = (e) => e && !e.hidden && e.getBoundingClientRect().width > 0;
  const card = root.querySelector('.card');
  const badge = root.querySelector('.badge');
  return {
    url: root.host.ownerDocument.URL,
    marks: [...root.querySelectorAll('.mark')].map((m) => ({
      rule: m.dataset.rule,
      severity: ['block', 'warn', 'info'].find((s) => m.classList.contains(s)),
      rect: rect(m),
    })),
    card: visible(card)
      ? {
          rule: card.dataset.rule ?? '',
          kind: card.dataset.kind ?? 'finding',
          role: card.getAttribute('role'),
          text: card.textContent,
          message: card.querySelector('.message')?.textContent ?? '',
          why: card.querySelector('.why')?.textContent ?? '',
          suggestion: card.querySelector('.suggestion')?.textContent ?? '',
          elementTags: [...card.querySelectorAll('*')].map((e) => e.localName),
          buttons: [...card.querySelectorAll('button, a')].map((b) => ({
            text: b.textContent,
            label: b.getAttribute('aria-label') ?? '',
            cls: b.className,
            action: b.dataset.action ?? '',
            href: b.getAttribute('href') ?? '',
            rect: rect(b),
            focused: root.activeElement === b,
          })),
          rect: rect(card),
        }
      : null,
    badge: visible(badge)
      ? { text: badge.textContent, label: badge.getAttribute('aria-label'), rect: rect(badge) }
      : null,
    live: root.querySelector('[aria-live]')?.textContent ?? '',
  };
}

/** Every Postguard overlay in the page and its same-process frames, as the user sees it. */
export async function readOverlays(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const shadows = [];
    const walk = (n) => {
      if (n.localName === 'postguard-overlay' && n.shadowRoots?.length) shadows.push(n.shadowRoots[0]);
      for (const c of n.children ?? []) walk(c);
      for (const c of n.shadowRoots ?? []) walk(c);
      if (n.contentDocument) walk(n.contentDocument);
    };
    walk(root);
    const out = [];
    for (const s of shadows) {
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: s.backendNodeId });
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: readShadow.toString(),
        returnByValue: true,
      });
      out.push(result.value);
    }
    return out;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Polls the overlays until `accept(overlays)` returns a value (not undefined/false). */
export async function waitForOverlay(page, accept, { timeout = 10_000, what = 'the overlay' } = {}) {
  const end = Date.now() + timeout;
  let last = [];
  for (;;) {
    last = await readOverlays(page);
    const v = accept(last);
    if (v) return v;
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}; overlays now: ${JSON.stringify(last, null, 1).slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Where a frame's viewport sits in the page's (mouse coordinates are the page's). */
export async function frameOffset(frame) {
  if (!frame.parentFrame()) return { x: 0, y: 0 };
  const el = await frame.frameElement();
  const box = await el.boundingBox();
  const border = await el.evaluate((e) => ({ x: e.clientLeft, y: e.clientTop }));
  const parent = await frameOffset(frame.parentFrame());
  return { x: parent.x + box.x + border.x, y: parent.y + box.y + border.y };
}

// ---- The text's own rectangles, measured independently of the extension --------------------

/**
 * Client rects (one per line) of the first occurrence of `needle` in a contenteditable editor,
 * found by the page's own DOM — to compare with the overlay's boxes.
 */
export function textRectsIn(frame, editorName, needle) {
  return frame.evaluate(
    ([name, needle]) => {
      const root = window.pg.editors[name].element();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n, start: all.length });
        all += n.data;
      }
      const at = all.indexOf(needle);
      if (at < 0) return null;
      const pos = (offset, isEnd) => {
        for (const { node, start } of nodes) {
          const end = start + node.data.length;
          if (offset < end || (isEnd && offset === end)) return [node, offset - start];
        }
        return null;
      };
      const range = document.createRange();
      range.setStart(...pos(at, false));
      range.setEnd(...pos(at + needle.length, true));
      const lines = [];
      for (const r of range.getClientRects()) {
        if (r.width < 0.5) continue;
        const same = lines.find((l) => Math.abs(l.y - r.y) < r.height / 2);
        if (same) {
          const right = Math.max(same.x + same.width, r.right);
          same.x = Math.min(same.x, r.x);
          same.width = right - same.x;
        } else lines.push({ x: r.x, y: r.y, width: r.width, height: r.height });
      }
      return lines;
    },
    [editorName, needle],
  );
}

/**
 * For a textarea, which character offsets lie under points inside a box (the browser's own hit
 * test, caretPositionFromPoint, which reports offsets into a textarea's value).
 */
export function textareaOffsetsUnder(frame, editorName, box) {
  return frame.evaluate(
    ([name, b]) => {
      const ta = window.pg.editors[name].element();
      const y = b.y + b.height / 2 - 1;
      const probe = (x) => {
        const p = document.caretPositionFromPoint(x, y, {
          shadowRoots: ta.getRootNode() instanceof ShadowRoot ? [ta.getRootNode()] : [],
        });
        return p && p.offsetNode === ta ? p.offset : null;
      };
      return { left: probe(b.x + 2), right: probe(b.x + b.width - 2), value: ta.value };
    },
    [editorName, box],
  );
}
