// The Policy Studio and the demo page in headless Chromium, as an admin would use them, with the
// real engine (dist/studio/engine/) and no network: errors at their line, fixing clears them,
// failing policy tests, a disguised term in the try box, batch counts and CSV, signing, the demo.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { launch, setPolicy, waitForLint, waitForEngine, accessibilityViolations, distDir } from './harness.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { verifyPolicyEnvelope } from '../../extension/src/policy-envelope.js';

// A company policy written from scratch, without packs, so that every count below follows from
// this text alone.
const ACME = {
  policy: {
    id: 'acme',
    version: '1.1.0',
    name: 'ACME social media policy',
    languages: ['en', 'es'],
    url: 'https://intranet.acme.example/social',
    contact: 'social@acme.example',
  },
  company: { names: ['ACME'], official_urls: { support: 'https://acme.example/help' } },
  terms: { unreleased: [{ term: 'Lumen Tab', until: '2099-01-01', replacement: 'our next tablet' }] },
  rules: [
    {
      id: 'acme.unreleased',
      category: 'confidential',
      severity: 'block',
      when: { list: 'unreleased' },
      message: { en: '{match} has not been announced.', es: '{match} aún no se ha anunciado.' },
      suggestion: { en: 'Wait for the launch.' },
    },
    {
      id: 'acme.email',
      category: 'pii',
      severity: 'warn',
      when: { detector: 'email' },
      message: { en: 'This is an e-mail address.', es: 'Esto es una dirección de correo.' },
    },
  ],
  tests: [
    { name: 'disguised product', text: 'Soon: the L u m e n  T a b!', expect: ['acme.unreleased'] },
    { name: 'clean post', text: 'Lovely day at the beach', expect: [] },
  ],
};
const acmeText = (policy = ACME) => `${JSON.stringify(policy, null, 2)}\n`;

let h;
before(async () => {
  h = await launch();
});
after(async () => {
  await h?.close();
  assert.deepEqual(h?.external ?? [], [], 'no request may leave 127.0.0.1');
  assert.deepEqual(h?.consoleErrors ?? [], [], "no errors in the pages' consoles");
});

test('a broken policy shows its error at the right line, and fixing it clears the error', async () => {
  const { page, context } = await h.open('/');
  const broken = acmeText().replace('"severity": "warn"', '"severity": "warning"');
  await setPolicy(page, broken);
  const badLine = broken.split('\n').findIndex((l) => l.includes('"warning"')) + 1;
  assert.ok(badLine > 1);

  const problem = page.locator('#problems li.error').first();
  assert.equal(await problem.getAttribute('data-line'), String(badLine));
  assert.match(await problem.textContent(), /\/rules\/1\/severity/);
  // The editor underlines it on that line (CodeMirror numbers its lines in the gutter).
  const marked = page.locator('.cm-line:has(.cm-lintRange-error)');
  assert.equal(await marked.count(), 1);
  assert.match(await marked.textContent(), /"severity": "warning"/);
  assert.equal(await page.locator('.cm-lint-marker-error').count(), 1);
  // The problem's link takes the cursor to the line and column.
  await problem.locator('button').click();
  const cursorLine = await page.evaluate(() => {
    const { state } = window.postguardStudio.editor.view;
    return state.doc.lineAt(state.selection.main.head).number;
  });
  assert.equal(cursorLine, badLine);
  assert.match(await page.locator('#policy-status').textContent(), /^Errors: 1 · warnings: 0\./);
  await h.shot(page, '01-broken-policy');

  // Fix it as an admin would: put the cursor after "warning", delete "ing", wait for the pause.
  const end = broken.indexOf('"warning"') + '"warning'.length;
  await page.evaluate((pos) => window.postguardStudio.editor.goTo(pos), end);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
  const fixed = acmeText();
  await waitForLint(page, fixed);
  assert.equal(await page.locator('.cm-lintRange-error').count(), 0);
  assert.equal(await page.locator('#problems li.error').count(), 0);
  assert.match(
    await page.locator('#policy-status').textContent(),
    /^The policy loads\. Rules: 2 · terms: 1 · warnings: 0\.$/,
  );
  await h.shot(page, '02-fixed-policy');
  await context.close();
});

