// The extension in headless Chromium on local pages with each real editor library (Lexical,
// Draft.js, Quill, TipTap/ProseMirror, Slate), a textarea, a strict-CSP page, iframes, shadow DOM
// and a late-added editor: types real posts and checks underlines against the text's own
// rectangles, the card, replacements, the editor's content, the post warning, and the network.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { buildPages, extensionUnderTest, pagesDir, repo, scratch, shotsDir } from './lib/pages.mjs';
import {
  ask,
  extensionPage,
  frameOffset,
  freshProfile,
  launch,
  readOverlays,
  textareaOffsetsUnder,
  textRectsIn,
  waitForOverlay,
} from './lib/browser.mjs';

const POLICY = readFileSync(join(repo, 'tests/e2e/policies/e2e-policy.json'), 'utf8');
const POST = 'Thrilled: the Lumen Tab ships soon. Mail jane.doe@example.com, you idiot!';
const EXPECTED = [
  { text: 'Lumen Tab', rule: 'e2e.unreleased', severity: 'block' },
  { text: 'jane.doe@example.com', rule: 'e2e.email', severity: 'info' },
  { text: 'idiot', rule: 'e2e.insult', severity: 'warn' },
];
const REPLACED = POST.replace('Lumen Tab', 'our next tablet');
const PX = 1.5; // how far an underline may sit from the text's own edge, in CSS pixels

let server;
let context;
let extensionId;
let extPage;
const seen = []; // every request Chromium attributes to a page, frame or worker
const thrown = []; // errors in pages, and console errors that come from the extension

before(async () => {
  mkdirSync(shotsDir, { recursive: true });
  const bundles = await buildPages(join(scratch, 'pages-editors'));
  server = await startServer({ pagesDir, bundlesDir: bundles });
  const extDir = extensionUnderTest('editors');
  ({ context, extensionId } = await launch({ extDir, profileDir: freshProfile('editors'), server }));
  context.on('request', (r) => seen.push({ url: r.url(), worker: !!r.serviceWorker(), frame: frameUrl(r) }));
  extPage = await extensionPage(context, extensionId);
});

after(async () => {
  await context?.close();
  await server?.close();
});

function frameUrl(request) {
  try {
    return request.frame().url();
  } catch {
    return '';
  }
}

