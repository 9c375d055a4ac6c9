// The publish panel: the checklist (loads, tests pass, version bumped, URL set), the policy as a
// download, and the signed envelope the extension verifies, made with the extension's own code.

import { generateKeyPair, signPolicy } from '../../../extension/src/policy-envelope.js';
import { publishChecklist } from './publish-checks.js';
import { download } from './download.js';
import { el } from './marked-text.js';

export function mountPublishPanel(doc, app) {
  const checklist = doc.getElementById('publish-checklist');
  const previous = doc.getElementById('publish-previous');
  const previousFile = doc.getElementById('publish-previous-file');
  const key = doc.getElementById('publish-key');
  const publicWrap = doc.getElementById('publish-public-wrap');
  const publicKey = doc.getElementById('publish-public');
  const status = doc.getElementById('publish-status');

  function render() {
    const { t } = app;
    const items = publishChecklist({ load: app.load, outcomes: app.outcomes, previousVersion: previous.value.trim() });
    checklist.replaceChildren(
      ...items.map((item) => {
        let detail = '';
        if (item.key === 'tests' && item.detail) detail = ` (${item.detail})`;
        if (item.key === 'version') {
          detail = !item.detail
            ? ` — ${t('publish.noPrevious')}`
            : ` — ${t(item.ok ? 'publish.versionIs' : 'publish.versionNot', item.detail)}`;
        }
        if (item.key === 'url' && item.detail) detail = ` — ${item.detail}`;
        return el(
          doc,
          'li',
          { className: item.ok ? 'good' : 'bad', 'data-check': item.key },
          el(doc, 'span', { 'aria-hidden': 'true' }, item.ok ? '✓ ' : '✗ '),
          el(doc, 'span', { className: 'visually-hidden' }, `${item.ok ? t('common.on') : t('common.off')}: `),
          t(`publish.${item.key}`) + detail,
        );
      }),
    );
    const warnings = app.load?.warnings?.length ?? 0;
    if (warnings) checklist.append(el(doc, 'li', { className: 'note' }, t('publish.warnings', { count: warnings })));
  }

  const text = () => app.editor.text();
  const fileBase = () => (app.load?.policy?.id ? `${app.load.policy.id}-${app.load.policy.version}` : 'policy');

  function publishable() {
    if (app.load?.ok) return true;
    status.textContent = app.t('publish.blocked');
    status.className = 'bad';
    return false;
  }

  previous.addEventListener('input', render);
  previousFile.addEventListener('change', async () => {
    const f = previousFile.files[0];
    if (!f) return;
    // The published file may be the policy itself or its signed envelope.
    try {
      let value = JSON.parse(await f.text());
      if (typeof value.policy === 'string' && value.postguard_signed_policy) value = JSON.parse(value.policy);
      previous.value = String(value?.policy?.version ?? '');
    } catch {
      previous.value = '';
    }
    render();
  });
  doc.getElementById('publish-download').addEventListener('click', () => {
    if (publishable()) download(doc, `${fileBase()}.json`, text());
  });
  doc.getElementById('publish-generate').addEventListener('click', async () => {
    const pair = await generateKeyPair();
    if (!pair.ok) {
      status.textContent = app.t('publish.signFailed', { error: pair.error });
      status.className = 'bad';
      return;
    }
    key.value = pair.privateKeyPem;
    publicKey.value = pair.publicKey;
    publicWrap.hidden = false;
  });
  doc.getElementById('publish-sign').addEventListener('click', async () => {
    if (!publishable()) return;
    const signed = await signPolicy(text(), key.value.trim());
    if (!signed.ok) {
      status.textContent = app.t('publish.signFailed', { error: signed.error });
      status.className = 'bad';
      return;
    }
    download(doc, `${fileBase()}.signed.json`, signed.envelope);
    status.textContent = app.t('publish.signed');
    status.className = 'good';
  });

  app.on('policy', render);
  app.on('tests', render);
  app.on('locale', render);
  render();
  return { render };
}
