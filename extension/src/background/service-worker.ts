// The extension's background: hosts the engine, answers the protocol's requests (checks, status,
// options), keeps the policy in force fresh on an alarm, and registers the content script on the
// Mastodon hosts the settings name. Listeners are registered synchronously at the top level, as
// MV3 requires for a worker that is stopped when idle and started again by the next event.
import type { Engine } from '../../../wasm/postguard';
import {
  isWorkerRequest,
  type EffectiveSettings,
  type SiteState,
  type StatusResponse,
  type TabRequest,
  type UserOptions,
  type WorkerRequest,
  type WorkerResponse,
} from '../protocol';
import { verifyPolicyEnvelope } from '../policy-envelope.js';
import { startEngine } from './engine-host';
import { cachedPolicyText, describeDiagnostic, PolicyStore } from './policy-store';
import { effectiveSettings, normalizeHost, readManaged, readOptions, NO_OPTIONS } from './settings';

const ALARM = 'postguard-policy-refresh';
const MASTODON_SCRIPT_ID = 'postguard-mastodon-hosts';

interface Ready {
  engine: Engine;
  store: PolicyStore;
  startMs: number;
}

let ready: Promise<Ready> | null = null;
let settings: EffectiveSettings | null = null;
let settingsLoading: Promise<EffectiveSettings> | null = null;
let pausedSites: Promise<string[]> | null = null;

/** The engine with the policy in force, started once per worker life. */
function engineReady(): Promise<Ready> {
  ready ??= (async () => {
    const t0 = performance.now();
    const { engine } = await startEngine(await cachedPolicyText());
    const store = new PolicyStore(engine);
    await store.restore();
    const startMs = performance.now() - t0;
    // Refresh in the background when due; checks use the cached policy meanwhile.
    void (async () => {
      const [s, o] = [await currentSettings(), await readOptions()];
      if (store.due(s, o)) await refreshPolicy(store, s, o);
    })().catch(logError);
    return { engine, store, startMs };
  })();
  ready.catch(() => {
    ready = null; // try again on the next request
  });
  return ready;
}

/**
 * Settings, re-read when storage changes; the first managed read can take seconds after browser
 * start. A read that began before a change must not overwrite the result of one that began after.
 */
let settingsGeneration = 0;
function loadSettings(fresh = false): Promise<EffectiveSettings> {
  if (fresh) settingsLoading = null;
  if (!settingsLoading) {
    const generation = ++settingsGeneration;
    const loading = (async () => {
      const [managed, options] = await Promise.all([readManaged(), readOptions()]);
      const next = effectiveSettings(managed, options);
      if (generation === settingsGeneration) {
        settings = next;
        settingsLoading = null;
        await chrome.storage.local.set({ settingsSnapshot: next });
      }
      return next;
    })();
    settingsLoading = loading;
    loading.catch(() => {
      if (settingsLoading === loading) settingsLoading = null;
    });
  }
  return settingsLoading;
}

/** Settings without waiting for managed storage when a snapshot from earlier is at hand. */
async function currentSettings(): Promise<EffectiveSettings> {
  if (settings) return settings;
  const loading = loadSettings();
  const { settingsSnapshot } = (await chrome.storage.local.get('settingsSnapshot')) as {
    settingsSnapshot?: EffectiveSettings;
  };
  return settingsSnapshot ?? loading;
}

async function refreshPolicy(store: PolicyStore, s: EffectiveSettings, o: UserOptions): Promise<void> {
  const before = store.stamp();
  await store.refresh(s, o);
  if (store.stamp() !== before) await broadcast({ kind: 'settingsChanged' });
}

/** The sites the user paused, read once per worker life and kept in step by setPaused. */
function readPausedSites(): Promise<string[]> {
  pausedSites ??= chrome.storage.local
    .get('pausedSites')
    .then((v) => (v as { pausedSites?: string[] }).pausedSites ?? []);
  pausedSites.catch(() => (pausedSites = null));
  return pausedSites;
}

async function siteState(site: string, store: PolicyStore | null): Promise<SiteState> {
  const s = await currentSettings();
  const paused = await readPausedSites();
  return {
    site,
    paused: s.allowUserPause && paused.includes(site),
    allowUserPause: s.allowUserPause,
    policyStamp: store?.stamp() ?? '',
  };
}