async function openPage(path, origin = server.origin) {
  const page = await context.newPage();
  page.on('pageerror', (e) => thrown.push(`${path}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /postguard|chrome-extension:/i.test(`${m.text()} ${m.location().url}`))
      thrown.push(`${path}: ${m.text()}`);
  });
  await page.goto(`${origin}/${path}`);
  return page;
}

/**
 * The overlay of one frame that has marks for every rule listed; with `box` (an editor's rect),
 * only the overlay whose marks lie on that editor (a page may have several).
 */
function overlayWith(frameUrlWanted, rules, box = null) {
  return (overlays) =>
    overlays.find(
      (o) =>
        o.url === frameUrlWanted &&
        rules.every((r) => o.marks.some((m) => m.rule === r)) &&
        (!box || o.marks.every((m) => inside(m.rect, box))),
    );
}

function inside(r, box) {
  return (
    r.x >= box.x - 2 &&
    r.y >= box.y - 2 &&
    r.x + r.width <= box.x + box.width + 2 &&
    r.y + r.height <= box.y + box.height + 2
  );
}

const editorBox = (editor) =>
  editor.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });

/**
 * The full check of one editor: type the post, compare underlines with the text, open the card,
 * replace, and confirm the editor holds exactly what was typed and then exactly the replacement.
 */
async function checkEditor(page, frame, name, shot) {
  await frame.waitForFunction((n) => window.pg?.ready && window.pg.editors[n], name);
  const editor = await frame.evaluateHandle((n) => window.pg.editors[n].element(), name);
  // Inside a closed shadow root the hit test sees only the host, so Playwright's check cannot pass.
  await editor.click({ timeout: 3000 }).catch(() => editor.click({ force: true }));
  await page.keyboard.type(POST, { delay: 8 });

  const ov = await waitForOverlay(
    page,
    overlayWith(
      frame.url(),
      EXPECTED.map((e) => e.rule),
      await editorBox(editor),
    ),
    {
      what: `underlines for ${EXPECTED.map((e) => e.rule).join(', ')} in ${name}`,
    },
  );
  // The editor's own model holds exactly what was typed.
  assert.equal(await frame.evaluate((n) => window.pg.editors[n].text(), name), POST);
  const isTextarea = await editor.evaluate((e) => e.localName === 'textarea');
  assert.equal(
    await editor.evaluate((e) => e.querySelector?.('postguard-overlay') ?? null),
    null,
    'nothing drawn inside the editor',
  );

  for (const want of EXPECTED) {
    const marks = ov.marks.filter((m) => m.rule === want.rule);
    assert.ok(marks.length >= 1, `a mark for ${want.rule}`);
    assert.ok(
      marks.every((m) => m.severity === want.severity),
      `${want.rule} drawn as ${want.severity}`,
    );
    await assertMarksOnText(frame, name, isTextarea, want.text, marks);
  }

  // Hover the blocking span: the card says what the policy says.
  const offset = await frameOffset(frame);
  const box = await editorBox(editor);
  const block = ov.marks.find((m) => m.rule === 'e2e.unreleased');
  await page.mouse.move(
    offset.x + block.rect.x + block.rect.width / 2,
    offset.y + block.rect.y + block.rect.height / 2,
  );
  const card = await waitForOverlay(
    page,
    (o) =>
      o.find(
        (x) => x.url === frame.url() && x.card?.rule === 'e2e.unreleased' && x.marks.every((m) => inside(m.rect, box)),
      )?.card,
    {
      what: 'the card of e2e.unreleased',
    },
  );
  assert.equal(card.message, 'Lumen Tab has not been announced.');
  assert.match(card.why, /Unreleased products are confidential until launch day\./);
  assert.match(card.suggestion, /Talk about products that are already public\./);
  const replace = card.buttons.find((b) => b.cls.includes('replace'));
  assert.equal(replace?.text, 'Replace with “our next tablet”');
  assert.equal(
    card.buttons.find((b) => b.cls.includes('policy'))?.href,
    'https://intranet.example/social-policy#unreleased',
  );
  await page.screenshot({ path: join(shotsDir, `${shot}-card.png`) });

  // One click replaces exactly the span, through the editor's own model.
  await page.mouse.click(
    offset.x + replace.rect.x + replace.rect.width / 2,
    offset.y + replace.rect.y + replace.rect.height / 2,
  );
  await frame
    .waitForFunction(([n, want]) => window.pg.editors[n].text() === want, [name, REPLACED], { timeout: 5000 })
    .catch(async () => assert.equal(await frame.evaluate((n) => window.pg.editors[n].text(), name), REPLACED));
  const after = await waitForOverlay(
    page,
    (o) =>
      o.find(
        (x) =>
          x.url === frame.url() &&
          !x.marks.some((m) => m.rule === 'e2e.unreleased') &&
          x.marks.some((m) => m.rule === 'e2e.insult') &&
          x.marks.every((m) => inside(m.rect, box)),
      ),
    { what: 'the blocking underline gone after the replacement' },
  );
  // The remaining underlines moved with the text.
  await assertMarksOnText(
    frame,
    name,
    isTextarea,
    'idiot',
    after.marks.filter((m) => m.rule === 'e2e.insult'),
  );
  return { editor, isTextarea };
}

/** Each underline covers exactly the flagged text, as the browser itself lays the text out. */
async function assertMarksOnText(frame, name, isTextarea, needle, marks) {
  if (isTextarea) {
    const start = (await frame.evaluate((n) => window.pg.editors[n].text(), name)).indexOf(needle);
    for (const m of marks) {
      const under = await textareaOffsetsUnder(frame, name, m.rect);
      assert.ok(under.left !== null && under.right !== null, `hit test inside the underline of "${needle}"`);
      assert.ok(
        under.left >= start && under.left <= start + 1,
        `underline of "${needle}" starts at its first letter (got ${under.left}, want ${start})`,
      );
      assert.ok(
        under.right >= start + needle.length - 1 && under.right <= start + needle.length,
        `underline of "${needle}" ends at its last letter (got ${under.right}, want ${start + needle.length})`,
      );
    }
    return;
  }
  const lines = await textRectsIn(frame, name, needle);
  assert.ok(lines?.length, `"${needle}" is in the editor`);
  assert.equal(marks.length, lines.length, `one underline per line of "${needle}"`);
  for (const line of lines) {
    const m = marks.find((k) => Math.abs(k.rect.y - line.y) < line.height / 2);
    assert.ok(
      m,
      `an underline on the line of "${needle}" at y=${line.y}; lines ${JSON.stringify(lines)}, marks ${JSON.stringify(marks)}`,
    );
    assert.ok(Math.abs(m.rect.x - line.x) <= PX, `left edge of "${needle}": ${m.rect.x} vs ${line.x}`);
    assert.ok(Math.abs(m.rect.x + m.rect.width - (line.x + line.width)) <= PX, `right edge of "${needle}"`);
    assert.ok(
      Math.abs(m.rect.y + m.rect.height - (line.y + line.height)) <= 3,
      `underline at the text's baseline box for "${needle}"`,
    );
  }
}

