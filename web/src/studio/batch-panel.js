// The batch panel: posts pasted, dropped or chosen as a file, checked with the policy in force,
// shown as counts per category and a table of findings, and exported as CSV.

import { checkContext } from '../engine.js';
import { parsePosts, checkPosts, countByCategory, totals, resultsToCsv } from './batch.js';
import { el, markedText } from './marked-text.js';
import { download } from './download.js';

export function mountBatchPanel(doc, app) {
  const input = doc.getElementById('batch-input');
  const file = doc.getElementById('batch-file');
  const run = doc.getElementById('batch-run');
  const exportButton = doc.getElementById('batch-export');
  const status = doc.getElementById('batch-status');
  const errors = doc.getElementById('batch-errors');
  const counts = doc.getElementById('batch-counts');
  const table = doc.getElementById('batch-results');
  let fileName = '';
  let results = null;

  async function readFile(f) {
    fileName = f.name;
    input.value = await f.text();
  }

  file.addEventListener('change', async () => {
    if (file.files[0]) {
      await readFile(file.files[0]);
      await runBatch();
    }
  });
  input.addEventListener('input', () => {
    fileName = '';
  });
  input.addEventListener('dragover', (e) => {
    e.preventDefault();
    input.classList.add('dropping');
  });
  input.addEventListener('dragleave', () => input.classList.remove('dropping'));
  input.addEventListener('drop', async (e) => {
    e.preventDefault();
    input.classList.remove('dropping');
    const f = e.dataTransfer?.files?.[0];
    if (f) {
      await readFile(f);
      await runBatch();
    }
  });
  run.addEventListener('click', () => runBatch());
  exportButton.addEventListener('click', () => {
    if (results) download(doc, 'postguard-findings.csv', resultsToCsv(results), 'text/csv;charset=utf-8');
  });

  async function runBatch() {
    if (!app.engine) return;
    const { t } = app;
    const parsed = parsePosts(input.value, fileName);
    errors.replaceChildren(
      ...parsed.errors.map((e) => el(doc, 'li', { className: 'error' }, t('batch.parseError', e))),
    );
    if (!parsed.posts.length) {
      status.textContent = t('batch.empty');
      counts.hidden = table.hidden = true;
      exportButton.disabled = true;
      results = null;
      return;
    }
    run.disabled = true;
    results = await checkPosts(
      parsed.posts,
      (text, context) => app.engine.checkDetailed(text, checkContext(context)),
      (done, total) => {
        status.textContent = t('batch.running', { done, total });
      },
    );
    run.disabled = false;
    exportButton.disabled = false;
    render();
  }

  function render() {
    if (!results) return;
    const { t } = app;
    status.textContent = t('batch.summary', totals(results));
    counts.tBodies[0].replaceChildren(
      ...countByCategory(results).map((c) =>
        el(
          doc,
          'tr',
          { 'data-category': c.category },
          el(doc, 'th', { scope: 'row' }, c.category),
          el(doc, 'td', {}, String(c.findings)),
          el(doc, 'td', {}, String(c.posts)),
        ),
      ),
    );
    counts.hidden = false;
    // Flagged posts only: the counts and the export cover the rest.
    table.tBodies[0].replaceChildren(
      ...results
        .filter((r) => r.findings.length)
        .map((r) =>
          el(
            doc,
            'tr',
            {},
            el(doc, 'td', {}, String(r.index)),
            el(
              doc,
              'td',
              { className: 'post' },
              markedText(
                doc,
                r.text,
                r.findings.map((f) => ({
                  start: f.start,
                  end: f.end,
                  className: `found ${f.severity}`,
                  title: f.rule,
                })),
              ),
            ),
            el(
              doc,
              'td',
              {},
              el(
                doc,
                'ul',
                {},
                r.findings.map((f) => el(doc, 'li', {}, el(doc, 'code', {}, f.rule), ` ${f.text}`)),
              ),
            ),
          ),
        ),
    );
    table.hidden = false;
  }

  app.on('locale', render);
  return { run: runBatch };
}
