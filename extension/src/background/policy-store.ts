// The policy in force: restored from storage.local when the worker starts, refreshed from the
// configured source (fetched with If-None-Match, verified, never older than the one in force),
// and cached so the last good policy keeps working offline or after any failure.
import type { Diagnostic, Engine, LoadResult, PolicyInfo } from '../../../wasm/postguard';
import type { EffectiveSettings, PolicySource, PolicyStatus, UserOptions } from '../protocol';
import { verifyPolicyEnvelope } from '../policy-envelope.js';
import { compareVersions } from './version';

/** The largest policy the engine accepts (docs/policy-format.md, Limits). */
const MAX_POLICY_BYTES = 8 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;
const CACHE_KEY = 'policyCache';
const CHECK_KEY = 'policyCheck';

/** What storage.local keeps of the last good policy. */
interface PolicyCache {
  source: Exclude<PolicySource, 'builtin'>;
  url: string;
  etag: string;
  /** The text as fetched or chosen (an envelope when signed), kept to re-verify on key changes. */
  rawText: string;
  /** The policy JSON text in force. */
  policyText: string;
  verified: boolean;
  /** The public key it was verified with ('' when none was configured). */
  keyUsed: string;
  info: PolicyInfo;
  updatedAt: number;
}

interface CheckRecord {
  checkedAt: number;
  lastError: string;
  /** The source the last refresh tried to load (to tell "stale" from "in force"). */
  wanted: PolicySource;
  wantedUrl: string;
}

/** The cached policy text, read before the engine starts so that it can start from it. */
export async function cachedPolicyText(): Promise<string | undefined> {
  const stored = (await chrome.storage.local.get(CACHE_KEY)) as { policyCache?: PolicyCache };
  const text = stored.policyCache?.policyText;
  return typeof text === 'string' ? text : undefined;
}