describe('without configuration', () => {
  it('applies the built-in default policy', async () => {
    const status = await ask(extPage, { kind: 'status' });
    assert.equal(status.kind, 'status');
    assert.equal(status.policy.source, 'builtin');
    assert.ok(status.policy.info?.rules > 0, 'the default policy has rules');
    const page = await openPage('textarea.html');
    await page.waitForFunction(() => window.pg?.ready);
    await page.click('#editor');
    // The example of docs/policy-format.md: a Spanish DNI with a valid check letter.
    await page.keyboard.type('Mi DNI es 12345678Z', { delay: 5 });
    const ov = await waitForOverlay(page, (o) => o.find((x) => x.marks.some((m) => m.rule === 'pii.es_dni')), {
      what: 'the built-in pii.es_dni underline',
    });
    assert.ok(ov.badge, 'the badge shows');
    await page.close();
  });
});

describe('editors', () => {
  before(async () => {
    server.setDocument('/policies/e2e.json', POLICY);
    const status = await ask(extPage, {
      kind: 'saveOptions',
      options: {
        policyUrl: `${server.origin}/policies/e2e.json`,
        policyFileText: '',
        policyFileName: '',
        policyPublicKey: '',
        mastodonHosts: [],
      },
    });
    assert.equal(status.kind, 'status', JSON.stringify(status));
    assert.equal(status.policy.lastError, '');
    assert.equal(status.policy.source, 'url');
    assert.equal(status.policy.info.id, 'e2e');
  });

  for (const lib of ['textarea', 'lexical', 'draft', 'quill', 'tiptap', 'slate']) {
    it(`${lib}: underlines, card, replacement, exact content`, async () => {
      const page = await openPage(`${lib}.html`);
      await checkEditor(page, page.mainFrame(), 'main', lib);
      await page.close();
    });
  }

  it('strict CSP page (default-src none): textarea and contenteditable', async () => {
    const page = await openPage('strict-csp.html');
    // The page can run no script of its own; the test reads its editors directly.
    await page.evaluate(() => {
      const ta = document.getElementById('editor');
      const rich = document.getElementById('rich');
      window.pg = {
        ready: true,
        editors: {
          main: { text: () => ta.value, element: () => ta },
          rich: { text: () => rich.innerText.replace(/\n$/, ''), element: () => rich },
        },
      };
    });
    const csp = await page.evaluate(
      async () => (await fetch(location.href, { method: 'HEAD' }).catch(() => null)) === null,
    );
    assert.ok(csp, 'the page itself may not even fetch (connect-src none)');
    await checkEditor(page, page.mainFrame(), 'main', 'strict-csp-textarea');
    await checkEditor(page, page.mainFrame(), 'rich', 'strict-csp-contenteditable');
    await page.close();
  });

  it('a local file:// page (how an admin tries a policy without a server)', async () => {
    const page = await context.newPage();
    await page.goto(`file://${join(pagesDir, 'strict-csp.html')}`);
    await page.evaluate(() => {
      const ta = document.getElementById('editor');
      window.pg = { ready: true, editors: { main: { text: () => ta.value, element: () => ta } } };
    });
    await checkEditor(page, page.mainFrame(), 'main', 'file-page');
    await page.close();
  });

  it('editors inside iframes (a document and an about:srcdoc frame)', async () => {
    const page = await openPage('iframe.html');
    const docFrame =
      page.frames().find((f) => f.url().endsWith('/frame.html')) ?? (await (await page.$('#doc-frame')).contentFrame());
    await checkEditor(page, docFrame, 'main', 'iframe-document');
    const srcdoc = await (await page.$('#srcdoc-frame')).contentFrame();
    await srcdoc.evaluate(() => {
      const el = document.getElementById('editor');
      window.pg = {
        ready: true,
        editors: { main: { text: () => el.innerText.replace(/\n$/, ''), element: () => el } },
      };
    });
    await checkEditor(page, srcdoc, 'main', 'iframe-srcdoc');
    await page.close();
  });

  it('editors inside open and closed shadow roots', async () => {
    const page = await openPage('shadow.html');
    await checkEditor(page, page.mainFrame(), 'open', 'shadow-open-textarea');
    await checkEditor(page, page.mainFrame(), 'closed', 'shadow-closed-contenteditable');
    await page.close();
  });

  it('an editor the page adds after load', async () => {
    const page = await openPage('late.html');
    await page.waitForTimeout(300);
    await page.click('#reply');
    await checkEditor(page, page.mainFrame(), 'main', 'late-added');
    await page.close();
  });

  it('follows the text when it wraps, scrolls and zooms', async () => {
    const page = await openPage('lexical.html');
    await page.waitForFunction(() => window.pg?.ready);
    await page.evaluate(() => {
      document.querySelector('.compose').style.width = '300px';
      document.body.style.height = '3000px';
    });
    await page.click('#editor');
    const text = 'A long first line so that the product name wraps: Lumen Tab, and more text after it.';
    await page.keyboard.type(text, { delay: 4 });
    // Layout changes reach the overlay by events or its periodic look; poll until it follows.
    const check = async (what) => {
      const end = Date.now() + 3000;
      for (;;) {
        const ov = await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased']), { what });
        try {
          await assertMarksOnText(
            page.mainFrame(),
            'main',
            false,
            'Lumen Tab',
            ov.marks.filter((m) => m.rule === 'e2e.unreleased'),
          );
          return;
        } catch (e) {
          if (Date.now() > end) throw e;
          await page.waitForTimeout(50);
        }
      }
    };
    await check('underline in a narrow editor');
    await page.evaluate(() => window.scrollBy(0, 37));
    await page.waitForTimeout(100);
    await check('underline after scrolling');
    await page.evaluate(() => {
      document.body.style.zoom = '1.5';
    });
    await page.waitForTimeout(150);
    await check('underline after zooming');
    await page.evaluate(() => {
      document.querySelector('.compose').style.width = '220px';
    });
    await page.waitForTimeout(150);
    await check('underline after the editor narrowed');
    await page.screenshot({ path: join(shotsDir, 'lexical-wrapped-zoomed.png') });
    await page.close();
  });
});

