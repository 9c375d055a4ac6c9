// The essentials form: shows the few fields every company policy needs, read from the editor's
// JSON, and writes them back into it as one undoable edit.

import { readEssentials, writeEssentials } from './essentials.js';

export function mountEssentialsPanel(doc, app) {
  const form = doc.getElementById('essentials');
  const status = doc.getElementById('essentials-status');
  // Edits not yet written to the policy: the form then stops following the editor, so that the
  // next pause in typing does not overwrite what the admin is filling in.
  let dirty = false;
  form.addEventListener('input', () => {
    dirty = true;
  });

  function parsed() {
    try {
      return { ok: true, value: JSON.parse(app.editor.text()) };
    } catch {
      return { ok: false };
    }
  }

  function fill() {
    const p = parsed();
    if (!p.ok) return false;
    const values = readEssentials(p.value);
    for (const [name, value] of Object.entries(values)) if (form.elements[name]) form.elements[name].value = value;
    dirty = false;
    return true;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const { t } = app;
    const p = parsed();
    if (!p.ok) {
      status.textContent = t('essentials.invalidJson');
      status.className = 'wide bad';
      return;
    }
    const values = Object.fromEntries([...form.elements].filter((x) => x.name).map((x) => [x.name, x.value]));
    const written = writeEssentials(p.value, values);
    if (!written.ok) {
      const field = form.elements[written.field]?.closest('label')?.querySelector('span')?.textContent ?? written.field;
      status.textContent = t('essentials.badLine', { line: written.line, field, text: written.text });
      status.className = 'wide bad';
      form.elements[written.field]?.focus();
      return;
    }
    dirty = false;
    app.editor.setText(`${JSON.stringify(written.policy, null, 2)}\n`);
    app.editor.lintNow();
    status.textContent = t('essentials.written');
    status.className = 'wide good';
  });
  doc.getElementById('essentials-reload').addEventListener('click', () => {
    status.textContent = fill() ? '' : app.t('essentials.invalidJson');
  });
  app.on('template', fill);
  app.on('policy', () => {
    if (!dirty && app.load?.ok) fill();
  });
  fill();
  return { fill };
}