test('schema completion and hover docs while typing; an unknown key is a warning at its line', async () => {
  const { page, context } = await h.open('/');
  await setPolicy(page, '{\n  \n}\n');
  await page.evaluate(() => window.postguardStudio.editor.goTo(4));
  await page.keyboard.type('"ext');
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'extends' });
  await option.first().waitFor({ timeout: 5000 });
  await h.shot(page, '03-completion');
  await page.keyboard.press('Escape');

  // A typo'd key: the loader warns (and ignores it); the policy still loads.
  const typo = acmeText().replace('"severity": "warn"', '"sevrity": "warn"');
  await setPolicy(page, typo);
  const typoLine = typo.split('\n').findIndex((l) => l.includes('"sevrity"')) + 1;
  const warning = page.locator('#problems li.warning');
  assert.equal(await warning.count(), 1);
  assert.equal(await warning.getAttribute('data-line'), String(typoLine));
  assert.equal(await page.locator('.cm-lint-marker-warning').count(), 1);
  assert.equal(await page.evaluate(() => window.postguardStudio.load.ok), true);

  // Hover on the "policy" key shows the schema's own description of it.
  const schema = JSON.parse(await readFile(new URL('../../policies/policy.schema.json', import.meta.url), 'utf8'));
  const described = schema.properties.policy.description;
  const box = await page.locator('.cm-line').nth(1).boundingBox();
  await page.mouse.move(box.x + 40, box.y + box.height / 2); // over `"policy"` on line 2
  const tooltip = page.locator('.cm-tooltip-hover');
  await tooltip.waitFor({ timeout: 5000 });
  assert.ok((await tooltip.textContent()).includes(described.slice(0, 40)), await tooltip.textContent());
  await context.close();
});

test('the tests panel reports a failing test with expected, found and the span marked', async () => {
  const { page, context } = await h.open('/');
  const policy = structuredClone(ACME);
  policy.tests.push({ name: 'should be clean', text: 'Our Lumen Tab rocks', expect: [] });
  policy.tests.push({ name: 'expects an e-mail', text: 'write to me', expect: ['acme.email'] });
  await setPolicy(page, acmeText(policy));
  await page.click('#tab-tests');
  assert.equal(await page.locator('#tests-summary').textContent(), '2 of 4 tests pass.');
  const failing = page.locator('#tests-list li.fail');
  assert.equal(await failing.count(), 2);
  const unexpected = failing.filter({ hasText: 'should be clean' });
  assert.match(await unexpected.locator('dd.unexpected').textContent(), /acme\.unreleased/);
  assert.equal(await unexpected.locator('mark.unexpected').textContent(), 'Lumen Tab');
  const missing = failing.filter({ hasText: 'expects an e-mail' });
  assert.match(await missing.locator('dd.missing').textContent(), /acme\.email/);
  assert.equal(await page.locator('#tests-list li.pass').count(), 2);
  await h.shot(page, '04-failing-tests');
  await context.close();
});