describe('the employee', () => {
  it('is warned before posting a blocking draft with the button, and may post anyway', async () => {
    const page = await openPage('textarea.html');
    await page.waitForFunction(() => window.pg?.ready);
    await page.click('#editor');
    await page.keyboard.type('The Lumen Tab is great', { delay: 5 });
    await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased']), { what: 'the block underline' });
    await page.click('#post');
    const dialog = await waitForOverlay(page, (o) => o.find((x) => x.card?.kind === 'confirm-post')?.card, {
      what: 'the warning before posting',
    });
    assert.equal(dialog.role, 'alertdialog');
    assert.match(dialog.text, /Lumen Tab has not been announced\./);
    assert.equal(await page.evaluate(() => window.pg.posts.length), 0, 'the post waits for the employee');
    assert.ok(dialog.buttons.find((b) => b.action === 'review')?.focused, 'the safe choice has focus');
    await page.screenshot({ path: join(shotsDir, 'textarea-post-warning.png') });
    const anyway = dialog.buttons.find((b) => b.action === 'post');
    await page.mouse.click(anyway.rect.x + anyway.rect.width / 2, anyway.rect.y + anyway.rect.height / 2);
    await page.waitForFunction(() => window.pg.posts.length === 1);
    assert.deepEqual(await page.evaluate(() => window.pg.posts), [
      { how: 'button', name: 'main', text: 'The Lumen Tab is great' },
    ]);
    await page.close();
  });

  it('is warned only for the compose box whose draft has a blocking finding', async () => {
    const page = await openPage('two-boxes.html');
    await page.waitForFunction(() => window.pg?.ready);
    await page.click('#editor-a');
    await page.keyboard.type('Lumen Tab news', { delay: 5 });
    await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased']), { what: 'the block underline in box A' });
    await page.click('#editor-b');
    await page.keyboard.type('Nice post!', { delay: 5 });
    await page.click('#post-b');
    await page.waitForFunction(() => window.pg.posts.length === 1);
    assert.deepEqual(await page.evaluate(() => window.pg.posts), [{ how: 'button', name: 'b', text: 'Nice post!' }]);
    assert.ok(
      (await readOverlays(page)).every((o) => o.card?.kind !== 'confirm-post'),
      'no warning for the clean reply',
    );
    await page.click('#post-a');
    await waitForOverlay(page, (o) => o.find((x) => x.card?.kind === 'confirm-post'), {
      what: 'the warning for box A',
    });
    assert.equal(await page.evaluate(() => window.pg.posts.length), 1);
    await page.keyboard.press('Escape');
    await page.close();
  });

  it('is warned on the post shortcut; Escape goes back to the draft, intact', async () => {
    const page = await openPage('draft.html');
    await page.waitForFunction(() => window.pg?.ready);
    await (await page.evaluateHandle(() => window.pg.editors.main.element())).click();
    await page.keyboard.type('Lumen Tab soon', { delay: 5 });
    await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased']), { what: 'the block underline' });
    await page.keyboard.press('Control+Enter');
    await waitForOverlay(page, (o) => o.find((x) => x.card?.kind === 'confirm-post'), {
      what: 'the warning on Ctrl+Enter',
    });
    assert.equal(await page.evaluate(() => window.pg.posts.length), 0);
    await page.keyboard.press('Escape');
    await waitForOverlay(page, (o) => o.every((x) => x.card?.kind !== 'confirm-post'), { what: 'the warning closed' });
    // Focus is back in the editor: typing continues the draft.
    await page.keyboard.type('!', { delay: 5 });
    assert.equal(await page.evaluate(() => window.pg.editors.main.text()), 'Lumen Tab soon!');
    await page.keyboard.press('Control+Enter');
    const dialog = await waitForOverlay(page, (o) => o.find((x) => x.card?.kind === 'confirm-post')?.card, {
      what: 'the warning again',
    });
    const anyway = dialog.buttons.find((b) => b.action === 'post');
    await page.mouse.click(anyway.rect.x + anyway.rect.width / 2, anyway.rect.y + anyway.rect.height / 2);
    await page.waitForFunction(() => window.pg.posts.length === 1);
    assert.equal(await page.evaluate(() => window.pg.posts[0].text), 'Lumen Tab soon!');
    await page.close();
  });

  it('can do everything from the keyboard', async () => {
    const page = await openPage('tiptap.html');
    await page.waitForFunction(() => window.pg?.ready);
    await (await page.evaluateHandle(() => window.pg.editors.main.element())).click();
    await page.keyboard.type('We love the Lumen Tab a lot', { delay: 5 });
    await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased']), { what: 'the block underline' });
    // Caret into the flagged words: the card appears without stealing focus.
    for (let i = 0; i < ' a lot'.length + 2; i++) await page.keyboard.press('ArrowLeft');
    const card = await waitForOverlay(page, (o) => o.find((x) => x.card?.rule === 'e2e.unreleased')?.card, {
      what: 'the card at the caret',
    });
    assert.ok(!card.buttons.some((b) => b.focused), 'the caret card does not take focus');
    await page.keyboard.press('Alt+Enter');
    const focused = await waitForOverlay(page, (o) => o.find((x) => x.card?.buttons.some((b) => b.focused))?.card, {
      what: 'focus in the card',
    });
    assert.ok(focused.buttons.find((b) => b.focused).cls.includes('replace'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.pg.editors.main.text() === 'We love the our next tablet a lot');
    // Focus went back to the editor.
    await page.keyboard.type('!', { delay: 5 });
    assert.equal(await page.evaluate(() => window.pg.editors.main.text()).then((t) => t.includes('!')), true);
    await page.close();
  });

  it('sees policy strings as text, never as HTML', async () => {
    const page = await openPage('quill.html');
    await page.waitForFunction(() => window.pg?.ready);
    await (await page.evaluateHandle(() => window.pg.editors.main.element())).click();
    await page.keyboard.type('About Project Falcon', { delay: 5 });
    const ov = await waitForOverlay(page, overlayWith(page.url(), ['e2e.markup']), {
      what: 'the markup rule underline',
    });
    const m = ov.marks.find((x) => x.rule === 'e2e.markup');
    await page.mouse.move(m.rect.x + 4, m.rect.y + m.rect.height / 2);
    const card = await waitForOverlay(page, (o) => o.find((x) => x.card?.rule === 'e2e.markup')?.card, {
      what: 'the markup card',
    });
    assert.equal(
      card.message,
      '<img src=x onerror="window.__pgXss=1"><b>Project Falcon</b> is a codename & stays <i>inside</i>.',
    );
    assert.ok(
      !card.elementTags.some((t) => t === 'img' || t === 'b' || t === 'i'),
      `no element from the policy: ${card.elementTags}`,
    );
    assert.equal(await page.evaluate(() => window.__pgXss), undefined);
    await page.screenshot({ path: join(shotsDir, 'quill-markup-as-text.png') });
    await page.close();
  });

  it('gets the site of the page as the check context (site-specific rules), and no role', async () => {
    const text = 'Zebra Sync and Quartz Board beat the Lumen Tab'; // the awaited term comes last
    for (const [origin, expectSite] of [
      [server.origin, false],
      [server.origin.replace('127.0.0.1', 'localhost'), true],
    ]) {
      const page = await openPage('textarea.html', origin);
      await page.waitForFunction(() => window.pg?.ready);
      await page.click('#editor');
      await page.keyboard.type(text, { delay: 5 });
      const ov = await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased']), {
        what: `underlines on ${origin}`,
      });
      assert.equal(
        ov.marks.some((x) => x.rule === 'e2e.localhost-only'),
        expectSite,
        `site rule on ${origin}`,
      );
      assert.equal(
        ov.marks.some((x) => x.rule === 'e2e.tester-only'),
        false,
        'no role is configured here',
      );
      await page.close();
    }
  });

  it('sees the card in dark mode', async () => {
    const page = await openPage('slate.html');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => {
      document.body.style.background = '#15202b';
      document.body.style.color = '#e7e9ea';
    });
    await page.waitForFunction(() => window.pg?.ready);
    await (await page.evaluateHandle(() => window.pg.editors.main.element())).click();
    await page.keyboard.type('Soon: the Lumen Tab, you idiot', { delay: 5 });
    const ov = await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased', 'e2e.insult']), {
      what: 'underlines in dark mode',
    });
    const m = ov.marks.find((x) => x.rule === 'e2e.insult');
    await page.mouse.move(m.rect.x + 4, m.rect.y + m.rect.height / 2);
    await waitForOverlay(page, (o) => o.find((x) => x.card?.rule === 'e2e.insult'), { what: 'the card in dark mode' });
    await page.screenshot({ path: join(shotsDir, 'slate-dark-card.png') });
    await page.close();
  });
});

