// Every message the extension's parts exchange, named in one place: requests to the service
// worker (from content scripts, the popup and the options page) and requests to a tab's content
// script (from the popup and the service worker). Each request has exactly one response type;
// failures are values ({kind: 'error'}), never exceptions.
import type { Finding, PolicyInfo, Severity } from '../../wasm/postguard';

export type { Finding, PolicyInfo, Severity };

/** Where the policy in force came from. */
export type PolicySource =
  | 'builtin' //     no policy configured: the engine's built-in default
  | 'managed' //     the admin's managed setting policyUrl
  | 'url' //         a policy URL set on the options page
  | 'file'; //       a local file chosen on the options page

/** The policy in force and how its last refresh went; what the popup shows. */
export interface PolicyStatus {
  source: PolicySource;
  /** The configured URL ('' for builtin and file). */
  url: string;
  /** The policy in force (null only while the engine has not started). */
  info: PolicyInfo | null;
  /** The text in force was an envelope whose signature verified against the configured key. */
  verified: boolean;
  /** A public key is configured, so only signed policies are accepted. */
  keyConfigured: boolean;
  /** When the policy in force was fetched or chosen (ms since epoch; 0 for builtin). */
  updatedAt: number;
  /** When the last refresh attempt finished (ms since epoch; 0 if never). */
  checkedAt: number;
  /** Why the last refresh did not put a new policy in force ('' when it did or nothing changed). */
  lastError: string;
  /** The configured policy could not be loaded and an older one (or the default) is in force. */
  stale: boolean;
}

/** Counts of findings by severity. */
export type SeverityCounts = Record<Severity, number>;

/** The settings a content script needs, as decided by the admin (or the user when unmanaged). */
export interface SiteState {
  site: string;
  paused: boolean;
  allowUserPause: boolean;
  /** Changes whenever another policy comes into force, so a content script knows to re-check. */
  policyStamp: string;
}

/** Options the user may set on the options page; managed settings win over each of them. */
export interface UserOptions {
  policyUrl: string;
  /** Text of a policy file chosen on the options page ('' = none). */
  policyFileText: string;
  policyFileName: string;
  policyPublicKey: string;
  mastodonHosts: string[];
}

/** The effective settings: managed values where the admin set them, else the user's options. */
export interface EffectiveSettings {
  policyUrl: string;
  policyPublicKey: string;
  refreshMinutes: number;
  allowUserPause: boolean;
  account: 'personal' | 'official';
  role: string;
  mastodonHosts: string[];
  /** The keys the admin set (the options page shows them locked). */
  managedKeys: string[];
}

// ---- Requests to the service worker -------------------------------------------------------

export interface CheckRequest {
  kind: 'check';
  text: string;
  /** location.hostname of the frame the editor is in. */
  site: string;
}
export interface CheckResponse {
  kind: 'checked';
  findings: Finding[];
  /** Milliseconds the engine spent in check(). */
  engineMs: number;
  state: SiteState;
}

export interface SiteStateRequest {
  kind: 'siteState';
  site: string;
}
export interface SiteStateResponse {
  kind: 'siteState';
  state: SiteState;
}

export interface StatusRequest {
  kind: 'status';
}
export interface StatusResponse {
  kind: 'status';
  policy: PolicyStatus;
  settings: EffectiveSettings;
  options: UserOptions;
  engineVersion: string;
  /** Milliseconds the last engine start took (instantiate + load the policy in force). */
  engineStartMs: number;
}

export interface SetPausedRequest {
  kind: 'setPaused';
  site: string;
  paused: boolean;
}

export interface RefreshPolicyRequest {
  kind: 'refreshPolicy';
}

export interface SaveOptionsRequest {
  kind: 'saveOptions';
  options: UserOptions;
}

/** Validates a policy text (e.g. a file the user picked) without putting it in force. */
export interface ValidatePolicyRequest {
  kind: 'validatePolicy';
  text: string;
}
export interface ValidatePolicyResponse {
  kind: 'validated';
  ok: boolean;
  /** The first problems, human-readable ("/rules/3/when: ... (line 12:5)"). */
  problems: string[];
  info: PolicyInfo | null;
}

export interface ErrorResponse {
  kind: 'error';
  message: string;
}

export type WorkerRequest =
  | CheckRequest
  | SiteStateRequest
  | StatusRequest
  | SetPausedRequest
  | RefreshPolicyRequest
  | SaveOptionsRequest
  | ValidatePolicyRequest;

/** The response to each worker request (an ErrorResponse is always possible). */
export interface WorkerResponses {
  check: CheckResponse;
  siteState: SiteStateResponse;
  status: StatusResponse;
  setPaused: SiteStateResponse;
  refreshPolicy: StatusResponse;
  saveOptions: StatusResponse;
  validatePolicy: ValidatePolicyResponse;
}
export type WorkerResponse<R extends WorkerRequest = WorkerRequest> = WorkerResponses[R['kind']] | ErrorResponse;

// ---- Requests to a tab's content script ---------------------------------------------------

/** The popup asks what Postguard sees in the tab (answered by the top frame). */
export interface TabStatusRequest {
  kind: 'tabStatus';
}
export interface TabStatusResponse {
  kind: 'tabStatus';
  site: string;
  /** Editors Postguard has attached to in this frame. */
  editors: number;
  counts: SeverityCounts;
  paused: boolean;
}

/** The policy in force or the pause state changed: re-read the site state and re-check. */
export interface SettingsChangedNotice {
  kind: 'settingsChanged';
}

export type TabRequest = TabStatusRequest | SettingsChangedNotice;
export interface TabResponses {
  tabStatus: TabStatusResponse;
  settingsChanged: { kind: 'ok' };
}
export type TabResponse<R extends TabRequest = TabRequest> = TabResponses[R['kind']] | ErrorResponse;

/** Narrows an unknown message to a worker request (messages also arrive from other code paths). */
export function isWorkerRequest(m: unknown): m is WorkerRequest {
  if (!m || typeof m !== 'object') return false;
  const kind = (m as { kind?: unknown }).kind;
  return (
    kind === 'check' ||
    kind === 'siteState' ||
    kind === 'status' ||
    kind === 'setPaused' ||
    kind === 'refreshPolicy' ||
    kind === 'saveOptions' ||
    kind === 'validatePolicy'
  );
}

export function isTabRequest(m: unknown): m is TabRequest {
  if (!m || typeof m !== 'object') return false;
  const kind = (m as { kind?: unknown }).kind;
  return kind === 'tabStatus' || kind === 'settingsChanged';
}

/**
 * Sends a request to the service worker and resolves with its typed response; never rejects.
 * A worker that was stopped is started by the message itself; one retry covers the moment
 * the worker is (re)starting and has not registered its listener yet.
 */
export async function askWorker<R extends WorkerRequest>(request: R): Promise<WorkerResponse<R>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = (await chrome.runtime.sendMessage(request)) as WorkerResponse<R> | undefined;
      if (response && typeof response === 'object' && 'kind' in response) return response;
      return { kind: 'error', message: 'no response from the service worker' };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // "Extension context invalidated": the extension was reloaded; this script is orphaned.
      if (attempt >= 1 || /context invalidated/i.test(message)) return { kind: 'error', message };
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
