// The Policy Studio page: starts the engine and the editor, and keeps the panels in step with the
// policy being edited (every pause in typing loads it; a policy that loads is put in force for the
// tests, the try box and the batch).

import schema from '../../../policies/policy.schema.json';
import templates from 'postguard:templates';
import { startEngine } from '../engine.js';
import { translate, pickLocale, localizeDocument } from '../i18n.js';
import { createPolicyEditor } from './policy-editor.js';
import { mountTabs } from './tabs.js';
import { mountEssentialsPanel } from './essentials-panel.js';
import { mountTestsPanel } from './tests-panel.js';
import { mountTryPanel } from './try-panel.js';
import { mountBatchPanel } from './batch-panel.js';
import { mountPublishPanel } from './publish-panel.js';
import { el } from './marked-text.js';

const DRAFT_KEY = 'postguard.studio.draft';
const LOCALE_KEY = 'postguard.studio.locale';

// A new company policy: the built-in default plus the company's own essentials and one test, so
// that the admin starts from something that loads and has a test to keep green.
const BLANK = `${JSON.stringify(
  {
    policy: {
      id: 'my-company',
      version: '1.0.0',
      name: 'My company social media policy',
      languages: ['en', 'es'],
      url: 'https://intranet.example/social-media-policy',
      contact: 'social@example.com',
    },
    extends: ['builtin:default'],
    company: { names: ['My Company'], handles: ['@mycompany'], official_urls: { support: 'https://example.com/help' } },
    terms: { unreleased: [{ term: 'Project Nimbus', until: '2030-01-01' }] },
    tests: [
      {
        name: 'unreleased product',
        text: 'Can’t wait to show you Project Nimbus!',
        context: { now: '2029-06-01' },
        expect: ['confidential.unreleased'],
      },
    ],
  },
  null,
  2,
)}\n`;

function storage(action, key, value) {
  // Storage may be unavailable (private windows, file://); the Studio works without it.
  try {
    return action === 'get' ? localStorage.getItem(key) : localStorage.setItem(key, value);
  } catch {
    return null;
  }
}

const events = new EventTarget();
const app = {
  locale: pickLocale(
    new URLSearchParams(location.search).get('lang') || storage('get', LOCALE_KEY) || navigator.language,
  ),
  t: (key, values) => translate(app.locale, key, values),
  engine: null,
  editor: null,
  load: null, // the engine's LoadResult for the editor's current text
  inForce: null, // {text, roles} of the last text that loaded: the policy the engine holds
  outcomes: null, // the policy tests' outcomes for `inForce`
  lastLinted: null, // the text the engine last judged (lets tests wait for the debounce)
  on: (name, fn) => events.addEventListener(name, () => fn()),
  emit: (name) => events.dispatchEvent(new Event(name)),
  runTests() {
    app.outcomes = app.engine && app.load?.ok ? app.engine.runPolicyTests() : null;
    app.emit('tests');
  },
};
window.postguardStudio = app; // for the browser tests and for the curious admin's console

localizeDocument(document, app.locale);
const localeSelect = document.getElementById('ui-locale');
localeSelect.value = app.locale;
localeSelect.addEventListener('change', () => {
  app.locale = localeSelect.value;
  storage('set', LOCALE_KEY, app.locale);
  localizeDocument(document, app.locale);
  renderStatus();
  if (app.engine) engineStatus.textContent = app.t('engine.ready', { version: app.engine.version });
  app.emit('locale');
});

const engineStatus = document.getElementById('engine-status');
const policyStatus = document.getElementById('policy-status');
const problems = document.getElementById('problems');

function onLint(text) {
  if (!app.engine) return { errors: [], warnings: [] };
  const result = app.engine.loadPolicy(text);
  app.load = result;
  if (result.ok) {
    let roles = {};
    try {
      roles = JSON.parse(text).roles ?? {};
    } catch {
      // loadPolicy accepted it, so it parses; keep no roles if it somehow does not.
    }
    app.inForce = { text, roles };
  }
  app.lastLinted = text;
  renderStatus();
  app.emit('policy');
  if (result.ok) app.runTests();
  else app.emit('tests');
  return result;
}

