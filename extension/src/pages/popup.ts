// The popup: is Postguard active on this tab (and what it found), the policy in force with its
// source and last update, pausing on this site when the admin allows it, and a manual refresh.
import { askWorker, type TabResponse, type TabStatusResponse } from '../protocol';
import { byId, localizePage, msg, renderPolicyStatus } from './page-i18n';

async function tabStatus(tabId: number): Promise<TabStatusResponse | null> {
  try {
    // The top frame answers for the tab.
    const r = (await chrome.tabs.sendMessage(tabId, { kind: 'tabStatus' }, { frameId: 0 })) as TabResponse | undefined;
    return r && r.kind === 'tabStatus' ? r : null;
  } catch {
    return null; // no content script here: not a site Postguard runs on
  }
}

async function render(): Promise<void> {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  const page = tab?.id !== undefined ? await tabStatus(tab.id) : null;
  const statusEl = byId('page-status');
  const counts = byId('page-counts');
  const pause = byId<HTMLButtonElement>('pause');
  const status = await askWorker({ kind: 'status' });

  if (!page) {
    statusEl.textContent = msg('notActive');
    statusEl.className = 'status';
    counts.textContent = '';
    pause.hidden = true;
  } else {
    statusEl.textContent = page.paused ? msg('pausedOn', page.site) : msg('activeOn', page.site);
    statusEl.className = `status ${page.paused ? 'paused' : 'active'}`;
    const c = page.counts;
    counts.textContent = page.paused
      ? ''
      : c.block + c.warn + c.info === 0
        ? msg('nothingFlagged')
        : msg('countsSummary', String(c.block), String(c.warn), String(c.info));
    const allowed = status.kind === 'status' && status.settings.allowUserPause;
    pause.hidden = !allowed;
    pause.textContent = page.paused ? msg('resumeSite') : msg('pauseSite');
    pause.onclick = async () => {
      await askWorker({ kind: 'setPaused', site: page.site, paused: !page.paused });
      await render();
    };
  }
  if (status.kind === 'status') renderPolicyStatus(status.policy);
  else byId('policy-name').textContent = status.message;
}

localizePage();
byId('refresh').addEventListener('click', async () => {
  const button = byId<HTMLButtonElement>('refresh');
  button.disabled = true;
  const r = await askWorker({ kind: 'refreshPolicy' });
  if (r.kind === 'status') renderPolicyStatus(r.policy);
  button.disabled = false;
});
byId('options').addEventListener('click', () => void chrome.runtime.openOptionsPage());
render().catch((e: unknown) => {
  byId('page-status').textContent = String(e);
});
