// Summaries of repeated measurements: median, min, max and p95 (nearest rank), the way every
// figure in build/bench/results.json is reported.
export function summary(samples) {
  if (!samples.length) throw new Error('no samples to summarise');
  const s = [...samples].sort((a, b) => a - b);
  const rank = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1], p95: rank(0.95), runs: s.length };
}

/**
 * Calls `body` until at least `minRuns` samples and `minMs` of measured time, or `maxRuns`,
 * after `warmup` unmeasured calls; returns the per-call times in ms. Each sample is one call.
 */
export function timeCalls(body, { warmup = 3, minRuns = 20, maxRuns = 2000, minMs = 1500 } = {}) {
  for (let i = 0; i < warmup; i++) body(i);
  const samples = [];
  let total = 0;
  for (let i = 0; samples.length < maxRuns && (samples.length < minRuns || total < minMs); i++) {
    const t0 = performance.now();
    body(i);
    const dt = performance.now() - t0;
    samples.push(dt);
    total += dt;
  }
  return samples;
}
