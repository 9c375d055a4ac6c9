// The demo page: a social-style compose box checked on every keystroke with the built-in default
// policy, drawn with the extension's overlay, which also warns before posting what the policy
// blocks, as the extension does on a real site.

import { createOverlay } from '../../../extension/src/ui/index.ts';
import { startEngine, checkContext } from '../engine.js';
import { translate, pickLocale, localizeDocument } from '../i18n.js';
import { el } from '../studio/marked-text.js';

// Posts that show what the default policy sees, including disguised spellings.
const SAMPLES = [
  'Sola en la tienda hasta las 23:00 😅 si alguien se aburre que pase',
  "@jen we'll refund you today, promise",
  'Mi DNI es 12345678Z, por si lo necesitáis para el sorteo',
  "The alarm code is 4471, don't tell anyone 🤫",
  'Los clientes de hoy son imbéciles',
  'Lovely day at the beach with the kids 🏖️',
];

let locale = pickLocale(new URLSearchParams(location.search).get('lang') || navigator.language);
const t = (key, values) => translate(locale, key, values);
const text = document.getElementById('compose-text');
const site = document.getElementById('demo-site');
const account = document.getElementById('demo-account');
const count = document.getElementById('compose-count');
const summary = document.getElementById('compose-summary');
const status = document.getElementById('engine-status');
let engine = null;
let overlay = null;
let findings = [];

function ensureOverlay() {
  overlay ??= createOverlay(text, { locale, onError: (e) => console.error('overlay:', e) });
  return overlay;
}

function check() {
  count.textContent = `${text.value.length}`;
  if (!engine) return;
  // The context the extension builds on a real site: the site's host, the account type, the
  // employee's language and today; here the host is the one the page pretends to be.
  findings = engine.check(text.value, checkContext({ site: site.value, account: account.value, locale }));
  ensureOverlay().update(findings, text.value);
  summary.textContent = findings.length ? t('try.count', { count: findings.length }) : '';
}

function post() {
  const item = el(document, 'li', {}, el(document, 'span', { className: 'who' }, '@you'), ' ', text.value);
  document.getElementById('timeline').prepend(item);
  text.value = '';
  check();
}

document.getElementById('compose').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!text.value.trim()) return;
  // The extension's own warning before posting what the policy blocks.
  const blocking = findings.filter((f) => f.severity === 'block');
  if (!blocking.length || !overlay || (await overlay.confirmPost(blocking)) === 'post') post();
});

document.getElementById('samples').replaceChildren(
  ...SAMPLES.map((sample) =>
    el(
      document,
      'button',
      {
        type: 'button',
        className: 'sample',
        onClick: () => {
          text.value = sample;
          text.dispatchEvent(new Event('input', { bubbles: true }));
          text.focus();
        },
      },
      sample,
    ),
  ),
);

const localeSelect = document.getElementById('ui-locale');
localeSelect.value = locale;
localeSelect.addEventListener('change', () => {
  locale = localeSelect.value;
  localizeDocument(document, locale);
  if (engine) status.textContent = t('engine.ready', { version: engine.version });
  overlay?.destroy();
  overlay = null;
  check();
});
text.addEventListener('input', check);
site.addEventListener('input', check);
account.addEventListener('input', check);
localizeDocument(document, locale);

// The Studio's service worker covers this page too (its scope is the Studio's folder).
navigator.serviceWorker?.register('../sw.js').catch(() => {});

startEngine(new URL('../engine/', document.baseURI)).then((started) => {
  if (!started.ok) {
    status.textContent = t('engine.failed', { error: started.error });
    status.className = 'engine-status bad';
    status.dataset.ready = 'false';
    return;
  }
  engine = started.engine;
  const loaded = engine.loadDefaultPolicy();
  status.textContent = loaded.ok
    ? t('engine.ready', { version: engine.version })
    : t('engine.failed', { error: loaded.errors[0]?.message });
  status.dataset.ready = String(loaded.ok);
  window.postguardDemo = { engine };
  check();
});