export class PolicyStore {
  private cache: PolicyCache | null = null;
  private check: CheckRecord = { checkedAt: 0, lastError: '', wanted: 'builtin', wantedUrl: '' };
  private info: PolicyInfo | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly engine: Engine) {}

  /** Puts the cached policy (or the built-in default) in force; fast, no network. */
  async restore(): Promise<void> {
    const stored = (await chrome.storage.local.get([CACHE_KEY, CHECK_KEY])) as {
      policyCache?: PolicyCache;
      policyCheck?: CheckRecord;
    };
    if (stored.policyCheck) this.check = stored.policyCheck;
    const cache = stored.policyCache;
    if (cache && typeof cache.policyText === 'string') {
      // The engine may have started from this very policy (startEngine): no second compile.
      const inForce = this.engine.policyInfo();
      if (cache.info && inForce.id === cache.info.id && inForce.version === cache.info.version) {
        this.cache = cache;
        this.info = inForce;
        return;
      }
      const loaded = this.engine.loadPolicy(cache.policyText);
      if (loaded.ok && loaded.policy) {
        this.cache = cache;
        this.info = loaded.policy;
        return;
      }
      // An engine update may refuse an old cache; the default applies until the next refresh.
      this.check = { ...this.check, lastError: `cached policy no longer loads: ${firstProblem(loaded)}` };
    }
    this.useDefault();
  }

  /** A string that changes whenever another policy comes into force. */
  stamp(): string {
    const c = this.cache;
    return c ? `${c.source}|${c.info.id}|${c.info.version}|${c.updatedAt}` : `builtin|${this.engine.version}`;
  }

  status(settings: EffectiveSettings): PolicyStatus {
    const c = this.cache;
    const wanted = wantedSource(settings, null);
    return {
      source: c?.source ?? 'builtin',
      url: c?.url ?? (wanted === 'managed' || wanted === 'url' ? settings.policyUrl : ''),
      info: this.info,
      verified: c?.verified ?? false,
      keyConfigured: settings.policyPublicKey !== '',
      updatedAt: c?.updatedAt ?? 0,
      checkedAt: this.check.checkedAt,
      lastError: this.check.lastError,
      stale:
        this.check.lastError !== '' ||
        (wanted !== 'builtin' && wanted !== 'file' && (c?.source !== wanted || c?.url !== settings.policyUrl)),
    };
  }

  /** Whether the configured source should be looked at again. */
  due(settings: EffectiveSettings, options: UserOptions, now = Date.now()): boolean {
    const wanted = wantedSource(settings, options);
    if (wanted !== this.check.wanted || settings.policyUrl !== this.check.wantedUrl) return true;
    return now - this.check.checkedAt >= settings.refreshMinutes * 60_000;
  }

  /** Refreshes from the configured source; one at a time. Resolves when done; never rejects. */
  refresh(settings: EffectiveSettings, options: UserOptions): Promise<void> {
    this.running = this.running.then(() => this.refreshNow(settings, options)).catch(() => undefined);
    return this.running;
  }

  private async refreshNow(settings: EffectiveSettings, options: UserOptions): Promise<void> {
    const wanted = wantedSource(settings, options);
    let error = '';
    try {
      const keyError = await this.keyCheck(settings);
      if (wanted === 'builtin') {
        this.useDefault();
        this.cache = null;
        await chrome.storage.local.remove(CACHE_KEY);
      } else if (wanted === 'file') {
        error = await this.accept(options.policyFileText, 'file', '', '', settings);
      } else {
        error = await this.fetchFrom(settings.policyUrl, wanted, settings);
      }
      // A refused cache matters only while nothing newer came into force.
      if (!error && !this.cache) error = keyError;
    } catch (e) {
      error = describe(e);
    }
    this.check = { checkedAt: Date.now(), lastError: error, wanted, wantedUrl: settings.policyUrl };
    await chrome.storage.local.set({ [CHECK_KEY]: this.check });
  }

  /** A policy verified with an earlier key must verify with the key configured now to stay. */
  private async keyCheck(settings: EffectiveSettings): Promise<string> {
    const c = this.cache;
    if (!c || !settings.policyPublicKey || c.keyUsed === settings.policyPublicKey) return '';
    const v = await verifyPolicyEnvelope(c.rawText, settings.policyPublicKey);
    if (v.ok) {
      this.cache = { ...c, verified: v.verified, keyUsed: settings.policyPublicKey };
      await chrome.storage.local.set({ [CACHE_KEY]: this.cache });
      return '';
    }
    this.cache = null;
    this.useDefault();
    await chrome.storage.local.remove(CACHE_KEY);
    return `the cached policy does not verify with the configured public key: ${v.error}`;
  }

  private async fetchFrom(url: string, source: 'managed' | 'url', settings: EffectiveSettings): Promise<string> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `the policy URL is not a URL: ${url}`;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      return `the policy URL must be http(s): ${url}`;
    }
    const c = this.cache;
    const sameSource = c !== null && c.url === url && c.source === source;
    // With host access the request is ours to shape (If-None-Match); without it, a custom
    // header would need a CORS preflight, so the browser's HTTP cache revalidates instead.
    const hostAccess = await hasHostAccess(parsed);
    const headers: Record<string, string> = {};
    if (hostAccess && sameSource && c.etag) headers['If-None-Match'] = c.etag;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(url, {
        headers,
        cache: hostAccess ? 'no-store' : 'no-cache',
        credentials: 'omit',
        redirect: 'follow',
        signal: abort.signal,
      });
    } catch (e) {
      return `cannot reach ${parsed.host} (offline?): ${describe(e)}`;
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 304 && sameSource) return '';
    if (!response.ok) return `${parsed.host} answered HTTP ${response.status}`;
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_POLICY_BYTES) return `the policy is larger than ${MAX_POLICY_BYTES} bytes`;
    const raw = await response.text();
    if (raw.length > MAX_POLICY_BYTES) return `the policy is larger than ${MAX_POLICY_BYTES} bytes`;
    return this.accept(raw, source, url, response.headers.get('etag') ?? '', settings);
  }

  /** Verifies, validates and compares; puts the policy in force and caches it. '' when accepted. */
  private async accept(
    raw: string,
    source: PolicyCache['source'],
    url: string,
    etag: string,
    settings: EffectiveSettings,
  ): Promise<string> {
    const c = this.cache;
    if (c && c.source === source && c.url === url && c.rawText === raw && c.keyUsed === settings.policyPublicKey) {
      if (c.etag !== etag) {
        this.cache = { ...c, etag };
        await chrome.storage.local.set({ [CACHE_KEY]: this.cache });
      }
      return ''; // unchanged
    }
    const v = await verifyPolicyEnvelope(raw, settings.policyPublicKey);
    if (!v.ok) return `policy refused: ${v.error}`;
    const validated = this.engine.validatePolicy(v.policyText);
    if (!validated.ok || !validated.policy) return `policy refused: ${firstProblem(validated)}`;
    const next = validated.policy;
    const inForce = this.info;
    if (c && inForce && inForce.id === next.id && compareVersions(next.version, inForce.version) < 0) {
      return `policy refused: version ${next.version} is older than ${inForce.version}, which is in force`;
    }
    const loaded = this.engine.loadPolicy(v.policyText);
    if (!loaded.ok || !loaded.policy) return `policy refused: ${firstProblem(loaded)}`;
    this.info = loaded.policy;
    this.cache = {
      source,
      url,
      etag,
      rawText: raw,
      policyText: v.policyText,
      verified: v.verified,
      keyUsed: settings.policyPublicKey,
      info: loaded.policy,
      updatedAt: Date.now(),
    };
    await chrome.storage.local.set({ [CACHE_KEY]: this.cache });
    return '';
  }

  private useDefault(): void {
    const r = this.engine.loadDefaultPolicy();
    this.info = r.policy ?? this.engine.policyInfo();
  }
}

/** Which source the settings ask for; `options` null = ignore the file choice (status only). */
function wantedSource(settings: EffectiveSettings, options: UserOptions | null): PolicySource {
  if (settings.policyUrl) return settings.managedKeys.includes('policyUrl') ? 'managed' : 'url';
  if (options === null) return 'builtin';
  return options.policyFileText ? 'file' : 'builtin';
}

async function hasHostAccess(url: URL): Promise<boolean> {
  try {
    return await chrome.permissions.contains({ origins: [`${url.protocol}//${url.hostname}/*`] });
  } catch {
    return false;
  }
}

/** The first problems of a load, located: "/rules/3/when (12:5): ...". */
export function firstProblem(r: LoadResult, max = 3): string {
  const list = r.errors.slice(0, max).map(describeDiagnostic);
  if (!list.length) return 'the engine refused it';
  const more = r.errors.length > max ? ` (+${r.errors.length - max} more)` : '';
  return list.join('; ') + more;
}

export function describeDiagnostic(d: Diagnostic): string {
  const where = [d.pointer || '/', d.line ? `${d.line}:${d.column}` : ''].filter(Boolean).join(' ');
  return `${where}: ${d.message}`;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
