// The tests panel: runs the policy's own tests with the engine and lists pass/fail; a failing
// test shows what it expected, what the engine found, and the post with the found spans marked.

import { el, markedText } from './marked-text.js';

/** The test's definition at `/tests/N` in the policy text, or null. */
function testAt(policyText, pointer) {
  try {
    const index = Number(pointer.split('/')[2]);
    return JSON.parse(policyText).tests?.[index] ?? null;
  } catch {
    return null;
  }
}

const expectLabel = (e) => (typeof e === 'string' ? e : e && e.rule ? `${e.rule}: ${e.text ?? ''}` : JSON.stringify(e));

export function mountTestsPanel(doc, app) {
  const list = doc.getElementById('tests-list');
  const summary = doc.getElementById('tests-summary');
  doc.getElementById('tests-run').addEventListener('click', () => app.runTests());

  function render() {
    const { t } = app;
    list.replaceChildren();
    if (!app.load?.ok) {
      summary.textContent = app.load ? t('tests.notLoaded') : '';
      summary.className = 'bad';
      return;
    }
    const outcomes = app.outcomes ?? [];
    if (!outcomes.length) {
      summary.textContent = t('tests.none');
      summary.className = 'bad';
      return;
    }
    const passed = outcomes.filter((o) => o.passed).length;
    summary.textContent = t('tests.summary', { passed, total: outcomes.length });
    summary.className = passed === outcomes.length ? 'good' : 'bad';
    // Failing tests first: they are what the admin came to see.
    const ordered = [...outcomes].sort((a, b) => Number(a.passed) - Number(b.passed));
    for (const o of ordered) list.append(renderOutcome(o));
  }

  function renderOutcome(o) {
    const { t } = app;
    const test = testAt(app.inForce?.text ?? '', o.pointer);
    const text = typeof test?.text === 'string' ? test.text : '';
    const title = o.name || (text.length > 60 ? `${text.slice(0, 60)}…` : text) || o.pointer;
    const item = el(
      doc,
      'li',
      { className: o.passed ? 'test pass' : 'test fail', 'data-pointer': o.pointer },
      el(doc, 'span', { className: 'verdict' }, o.passed ? `✓ ${t('tests.pass')}` : `✗ ${t('tests.fail')}`),
      ' ',
      el(doc, 'span', { className: 'test-name' }, title),
      ' ',
      el(
        doc,
        'button',
        { type: 'button', className: 'link', onClick: () => app.editor.goToPointer(o.pointer) },
        t('tests.show'),
      ),
    );
    if (o.passed) return item;

    const unexpected = new Set(o.unexpected.map((u) => u.split(':')[0]));
    const spans = o.findings.map((f) => ({
      start: f.start,
      end: f.end,
      title: `${f.rule} (${f.category})`,
      className: unexpected.has(f.rule) ? 'found unexpected' : 'found',
    }));
    // Where the test names the text it expects, mark where that text is, so the admin sees
    // the span the engine should have flagged next to what it did flag.
    for (const e of Array.isArray(test?.expect) ? test.expect : []) {
      if (e && typeof e.text === 'string' && e.text && o.missing.some((m) => m.startsWith(e.rule))) {
        for (let at = text.indexOf(e.text); at >= 0; at = text.indexOf(e.text, at + 1)) {
          spans.push({
            start: at,
            end: at + e.text.length,
            title: `${t('tests.missing')}: ${e.rule}`,
            className: 'expected',
          });
        }
      }
    }
    const listOf = (items) => (items.length ? items.join(', ') : t('tests.nothing'));
    const details = el(
      doc,
      'dl',
      { className: 'test-details' },
      el(doc, 'dt', {}, t('tests.expected')),
      el(doc, 'dd', {}, listOf((test?.expect ?? []).map(expectLabel))),
      el(doc, 'dt', {}, t('tests.found')),
      el(doc, 'dd', {}, listOf(o.findings.map((f) => `${f.rule}: ${f.text}`))),
      o.missing.length
        ? [el(doc, 'dt', {}, t('tests.missing')), el(doc, 'dd', { className: 'missing' }, listOf(o.missing))]
        : null,
      o.unexpected.length
        ? [el(doc, 'dt', {}, t('tests.unexpected')), el(doc, 'dd', { className: 'unexpected' }, listOf(o.unexpected))]
        : null,
      test?.context ? [el(doc, 'dt', {}, t('tests.context')), el(doc, 'dd', {}, JSON.stringify(test.context))] : null,
    );
    item.append(details, el(doc, 'blockquote', { className: 'test-text' }, markedText(doc, text, spans)));
    return item;
  }

  app.on('tests', render);
  app.on('locale', render);
  return { render };
}
