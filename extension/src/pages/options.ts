// The options page for unmanaged use: policy from the built-in default, a URL or a local file,
// an optional signing key, and extra Mastodon hosts. Settings the admin manages are shown locked.
import { askWorker, type StatusResponse, type UserOptions } from '../protocol';
import { byId, localizePage, msg, renderPolicyStatus } from './page-i18n';

const form = byId<HTMLFormElement>('form');
const urlInput = byId<HTMLInputElement>('policy-url');
const fileInput = byId<HTMLInputElement>('policy-file');
const fileResult = byId('file-result');
const keyInput = byId<HTMLInputElement>('public-key');
const hostsInput = byId<HTMLTextAreaElement>('mastodon-hosts');
const saveResult = byId('save-result');

let chosenFile: { name: string; text: string } | null = null;
let current: StatusResponse | null = null;

function sourceChoice(): 'builtin' | 'url' | 'file' {
  const checked = form.querySelector<HTMLInputElement>('input[name="source"]:checked');
  return (checked?.value as 'builtin' | 'url' | 'file' | undefined) ?? 'builtin';
}

function setSource(value: 'builtin' | 'url' | 'file'): void {
  const radio = form.querySelector<HTMLInputElement>(`input[name="source"][value="${value}"]`);
  if (radio) radio.checked = true;
}

function show(status: StatusResponse): void {
  current = status;
  renderPolicyStatus(status.policy);
  const { settings, options } = status;
  const managed = new Set(settings.managedKeys);
  byId('managed-note').hidden = managed.size === 0;
  urlInput.value = managed.has('policyUrl') ? settings.policyUrl : options.policyUrl;
  keyInput.value = managed.has('policyPublicKey') ? settings.policyPublicKey : options.policyPublicKey;
  hostsInput.value = settings.mastodonHosts.join('\n');
  setSource(settings.policyUrl ? 'url' : options.policyFileName ? 'file' : 'builtin');
  if (options.policyFileName && !chosenFile) fileResult.textContent = msg('fileInUse', options.policyFileName);
  const lockSource = managed.has('policyUrl');
  for (const el of Array.from(form.querySelectorAll<HTMLInputElement>('input[name="source"]')))
    el.disabled = lockSource;
  urlInput.disabled = lockSource;
  fileInput.disabled = lockSource;
  keyInput.disabled = managed.has('policyPublicKey');
  hostsInput.disabled = managed.has('mastodonHosts');
}

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  if (!file) return;
  setSource('file');
  const text = await file.text();
  const r = await askWorker({ kind: 'validatePolicy', text });
  if (r.kind !== 'validated') {
    fileResult.textContent = r.message;
    chosenFile = null;
  } else if (!r.ok) {
    fileResult.textContent = `${msg('fileInvalid')} ${r.problems.join(' · ')}`;
    chosenFile = null;
  } else {
    fileResult.textContent = msg('fileValid', r.info ? `${r.info.name} ${r.info.version}` : file.name);
    chosenFile = { name: file.name, text };
  }
});

/** Asks for host access (a click is a user gesture) so fetches need no CORS and Mastodon hosts get the content script. */
async function requestOrigins(origins: string[]): Promise<void> {
  if (!origins.length) return;
  try {
    await chrome.permissions.request({ origins });
  } catch {
    /* refused or not requestable: the URL may still work if its server allows CORS */
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  saveResult.textContent = '';
  const choice = sourceChoice();
  const previous = current?.options;
  const hosts = hostsInput.value
    .split(/\s+/)
    .map((h) => h.trim())
    .filter(Boolean);
  const options: UserOptions = {
    policyUrl: choice === 'url' ? urlInput.value.trim() : '',
    policyFileText: choice === 'file' ? (chosenFile?.text ?? '') : '',
    policyFileName: choice === 'file' ? (chosenFile?.name ?? previous?.policyFileName ?? '') : '',
    policyPublicKey: keyInput.value.trim(),
    mastodonHosts: hosts,
  };
  // Without a new file, the one chosen before stays (the worker keeps its text).
  if (choice === 'file' && !chosenFile && !previous?.policyFileName) {
    saveResult.textContent = msg('fileMissing');
    return;
  }
  const origins: string[] = [];
  if (options.policyUrl) {
    try {
      const u = new URL(options.policyUrl);
      origins.push(`${u.protocol}//${u.hostname}/*`);
    } catch {
      saveResult.textContent = msg('badUrl');
      return;
    }
  }
  for (const h of hosts) origins.push(`https://${h.replace(/^https?:\/\//, '').replace(/\/.*$/, '')}/*`);
  await requestOrigins(origins);
  const r = await askWorker({ kind: 'saveOptions', options });
  if (r.kind === 'status') {
    show(r);
    saveResult.textContent = r.policy.lastError ? msg('savedWithError') : msg('saved');
  } else {
    saveResult.textContent = r.message;
  }
});

localizePage();
askWorker({ kind: 'status' }).then((r) => {
  if (r.kind === 'status') show(r);
  else saveResult.textContent = r.message;
});