describe('pausing', () => {
  it('pauses on a site when allowed (unmanaged), and resumes', async () => {
    const page = await openPage('textarea.html');
    await page.waitForFunction(() => window.pg?.ready);
    await page.click('#editor');
    await page.keyboard.type('Lumen Tab', { delay: 5 });
    await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased']), { what: 'the underline before pausing' });
    const paused = await ask(extPage, { kind: 'setPaused', site: '127.0.0.1', paused: true });
    assert.equal(paused.kind, 'siteState', JSON.stringify(paused));
    assert.equal(paused.state.paused, true);
    // The open page drops its overlay; a new page on the site gets none.
    await waitForOverlay(page, (o) => o.length === 0, { what: 'no overlay while paused' });
    await page.keyboard.type(' again', { delay: 5 });
    const check = await ask(extPage, { kind: 'check', text: 'Lumen Tab', site: '127.0.0.1' });
    assert.deepEqual(check.findings, [], 'nothing is checked on a paused site');
    await ask(extPage, { kind: 'setPaused', site: '127.0.0.1', paused: false });
    await page.keyboard.type('!', { delay: 5 });
    await waitForOverlay(page, overlayWith(page.url(), ['e2e.unreleased']), { what: 'the underline after resuming' });
    assert.equal(await page.evaluate(() => window.pg.editors.main.text()), 'Lumen Tab again!');
    await page.close();
  });
});

