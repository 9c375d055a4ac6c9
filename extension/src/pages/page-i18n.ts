// Localizes the extension's own pages from _locales (data-i18n="key" on an element sets its text)
// and renders the policy-in-force facts shared by the popup and the options page.
import type { PolicyStatus } from '../protocol';

export function msg(key: string, ...subs: string[]): string {
  try {
    return chrome.i18n.getMessage(key, subs) || key;
  } catch {
    return key;
  }
}

export function localizePage(): void {
  document.documentElement.lang = msg('locale');
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    const text = chrome.i18n.getMessage(el.dataset.i18n ?? '');
    if (text) el.textContent = text;
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

function when(ms: number): string {
  if (!ms) return msg('never');
  try {
    return new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  } catch {
    return new Date(ms).toISOString();
  }
}

/** Fills #policy-name, #policy-version, #policy-source, #policy-updated and #policy-warning. */
export function renderPolicyStatus(p: PolicyStatus): void {
  byId('policy-name').textContent = p.info ? `${p.info.name} (${p.info.id})` : '—';
  byId('policy-version').textContent = p.info?.version || '—';
  const source =
    p.source === 'builtin'
      ? msg('sourceIsBuiltin')
      : p.source === 'managed'
        ? msg('sourceIsManaged', p.url)
        : p.source === 'url'
          ? msg('sourceIsUrl', p.url)
          : msg('sourceIsFile');
  byId('policy-source').textContent = p.verified ? `${source} · ${msg('signatureVerified')}` : source;
  byId('policy-updated').textContent =
    p.source === 'builtin' ? msg('builtinNoUpdate') : `${when(p.updatedAt)} (${msg('lastChecked', when(p.checkedAt))})`;
  const warning = byId('policy-warning');
  if (p.stale || p.lastError) {
    const kept = p.source === 'builtin' ? msg('defaultInForce') : msg('lastGoodInForce');
    warning.textContent = `${msg('updateFailed', p.lastError || msg('notLoadedYet'))} ${kept}`;
    warning.hidden = false;
  } else {
    warning.hidden = true;
  }
}
