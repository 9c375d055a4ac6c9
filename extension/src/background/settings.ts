// The effective settings: what the admin set in managed storage (storage.managed_schema) wins;
// the user's options page fills in the rest for unmanaged use. Defaults are visible here.
import type { EffectiveSettings, UserOptions } from '../protocol';

export const DEFAULT_REFRESH_MINUTES = 60;
export const MIN_REFRESH_MINUTES = 1;
export const MAX_REFRESH_MINUTES = 7 * 24 * 60;

export const NO_OPTIONS: UserOptions = {
  policyUrl: '',
  policyFileText: '',
  policyFileName: '',
  policyPublicKey: '',
  mastodonHosts: [],
};

/** The admin's values, with wrong types dropped (Chromium also drops them per the schema). */
export async function readManaged(): Promise<Record<string, unknown>> {
  try {
    const managed = (await chrome.storage.managed.get(null)) as Record<string, unknown>;
    return managed && typeof managed === 'object' ? managed : {};
  } catch {
    // No managed storage on this browser or no policy installed.
    return {};
  }
}

export async function readOptions(): Promise<UserOptions> {
  try {
    const { options } = (await chrome.storage.local.get('options')) as { options?: Partial<UserOptions> };
    return { ...NO_OPTIONS, ...(options ?? {}) };
  } catch {
    return { ...NO_OPTIONS };
  }
}

export function effectiveSettings(managed: Record<string, unknown>, options: UserOptions): EffectiveSettings {
  const managedKeys: string[] = [];
  const pick = <T>(key: string, ok: (v: unknown) => v is T, fallback: T): T => {
    const v = managed[key];
    if (v !== undefined && ok(v)) {
      managedKeys.push(key);
      return v;
    }
    return fallback;
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const isHosts = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
  const isAccount = (v: unknown): v is 'personal' | 'official' => v === 'personal' || v === 'official';

  const policyUrl = pick('policyUrl', isString, options.policyUrl).trim();
  const policyPublicKey = pick('policyPublicKey', isString, options.policyPublicKey).trim();
  const refresh = pick('refreshMinutes', isNumber, DEFAULT_REFRESH_MINUTES);
  const managedAtAll = Object.keys(managed).length > 0;
  // Unmanaged, the user is their own admin; managed, pausing needs the admin's permission.
  const allowUserPause = pick('allowUserPause', isBool, !managedAtAll);
  const account = pick('account', isAccount, 'personal');
  const role = pick('role', isString, '');
  const mastodonHosts = [
    ...pick('mastodonHosts', isHosts, [] as string[]),
    ...(managedKeys.includes('mastodonHosts') ? [] : options.mastodonHosts),
  ]
    .map(normalizeHost)
    .filter((h): h is string => h !== null);
  return {
    policyUrl,
    policyPublicKey,
    refreshMinutes: Math.min(MAX_REFRESH_MINUTES, Math.max(MIN_REFRESH_MINUTES, refresh)),
    allowUserPause,
    account,
    role,
    mastodonHosts: [...new Set(mastodonHosts)],
    managedKeys,
  };
}

/** "https://Mastodon.Example/" or "mastodon.example" → "mastodon.example"; null if not a host. */
export function normalizeHost(text: string): string | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  try {
    const host = new URL(t.includes('://') ? t : `https://${t}`).hostname;
    return /^[a-z0-9.-]+$/.test(host) && host.includes('.') ? host : null;
  } catch {
    return null;
  }
}