describe('the options page (unmanaged use)', () => {
  it('validates a local policy file, puts it in force, and goes back to the default', async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.waitForFunction(() => document.getElementById('policy-name').textContent.includes('e2e'));
    assert.equal(await page.inputValue('#policy-url'), `${server.origin}/policies/e2e.json`);

    await page.setInputFiles('#policy-file', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"policy": {"id": "broken"}}'),
    });
    await page.waitForFunction(() => document.getElementById('file-result').textContent !== '');
    assert.match(await page.textContent('#file-result'), /This file cannot be used:/);

    const v2 = JSON.parse(POLICY);
    v2.policy.version = '2.0.0';
    v2.terms.unreleased.push({ term: 'Nimbus Pen' });
    await page.setInputFiles('#policy-file', {
      name: 'acme-policy.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(v2)),
    });
    await page.waitForFunction(() => /Valid policy/.test(document.getElementById('file-result').textContent));
    assert.equal(await page.isChecked('input[name="source"][value="file"]'), true);
    await page.click('#save');
    await page.waitForFunction(() => document.getElementById('save-result').textContent === 'Saved.');
    assert.equal(await page.textContent('#policy-version'), '2.0.0');
    await page.screenshot({ path: join(shotsDir, 'options-file.png') });
    const status = await ask(extPage, { kind: 'status' });
    assert.equal(status.policy.source, 'file');
    assert.equal(status.options.policyFileName, 'acme-policy.json');

    const editorPage = await openPage('textarea.html');
    await editorPage.waitForFunction(() => window.pg?.ready);
    await editorPage.click('#editor');
    await editorPage.keyboard.type('Nimbus Pen preview', { delay: 5 });
    await waitForOverlay(editorPage, overlayWith(editorPage.url(), ['e2e.unreleased']), {
      what: 'a term only in the file policy',
    });
    await editorPage.close();

    await page.check('input[name="source"][value="builtin"]');
    await page.click('#save');
    await page.waitForFunction(() => document.getElementById('save-result').textContent === 'Saved.');
    assert.equal((await ask(extPage, { kind: 'status' })).policy.source, 'builtin');
    await page.close();
  });
});