test('a batch of posts yields the expected counts and a CSV of them', async () => {
  const { page, context } = await h.open('/');
  await setPolicy(page, acmeText());
  await page.click('#tab-batch');
  const posts = [
    { text: 'The Lumen Tab is coming' },
    { text: 'mail ana@example.com about the L-u-m-e-n T-a-b', site: 'x.com' },
    { text: 'nothing to see here' },
    { text: 'lumen tab, LUMEN TAB', account: 'personal' },
  ]
    .map((p) => JSON.stringify(p))
    .join('\n');
  await page.fill('#batch-input', posts);
  await page.click('#batch-run');
  await page.locator('#batch-counts:not([hidden])').waitFor();
  const counts = await page.$$eval('#batch-counts tbody tr', (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent)),
  );
  assert.deepEqual(counts, [
    ['confidential', '4', '3'],
    ['pii', '1', '1'],
  ]);
  assert.equal(await page.locator('#batch-status').textContent(), 'Posts: 4 · flagged: 3 · findings: 5.');
  await h.shot(page, '05-batch');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-export')]);
  const rows = Papa.parse(await readFile(await download.path(), 'utf8'), { header: true }).data;
  assert.deepEqual(
    rows.map((r) => [r.post, r.rule]),
    [
      ['1', 'acme.unreleased'],
      ['2', 'acme.email'],
      ['2', 'acme.unreleased'],
      ['3', ''],
      ['4', 'acme.unreleased'],
      ['4', 'acme.unreleased'],
    ],
  );

  // The same kind of batch as a CSV file dropped on the box (a quoted field with a comma and a line break).
  const csv = 'text,site\n"Hello, the Lumen Tab\nis near",x.com\nwrite to bob@example.org,\nall quiet,\n';
  const dropped = await page.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'posts.csv', { type: 'text/csv' }));
    return data;
  }, csv);
  await page.dispatchEvent('#batch-input', 'drop', { dataTransfer: dropped });
  await page.waitForFunction(() => document.getElementById('batch-status').textContent.startsWith('Posts: 3 '));
  assert.equal(await page.locator('#batch-status').textContent(), 'Posts: 3 · flagged: 2 · findings: 2.');
  const csvCounts = await page.$$eval('#batch-counts tbody tr', (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent)),
  );
  assert.deepEqual(csvCounts, [
    ['confidential', '1', '1'],
    ['pii', '1', '1'],
  ]);
  await context.close();
});

test('publish: the checklist and a signed envelope that the extension verifies', async () => {
  const { page, context } = await h.open('/');
  await setPolicy(page, acmeText());
  await page.click('#tab-publish');
  await page.fill('#publish-previous', '1.0.9');
  const checks = await page.$$eval('#publish-checklist li[data-check]', (li) =>
    li.map((x) => [x.dataset.check, x.className]),
  );
  assert.deepEqual(checks, [
    ['loads', 'good'],
    ['tests', 'good'],
    ['version', 'good'],
    ['url', 'good'],
  ]);
  await page.fill('#publish-previous', '1.1.0');
  assert.equal(await page.locator('#publish-checklist li[data-check="version"]').getAttribute('class'), 'bad');

  await page.click('#publish-generate');
  await page.locator('#publish-public-wrap:not([hidden])').waitFor();
  const publicKey = await page.inputValue('#publish-public');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#publish-sign')]);
  const envelope = await readFile(await download.path(), 'utf8');
  const verified = await verifyPolicyEnvelope(envelope, publicKey);
  assert.equal(verified.error, '');
  assert.equal(verified.verified, true);
  assert.equal(verified.policyText, acmeText());
  await h.shot(page, '06-publish');
  await context.close();
});

test('a disguised confidential term in the try box gets its underline and card', async () => {
  const { page, context } = await h.open('/');
  await setPolicy(page, acmeText());
  await page.click('#tab-try');
  // "Lumеn Tab" with a Cyrillic е (U+0435): looks the same, is not the same letters.
  const post = 'Can\u2019t wait for the Lum\u0435n Tab launch!';
  await page.click('#try-text');
  await page.keyboard.type(post);
  const listed = page.locator('#try-findings li[data-rule="acme.unreleased"]');
  await listed.waitFor();
  assert.match(await listed.textContent(), /homoglyph/);

  const mark = page.locator('postguard-overlay .mark[data-rule="acme.unreleased"]');
  await mark.first().waitFor();
  const [markBox, areaBox] = [await mark.first().boundingBox(), await page.locator('#try-text').boundingBox()];
  assert.ok(
    markBox.width > 20 && markBox.x >= areaBox.x && markBox.x + markBox.width <= areaBox.x + areaBox.width,
    'the underline lies inside the textarea',
  );
  await page.mouse.move(markBox.x + markBox.width / 2, markBox.y + markBox.height / 2);
  const card = page.locator('postguard-overlay .card[data-rule="acme.unreleased"]');
  await card.waitFor();
  assert.match(await card.textContent(), /Lum\u0435n Tab has not been announced\./);
  await h.shot(page, '07-try-disguised');

  await card.locator('button.replace').click();
  assert.equal(await page.inputValue('#try-text'), 'Can\u2019t wait for the our next tablet launch!');
  await page.locator('#try-findings li').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#try-summary').textContent(), 'Nothing flagged.');
  await context.close();
});

