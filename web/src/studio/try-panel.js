// The try box: a post checked as the admin types, under a chosen context (site, account, role,
// date, locale), drawn with the extension's own overlay (underline, card, badge) plus a plain
// list of findings for screen readers and for reading side by side.

import { createOverlay } from '../../../extension/src/ui/index.ts';
import { checkContext } from '../engine.js';
import { el } from './marked-text.js';

export function mountTryPanel(doc, app) {
  const text = doc.getElementById('try-text');
  const site = doc.getElementById('try-site');
  const account = doc.getElementById('try-account');
  const role = doc.getElementById('try-role');
  const date = doc.getElementById('try-date');
  const locale = doc.getElementById('try-locale');
  const summary = doc.getElementById('try-summary');
  const list = doc.getElementById('try-findings');
  const panel = doc.getElementById('panel-try');
  locale.value = app.locale;
  // Today in local time, as the engine's own default, shown so the admin can move it.
  const today = new Date();
  date.value = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  let overlay = null;

  function ensureOverlay() {
    // The overlay's default replacement edits the textarea as typing would (undo included).
    overlay ??= createOverlay(text, { locale: locale.value, onError: (e) => console.error('overlay:', e) });
    app.tryOverlay = overlay;
    return overlay;
  }

  function context() {
    return checkContext({
      site: site.value,
      account: account.value,
      role: role.value,
      now: date.value,
      locale: locale.value,
    });
  }

  function check() {
    // Hidden, there is nothing to draw on; the tab's selection checks again.
    if (!app.engine || panel.hidden) return;
    const { t } = app;
    const result = app.engine.checkDetailed(text.value, context());
    ensureOverlay().update(result.findings, text.value);
    list.replaceChildren(
      ...result.findings.map((f) =>
        el(
          doc,
          'li',
          { className: `finding ${f.severity}`, 'data-rule': f.rule },
          el(doc, 'strong', {}, `${f.text}`),
          ` — ${f.message} `,
          el(
            doc,
            'span',
            { className: 'meta' },
            `[${f.rule} · ${f.category} · ${f.severity}${f.evidence.length ? ` · ${f.evidence.join(', ')}` : ''}]`,
          ),
        ),
      ),
    );
    summary.textContent = result.findings.length
      ? t('try.count', { count: result.findings.length })
      : t('try.noFindings');
    if (result.problems.length) {
      summary.textContent += ` ${t('try.problems', { text: result.problems.map((p) => `${p.rule}: ${p.message}`).join('; ') })}`;
    }
  }

  function fillRoles() {
    const names = Object.keys(app.inForce?.roles ?? {});
    const current = role.value;
    role.replaceChildren(
      el(doc, 'option', { value: '' }, app.t('try.noRole')),
      ...names.map((n) => el(doc, 'option', { value: n }, n)),
    );
    role.value = names.includes(current) ? current : '';
  }

  text.addEventListener('input', check);
  for (const control of [site, account, role, date]) control.addEventListener('input', check);
  locale.addEventListener('input', () => {
    // The overlay's own words follow the employee's language, like the extension's.
    overlay?.destroy();
    overlay = null;
    check();
  });
  app.on('policy', () => {
    fillRoles();
    check();
  });
  app.on('locale', () => {
    fillRoles();
    check();
  });
  app.on('tab', check);
  fillRoles();
  return { check };
}