async function status(r: Ready): Promise<StatusResponse> {
  const s = await currentSettings();
  const options = await readOptions();
  return {
    kind: 'status',
    policy: r.store.status(s),
    settings: s,
    // The file's text can be large; the options page needs only its name.
    options: { ...options, policyFileText: '' },
    engineVersion: r.engine.version,
    engineStartMs: r.startMs,
  };
}

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  switch (request.kind) {
    case 'check': {
      const r = await engineReady();
      const s = await currentSettings();
      const state = await siteState(request.site, r.store);
      if (state.paused) return { kind: 'checked', findings: [], engineMs: 0, state };
      const t0 = performance.now();
      const findings = r.engine.check(request.text, {
        site: request.site,
        account: s.account,
        role: s.role || undefined,
        locale: chrome.i18n.getUILanguage(),
      });
      return { kind: 'checked', findings, engineMs: performance.now() - t0, state };
    }
    case 'siteState': {
      // Sent when an editor gets focus: answered at once, and the engine starts meanwhile, so
      // the first keystroke after a worker restart does not wait for it.
      const store = ready ? (await engineReady()).store : null;
      if (!ready) void engineReady().catch(logError);
      return { kind: 'siteState', state: await siteState(request.site, store) };
    }
    case 'status':
      return status(await engineReady());
    case 'setPaused': {
      const s = await currentSettings();
      if (!s.allowUserPause) return { kind: 'error', message: 'pausing is not allowed by your administrator' };
      const set = new Set(await readPausedSites());
      if (request.paused) set.add(request.site);
      else set.delete(request.site);
      pausedSites = Promise.resolve([...set]);
      await chrome.storage.local.set({ pausedSites: [...set] });
      await broadcast({ kind: 'settingsChanged' });
      const store = ready ? (await engineReady()).store : null;
      return { kind: 'siteState', state: await siteState(request.site, store) };
    }
    case 'refreshPolicy': {
      const r = await engineReady();
      await refreshPolicy(r.store, await loadSettings(true), await readOptions());
      return status(r);
    }
    case 'saveOptions': {
      const o = sanitizeOptions(request.options);
      const before = await readOptions();
      // The options page does not hold the text of a file chosen earlier; keep it.
      if (o.policyFileName && !o.policyFileText && o.policyFileName === before.policyFileName) {
        o.policyFileText = before.policyFileText;
      }
      await chrome.storage.local.set({ options: o });
      const s = await loadSettings(true);
      const r = await engineReady();
      await refreshPolicy(r.store, s, o);
      await syncMastodonScripts(s);
      await broadcast({ kind: 'settingsChanged' });
      return status(r);
    }
    case 'validatePolicy': {
      const r = await engineReady();
      const s = await currentSettings();
      const v = await verifyPolicyEnvelope(request.text, s.policyPublicKey);
      if (!v.ok) return { kind: 'validated', ok: false, problems: [v.error], info: null };
      const result = r.engine.validatePolicy(v.policyText);
      return {
        kind: 'validated',
        ok: result.ok,
        problems: result.errors.slice(0, 10).map(describeDiagnostic),
        info: result.policy,
      };
    }
  }
}

function sanitizeOptions(o: UserOptions): UserOptions {
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    ...NO_OPTIONS,
    policyUrl: text(o.policyUrl).trim(),
    policyFileText: text(o.policyFileText),
    policyFileName: text(o.policyFileName),
    policyPublicKey: text(o.policyPublicKey).trim(),
    mastodonHosts: Array.isArray(o.mastodonHosts)
      ? o.mastodonHosts.map((h) => normalizeHost(text(h))).filter((h): h is string => h !== null)
      : [],
  };
}

/** Tells every tab's content scripts to re-read their state (tabs without one just fail). */
async function broadcast(message: TabRequest): Promise<void> {
  try {
    const tabs = await chrome.tabs.query({});
    await Promise.all(
      tabs.map((t) => (t.id === undefined ? null : chrome.tabs.sendMessage(t.id, message).catch(() => null))),
    );
  } catch (e) {
    logError(e);
  }
}

/** The content script on the configured Mastodon hosts (which need a host permission grant). */
async function syncMastodonScripts(s: EffectiveSettings): Promise<void> {
  try {
    const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [MASTODON_SCRIPT_ID] });
    const matches = s.mastodonHosts.map((h) => `https://${h}/*`);
    const same = existing.length === 1 && JSON.stringify(existing[0].matches ?? []) === JSON.stringify(matches);
    if (same) return;
    if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: [MASTODON_SCRIPT_ID] });
    if (!matches.length) return;
    await chrome.scripting.registerContentScripts([
      {
        id: MASTODON_SCRIPT_ID,
        matches,
        js: ['content.js'],
        allFrames: true,
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  } catch (e) {
    logError(e);
  }
}

async function syncAlarm(s: EffectiveSettings): Promise<void> {
  const alarm = await chrome.alarms.get(ALARM);
  if (alarm?.periodInMinutes === s.refreshMinutes) return;
  await chrome.alarms.create(ALARM, { periodInMinutes: s.refreshMinutes, delayInMinutes: s.refreshMinutes });
}

/** Settings changed (admin or options page): re-read them and act on the difference. */
async function onSettingsChanged(): Promise<void> {
  const s = await loadSettings(true);
  await syncAlarm(s);
  await syncMastodonScripts(s);
  const r = await engineReady();
  await refreshPolicy(r.store, s, await readOptions());
  await broadcast({ kind: 'settingsChanged' });
}

function logError(e: unknown): void {
  console.warn('[postguard]', e);
}

// ---- Listeners (top level, synchronous) ----------------------------------------------------

chrome.runtime.onMessage.addListener((message: unknown, _sender, sendResponse) => {
  if (!isWorkerRequest(message)) return undefined;
  handle(message).then(sendResponse, (e: unknown) =>
    sendResponse({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
  );
  return true; // the response is asynchronous
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name !== ALARM) return;
  void (async () => {
    const r = await engineReady();
    await refreshPolicy(r.store, await loadSettings(), await readOptions());
  })().catch(logError);
});

// The admin's settings changed (options-page changes arrive as saveOptions requests instead).
chrome.storage.onChanged.addListener((_changes, area) => {
  if (area === 'managed') onSettingsChanged().catch(logError);
});

const onBrowserStart = (): void => {
  void (async () => {
    const s = await loadSettings();
    await syncAlarm(s);
    await syncMastodonScripts(s);
    await engineReady();
  })().catch(logError);
};
chrome.runtime.onInstalled.addListener(onBrowserStart);
chrome.runtime.onStartup.addListener(onBrowserStart);