test("the demo page runs the built-in default policy with the extension's overlay", async () => {
  const { page, context } = await h.open('/demo/');
  // The built-in default policy's own test: "Mi DNI es 12345678Z" → pii.es_dni (a blocking rule).
  await page.click('#compose-text');
  await page.keyboard.type('Mi DNI es 12345678Z');
  const mark = page.locator('postguard-overlay .mark[data-rule="pii.es_dni"]');
  await mark.waitFor();
  const expected = await page.evaluate(() =>
    window.postguardDemo.engine.check('Mi DNI es 12345678Z').map((f) => f.rule),
  );
  const drawn = await page.$$eval('postguard-overlay .mark', (marks) => [...new Set(marks.map((m) => m.dataset.rule))]);
  assert.deepEqual(drawn, expected);
  await h.shot(page, '08-demo');

  // Posting it asks first, with the extension's own warning; "review" keeps the draft.
  await page.click('#compose-post');
  const confirm = page.locator('postguard-overlay [data-kind="confirm-post"]');
  await confirm.waitFor();
  await h.shot(page, '09-demo-confirm');
  await confirm.locator('[data-action="review"]').click();
  assert.equal(await page.inputValue('#compose-text'), 'Mi DNI es 12345678Z');
  assert.equal(await page.locator('#timeline li').count(), 0);
  await context.close();
});

test('the Studio keeps working with the network switched off', async () => {
  const { page, context } = await h.open('/', { offlineAfterLoad: true, locale: 'es-ES' });
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  await page.selectOption('#template-select', 'blank');
  page.once('dialog', (d) => d.accept());
  await page.click('#template-load');
  await page.waitForFunction(() => window.postguardStudio.load?.ok === true);
  await page.click('#tab-tests');
  assert.match(await page.locator('#tests-summary').textContent(), /^Pasan \d+ de \d+ pruebas\.$/);
  await h.shot(page, '10-offline-es');
  await context.close();
});

test('every template loads without errors and its own tests pass', async () => {
  const { page, context } = await h.open('/');
  const ids = await page.$$eval('#template-select option', (options) => options.map((o) => o.value));
  assert.ok(ids.includes('blank') && ids.includes('default'), `templates: ${ids}`);
  page.on('dialog', (d) => d.accept());
  for (const id of ids) {
    await page.selectOption('#template-select', id);
    await page.click('#template-load');
    await page.waitForFunction(() => window.postguardStudio.lastLinted === window.postguardStudio.editor.text());
    const state = await page.evaluate(() => ({
      load: window.postguardStudio.load,
      outcomes: window.postguardStudio.outcomes,
    }));
    assert.deepEqual(state.load.errors, [], `${id} loads`);
    const failing = (state.outcomes ?? [])
      .filter((o) => !o.passed)
      .map((o) => `${o.pointer} missing ${o.missing} unexpected ${o.unexpected}`);
    assert.deepEqual(failing, [], `${id}: its tests pass`);
  }
  await context.close();
});

