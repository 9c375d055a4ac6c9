// The publish checklist's rules, without DOM: the same version order the extension applies
// (docs/policy-format.md: dotted parts compared numerically) and what "URL set" means.

/** Negative, zero or positive as dotted version `a` is older, equal or newer than `b`; null if either is not dotted numbers. */
export function compareVersions(a, b) {
  const parse = (v) => (/^\d+(\.\d+)*$/.test(String(v).trim()) ? String(v).trim().split('.').map(Number) : null);
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return null;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The policy's https URL, or '' when it has none (the extension links findings to it). */
export function policyUrl(info) {
  try {
    const url = new URL(info?.url || '');
    return url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

/**
 * The checklist: [{key, ok, detail}] for the loaded policy.
 * `load` is the engine's LoadResult for the editor's text, `outcomes` its test outcomes,
 * `previousVersion` what is published now ('' when unknown).
 */
export function publishChecklist({ load, outcomes, previousVersion }) {
  const loads = !!load?.ok;
  const passed = (outcomes || []).filter((o) => o.passed).length;
  const total = (outcomes || []).length;
  const version = load?.policy?.version ?? '';
  const order = previousVersion ? compareVersions(version, previousVersion) : null;
  return [
    { key: 'loads', ok: loads, detail: loads ? '' : `${load?.errors?.length ?? 0}` },
    { key: 'tests', ok: loads && total > 0 && passed === total, detail: loads ? `${passed}/${total}` : '' },
    {
      key: 'version',
      ok: loads && order !== null && order > 0,
      detail: previousVersion ? { current: version, previous: previousVersion } : null,
    },
    { key: 'url', ok: loads && !!policyUrl(load.policy), detail: load?.policy?.url ?? '' },
  ];
}