function renderStatus() {
  const { t } = app;
  const result = app.load;
  if (!result) return;
  const counts = { errors: result.errors.length, warnings: result.warnings.length };
  policyStatus.textContent = result.ok
    ? t('editor.status.ok', { ...counts, rules: result.policy?.rules ?? 0, terms: result.policy?.terms ?? 0 })
    : t('editor.status.errors', counts);
  policyStatus.className = `policy-status ${result.ok ? 'good' : 'bad'}`;
  const items = [...result.errors.map((d) => ['error', d]), ...result.warnings.map((d) => ['warning', d])];
  problems.replaceChildren(
    ...items.map(([level, d]) =>
      el(
        document,
        'li',
        { className: level, 'data-line': d.line, 'data-pointer': d.pointer },
        el(
          document,
          'button',
          {
            type: 'button',
            className: 'link',
            'aria-label': t('editor.goTo', d),
            onClick: () => (d.line ? app.editor.goToLine(d.line, d.column) : app.editor.goToPointer(d.pointer)),
          },
          `${d.line}:${d.column}`,
        ),
        ` ${t(`editor.${level}`)} `,
        el(document, 'code', {}, d.pointer || '/'),
        ` ${d.message}`,
      ),
    ),
  );
  if (!items.length) problems.append(el(document, 'li', { className: 'none' }, t('editor.noProblems')));
}

// Templates: the blank company policy, the built-in default, then each example.
const templateSelect = document.getElementById('template-select');
const templateList = [{ id: 'blank', text: BLANK, key: 'templates.blank' }, ...templates];
function renderTemplates() {
  templateSelect.replaceChildren(
    ...templateList.map((tpl) =>
      el(
        document,
        'option',
        { value: tpl.id },
        tpl.key
          ? app.t(tpl.key)
          : tpl.id === 'default'
            ? app.t('templates.default')
            : `${tpl.name} — ${tpl.file.split('/').pop()}`,
      ),
    ),
  );
}
renderTemplates();
app.on('locale', () => {
  const chosen = templateSelect.value;
  renderTemplates();
  templateSelect.value = chosen;
});
function replacePolicy(text) {
  if (app.editor.text().trim() && app.editor.text() !== text && !window.confirm(app.t('templates.confirm'))) return;
  app.editor.setText(text);
  app.editor.lintNow();
  app.emit('template');
}
document.getElementById('template-load').addEventListener('click', () => {
  const tpl = templateList.find((x) => x.id === templateSelect.value);
  if (tpl) replacePolicy(tpl.text);
});
const policyFile = document.getElementById('policy-file');
policyFile.addEventListener('change', async () => {
  const file = policyFile.files[0];
  if (!file) return;
  let text = await file.text();
  // A published, signed policy opens as the policy inside its envelope.
  try {
    const value = JSON.parse(text);
    if (value && value.postguard_signed_policy && typeof value.policy === 'string') text = value.policy;
  } catch {
    // Not JSON: open it as it is; the Problems list says where it breaks.
  }
  replacePolicy(text);
  policyFile.value = '';
});

app.editor = createPolicyEditor(document.getElementById('editor'), {
  doc: storage('get', DRAFT_KEY) ?? BLANK,
  schema,
  label: app.t('editor.label'),
  onLint,
  onChange: (text) => storage('set', DRAFT_KEY, text),
});

mountTabs(document.getElementById('tabs'), { onSelect: () => app.emit('tab') });
mountEssentialsPanel(document, app);
mountTestsPanel(document, app);
mountTryPanel(document, app);
mountBatchPanel(document, app);
mountPublishPanel(document, app);

// After one visit the Studio opens with no network (web/src/sw.js); without it, it still works online.
navigator.serviceWorker?.register('./sw.js').catch(() => {});

startEngine().then((started) => {
  if (!started.ok) {
    engineStatus.textContent = app.t('engine.failed', { error: started.error });
    engineStatus.className = 'engine-status bad';
    engineStatus.dataset.ready = 'false';
    return;
  }
  app.engine = started.engine;
  engineStatus.textContent = app.t('engine.ready', { version: app.engine.version });
  engineStatus.dataset.ready = 'true';
  app.editor.lintNow();
});