test('no WCAG 2.1 A/AA violations found by axe-core in any panel, or on the demo page', async () => {
  const { page, context } = await h.open('/', { bypassCSP: true });
  await setPolicy(page, acmeText());
  const found = [];
  for (const tab of ['essentials', 'tests', 'try', 'batch', 'publish']) {
    await page.click(`#tab-${tab}`);
    if (tab === 'try') await page.fill('#try-text', 'The Lumen Tab is coming');
    found.push(...(await accessibilityViolations(page)).map((v) => ({ tab, ...v })));
  }
  const demo = await context.newPage();
  await demo.goto(new URL('/demo/', h.server.url).href);
  await demo.locator('#engine-status[data-ready="true"]').waitFor();
  found.push(...(await accessibilityViolations(demo)).map((v) => ({ tab: 'demo', ...v })));
  assert.deepEqual(found, []);
  await context.close();
});

test("a company policy from scratch: the essentials form writes JSON that loads and flags the company's terms", async () => {
  const { page, context } = await h.open('/');
  page.on('dialog', (d) => d.accept());
  await page.selectOption('#template-select', 'blank');
  await page.click('#template-load');
  await page.click('#tab-essentials');
  const fields = {
    id: 'orbit',
    version: '2.0.0',
    name: 'Orbit Labs social media policy',
    url: 'https://intranet.orbit.example/social',
    names: 'Orbit Labs\nOrbit',
    handles: '@orbitlabs',
    officialUrls: 'support = https://orbit.example/help',
    unreleased: 'Orion Pad, 2099-01-01',
    internalTools: 'Hydra',
    spokespeople: 'social_team',
  };
  for (const [name, value] of Object.entries(fields)) await page.fill(`#essentials [name="${name}"]`, value);
  await page.click('#essentials button[type="submit"]');
  await page.waitForFunction(
    () =>
      window.postguardStudio.lastLinted === window.postguardStudio.editor.text() &&
      window.postguardStudio.editor.text().includes('Orion Pad'),
  );
  const written = JSON.parse(await page.evaluate(() => window.postguardStudio.editor.text()));
  assert.deepEqual(written.terms.unreleased, [{ term: 'Orion Pad', until: '2099-01-01' }]);
  assert.deepEqual(written.roles, { social_team: { may_speak_for_company: true } });
  assert.deepEqual(written.extends, ['builtin:default'], 'what the form does not show is kept');
  assert.equal(await page.evaluate(() => window.postguardStudio.load.ok), true);
  await h.shot(page, '11-essentials-written');

  await page.click('#tab-try');
  assert.ok((await page.$$eval('#try-role option', (o) => o.map((x) => x.value))).includes('social_team'));
  await page.fill('#try-text', 'Between us: the Orion Pad ships soon, the Hydra dashboard says so');
  await page.locator('#try-findings li[data-rule="confidential.unreleased"]').waitFor();
  assert.equal(await page.locator('#try-findings li[data-rule="confidential.internal_tool"]').count(), 1);
  await h.shot(page, '12-essentials-try');
  await context.close();
});

test('after one visit, the Studio and the demo open with no network and no host (service worker)', async () => {
  const server = await startServer({ root: distDir, port: 0 });
  const { page, context } = await h.openOn(server.url, '/', { serviceWorkers: 'allow' });
  await page.evaluate(() => navigator.serviceWorker.ready);
  const demo = await context.newPage();
  await demo.goto(new URL('/demo/', server.url).href);
  await waitForEngine(demo);
  await server.close();
  await context.setOffline(true);

  await page.reload();
  await waitForEngine(page);
  const broken = acmeText().replace('"block"', '"blocker"');
  await setPolicy(page, broken);
  assert.equal(await page.locator('#problems li.error').count(), 1);
  await demo.reload();
  await waitForEngine(demo);
  await demo.fill('#compose-text', 'Mi DNI es 12345678Z');
  await demo.locator('postguard-overlay .mark[data-rule="pii.es_dni"]').waitFor();
  await h.shot(demo, '13-demo-without-host');
  await context.close();
});