describe('privacy', () => {
  it('threw nothing into any page', () => {
    assert.deepEqual(thrown, []);
  });

  it('checks a typical post well within one frame', async () => {
    const post = `${POST} We shipped the new release today and I am proud of the team. `.repeat(3);
    // Measured inside the extension: a content script's round trip is the same message.
    const { trips, engine } = await extPage.evaluate(async (text) => {
      const trips = [];
      const engine = [];
      for (let i = 0; i < 40; i++) {
        const t0 = performance.now();
        const r = await chrome.runtime.sendMessage({ kind: 'check', text: text + i, site: 'x.com' });
        trips.push(performance.now() - t0);
        engine.push(r.engineMs);
      }
      return { trips, engine };
    }, post);
    const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
    console.log(
      `# check of a ${post.length}-character post: engine median ${median(engine).toFixed(2)} ms, message round trip median ${median(trips).toFixed(2)} ms`,
    );
    assert.ok(median(engine) < 8, `engine median ${median(engine)} ms`);
    assert.ok(median(trips) < 16, `round trip median ${median(trips)} ms`);
  });

  it('made no request but the pages and the configured policy URL', async () => {
    const policyUrl = `${server.origin}/policies/e2e.json`;
    const pageOrigins = [server.origin, server.origin.replace('127.0.0.1', 'localhost')];
    const extensionOrigin = `chrome-extension://${extensionId}/`;
    const unexpected = seen.filter((r) => {
      if (r.url.startsWith(extensionOrigin)) return false; // the extension's own files
      if (r.url.startsWith('file://') && !r.worker) return false; // a local page: no network
      if (r.worker) return r.url !== policyUrl; // the service worker may fetch the policy only
      if (r.frame.startsWith(extensionOrigin)) return true; // extension pages fetch nothing
      // Pages fetch their own files; anything else would come from the content script.
      return !pageOrigins.some((o) => r.url.startsWith(`${o}/`)) || r.url === policyUrl;
    });
    assert.deepEqual(unexpected, []);
    assert.ok(
      seen.some((r) => r.worker && r.url === policyUrl),
      'the policy was fetched by the worker',
    );
    // Everything that reached the network went through the recording proxy: what Chromium did
    // not attribute to a page or worker is the browser's own (no Fetch Metadata headers).
    const attributed = new Set(seen.map((r) => r.url));
    // (The favicon is fetched by the browser for the page, not by any script.)
    const browserOwn = server.requests.filter((r) => !attributed.has(r.url) && r.path !== '/favicon.ico');
    for (const r of browserOwn) {
      assert.ok(
        !r.headers['sec-fetch-site'] && !r.headers['sec-fetch-mode'],
        `unattributed request with Fetch Metadata: ${r.method} ${r.url}`,
      );
    }
    console.log(
      `# ${server.requests.length} requests through the proxy; Chromium's own: ${[...new Set(browserOwn.map((r) => r.host))].join(', ') || 'none'}`,
    );
  });
});
