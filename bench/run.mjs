// npm run bench: generates the synthetic policies and corpus (fixed seeds), measures our engine
// natively and in WebAssembly, the plain-JavaScript way, Hyperscan and the extension in headless
// Chromium, then prints one table and writes build/bench/results.json (see bench/README.md).
// Usage: node bench/run.mjs [--quick] [--skip GROUP,...]   groups: native hyperscan wasm js browser
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { benchCorpus, labelledPosts, textsOfLength } from './gen/corpus.mjs';
import { companyPolicy } from './gen/policy.mjs';
import { companyTerms } from './gen/vocabulary.mjs';
import { literalOnlyPolicy, normalizedTerms, policyTerms } from './lib/policy-parts.mjs';
import { readPolicy, runPlan } from './lib/plan.mjs';
import { repo, resultsDir } from './lib/paths.mjs';
import { summary } from './lib/stats.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const skipAt = args.indexOf('--skip');
const skip = new Set(skipAt >= 0 ? (args[skipAt + 1] ?? '').split(',') : []);
const nativeBench = process.env.POSTGUARD_BENCH_BIN ?? join(resultsDir, 'build/bench/postguard-bench');
const hyperscanPeer = process.env.POSTGUARD_HYPERSCAN_BIN ?? join(resultsDir, 'build/bench/postguard-hyperscan-peer');
const engineDir = resolve(repo, process.env.POSTGUARD_WASM_DIR ?? 'build/wasm');
const inputs = join(resultsDir, 'inputs');
mkdirSync(inputs, { recursive: true });

const CONTEXT = { now: '2026-11-20', locale: 'es' };
const GROWTH_TERMS = [100, 1000, 10_000, 100_000];
const GROWTH_TEXT = [100, 1000, 10_000, 100_000];
// How long each kind of figure is measured (each sample is one call; see lib/stats.mjs).
const B = quick
  ? {
      short: { minRuns: 20, minMs: 300, maxRuns: 500 },
      long: { minRuns: 5, minMs: 300, maxRuns: 50 },
      huge: { minRuns: 3, minMs: 0, maxRuns: 3 },
      passes: { minRuns: 10, minMs: 0, maxRuns: 10 },
      compile: { minRuns: 3, minMs: 0, maxRuns: 3 },
    }
  : {
      short: { minRuns: 50, minMs: 2000, maxRuns: 5000 },
      long: { minRuns: 20, minMs: 2000, maxRuns: 500 },
      huge: { minRuns: 10, minMs: 0, maxRuns: 10 },
      passes: { minRuns: 10, minMs: 20_000, maxRuns: 30 },
      compile: { minRuns: 10, minMs: 1000, maxRuns: 50 },
    };

// ---- Inputs (deterministic) ---------------------------------------------------------------
const write = (name, data) => {
  const file = join(inputs, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
};
const log = (m) => process.stderr.write(`bench: ${m}\n`);

log('generating policies, corpus and texts');
const policies = {
  default: 'default',
  '10k': write('policy-10k.json', companyPolicy({ terms: 10_000, regexes: 200 })),
};
for (const n of GROWTH_TERMS)
  policies[`terms${n}`] = write(`policy-terms-${n}.json`, companyPolicy({ terms: n, regexes: 0, packs: false }));
const terms10k = policyTerms(readPolicy(policies['10k']), repo);
const termsDefault = policyTerms(readPolicy('default'), repo);
policies.literals10k = write('policy-literals-10k.json', literalOnlyPolicy(terms10k));
const termFiles = {
  '10k': write('terms-10k.json', normalizedTerms(terms10k)),
  default: write('terms-default.json', normalizedTerms(termsDefault)),
};
const posts = benchCorpus({ repo, bytes: quick ? 1_000_000 : 10_000_000 });
const corpusFile = write('corpus.json', posts);
const corpusBytes = posts.reduce((n, p) => n + Buffer.byteLength(p), 0);
const texts = {
  280: write('texts-280.json', textsOfLength(posts, 280, 32)),
  '5k': write('texts-5k.json', textsOfLength(posts, 5000, 16)),
  '50k': write('texts-50k.json', textsOfLength(posts, 50_000, 4)),
};
for (const n of GROWTH_TEXT) texts[`g${n}`] = write(`texts-${n}.json`, textsOfLength(posts, n, n >= 100_000 ? 2 : 8));
const disguised = labelledPosts(repo)
  .filter((p) => p.disguised && p.expect.length)
  .map((p) => ({
    text: p.text,
    context: p.context,
    expect: p.expect,
    policy: p.policy === 'default' ? 'default' : join(repo, 'policies', p.policy),
  }));
const disguisedFile = write('disguised.json', disguised);

// ---- Measuring ----------------------------------------------------------------------------
const raw = new Map(); // task name -> task output
const remember = (tasks) => tasks.forEach((t) => raw.set(t.name, t));
const checkTasks = (prefix, kinds) =>
  kinds.map(([size, policy, budget]) => ({
    name: `${prefix}.check.${size}.${policy}`,
    kind: 'check',
    policy: policies[policy],
    texts: texts[size],
    ...budget,
  }));

if (!skip.has('native')) {
  log(`native: ${nativeBench}`);
  remember(
    runPlan(
      join(inputs, 'plan-native.json'),
      {
        context: CONTEXT,
        tasks: [
          ...checkTasks('native', [
            [280, 'default', B.short],
            [280, '10k', B.short],
            ['5k', 'default', B.long],
            ['5k', '10k', B.long],
            ['50k', 'default', B.huge],
            ['50k', '10k', B.huge],
          ]),
          { name: 'native.throughput', kind: 'throughput', policy: policies['10k'], texts: corpusFile, ...B.passes },
          { name: 'native.throughput.default', kind: 'throughput', policy: 'default', texts: corpusFile, ...B.passes },
          {
            name: 'native.throughput.literals.10k',
            kind: 'throughput',
            policy: policies.literals10k,
            texts: corpusFile,
            ...B.passes,
          },
          {
            name: 'native.check.280.literals.10k',
            kind: 'check',
            policy: policies.literals10k,
            texts: texts[280],
            ...B.short,
          },
          { name: 'native.compile.default', kind: 'compile', policy: 'default', ...B.compile },
          { name: 'native.compile.10k', kind: 'compile', policy: policies['10k'], ...B.compile },
          ...GROWTH_TERMS.map((n) => ({
            name: `native.growth.terms.${n}`,
            kind: 'check',
            policy: policies[`terms${n}`],
            texts: texts['5k'],
            ...B.long,
          })),
          ...GROWTH_TEXT.map((n) => ({
            name: `native.growth.text.${n}`,
            kind: 'check',
            policy: policies['10k'],
            texts: texts[`g${n}`],
            ...(n >= 10_000 ? B.huge : B.short),
          })),
        ],
      },
      nativeBench,
    ),
  );
}

if (!skip.has('hyperscan')) {
  if (existsSync(hyperscanPeer)) {
    log(`hyperscan: ${hyperscanPeer}`);
    remember(
      runPlan(
        join(inputs, 'plan-hyperscan.json'),
        {
          tasks: [
            {
              name: 'hyperscan.literals.10k',
              kind: 'throughput',
              literals: termFiles['10k'],
              texts: corpusFile,
              ...B.passes,
            },
            {
              name: 'hyperscan.check.280.10k',
              kind: 'check',
              literals: termFiles['10k'],
              texts: texts[280],
              ...B.short,
            },
            {
              name: 'hyperscan.check.5k.10k',
              kind: 'check',
              literals: termFiles['10k'],
              texts: texts['5k'],
              ...B.long,
            },
            { name: 'hyperscan.compile.10k', kind: 'compile', literals: termFiles['10k'], ...B.compile },
          ],
        },
        hyperscanPeer,
      ),
    );
  } else {
    log(`hyperscan: ${hyperscanPeer} is not built (libhyperscan-dev missing?); skipped`);
  }
}

if (!skip.has('wasm')) {
  log(`wasm: ${engineDir}`);
  remember(
    runPlan(
      join(inputs, 'plan-wasm.json'),
      {
        context: CONTEXT,
        tasks: [
          { name: 'wasm.startup', kind: 'startup', runs: quick ? 3 : 10 },
          ...checkTasks('wasm', [
            [280, 'default', B.short],
            [280, '10k', B.short],
            ['5k', 'default', B.long],
            ['5k', '10k', B.long],
            ['50k', 'default', B.huge],
            ['50k', '10k', B.huge],
          ]),
          { name: 'wasm.throughput', kind: 'throughput', policy: policies['10k'], texts: corpusFile, ...B.passes },
          { name: 'wasm.compile.default', kind: 'compile', policy: 'default', ...B.compile },
          { name: 'wasm.compile.10k', kind: 'compile', policy: policies['10k'], ...B.compile },
          {
            name: 'wasm.compile.100k',
            kind: 'compile',
            policy: policies.terms100000,
            ...B.compile,
            minRuns: 3,
            maxRuns: quick ? 3 : 5,
            minMs: 0,
          },
          { name: 'wasm.memory.default', kind: 'memory', policy: 'default', texts: texts['50k'] },
          { name: 'wasm.memory.10k', kind: 'memory', policy: policies['10k'], texts: texts['50k'] },
          { name: 'wasm.memory.100k', kind: 'memory', policy: policies.terms100000, texts: texts['50k'] },
          ...GROWTH_TERMS.map((n) => ({
            name: `growth.terms.${n}`,
            kind: 'check',
            policy: policies[`terms${n}`],
            texts: texts['5k'],
            ...B.long,
          })),
          ...GROWTH_TEXT.map((n) => ({
            name: `growth.text.${n}`,
            kind: 'check',
            policy: policies['10k'],
            texts: texts[`g${n}`],
            ...(n >= 10_000 ? B.huge : B.short),
          })),
          { name: 'ours.disguised', kind: 'labelled', posts: disguisedFile },
        ],
      },
      process.execPath,
      [join(repo, 'bench/node/wasm.mjs')],
      [engineDir],
    ),
  );
}

if (!skip.has('js')) {
  log('plain JavaScript peer');
  remember(
    runPlan(
      join(inputs, 'plan-js.json'),
      {
        tasks: [
          { name: 'jsbaseline.compile.10k', kind: 'compile', terms: termFiles['10k'], ...B.compile },
          {
            name: 'jsbaseline.check.280.default',
            kind: 'check',
            terms: termFiles.default,
            texts: texts[280],
            ...B.short,
          },
          { name: 'jsbaseline.check.280.10k', kind: 'check', terms: termFiles['10k'], texts: texts[280], ...B.short },
          { name: 'jsbaseline.check.5k.10k', kind: 'check', terms: termFiles['10k'], texts: texts['5k'], ...B.long },
          { name: 'jsbaseline.check.50k.10k', kind: 'check', terms: termFiles['10k'], texts: texts['50k'], ...B.huge },
          {
            name: 'jsbaseline.throughput',
            kind: 'throughput',
            terms: termFiles['10k'],
            texts: corpusFile,
            ...B.passes,
          },
          { name: 'jsbaseline.disguised', kind: 'labelled', posts: disguisedFile },
        ],
      },
      process.execPath,
      [join(repo, 'bench/node/jsbaseline.mjs')],
    ),
  );
}

if (!skip.has('browser')) {
  log('headless Chromium with the extension (Lexical)');
  // The draft ends one key short of a term that flags it: a valid DNI for the default policy,
  // an unreleased product (one without an embargo date) for the company's. The 100-term policy
  // without packs shows what the editor, the messages and the overlay cost around the engine.
  const product = companyTerms(10).find((t, i) => t.list === 'unreleased' && i % 10 !== 0).term;
  const trigger = {
    default: { phrase: ' Mi DNI es 12345678Z', rule: 'pii.es_dni', suffix: '.default' },
    '10k': { phrase: ` We talked about ${product}`, rule: 'confidential.unreleased', suffix: '' },
    terms100: { phrase: ` We talked about ${product}`, rule: 'company.unreleased', suffix: '.terms100' },
  };
  const keystrokes = quick ? 30 : 200;
  const browserTask = (size, length, policy) => {
    const { phrase, rule, suffix } = trigger[policy];
    // One paragraph: Lexical turns line breaks into paragraphs of its own.
    const base = textsOfLength(
      posts.map((p) => p.replace(/\s*\n\s*/g, ' ')),
      length - phrase.length,
      1,
    )[0];
    return {
      name: `browser.key_to_underline.${size}${suffix}`,
      policy: policies[policy],
      draft: base + phrase.slice(0, -1),
      key: phrase.at(-1),
      rule,
      keystrokes,
    };
  };
  remember(
    runPlan(
      join(inputs, 'plan-browser.json'),
      {
        engineDir,
        tasks: [
          browserTask(280, 280, '10k'),
          browserTask('5k', 5000, '10k'),
          browserTask(280, 280, 'default'),
          browserTask('5k', 5000, 'default'),
          browserTask(280, 280, 'terms100'),
          browserTask('5k', 5000, 'terms100'),
        ],
      },
      process.execPath,
      [join(repo, 'bench/browser/key-to-underline.mjs')],
    ),
  );
}

// ---- Results ------------------------------------------------------------------------------
const results = [];
const add = (name, unit, s, extra = {}) =>
  results.push({
    name,
    unit,
    median: s.median,
    min: s.min,
    max: s.max,
    ...(s.p95 !== undefined ? { p95: s.p95 } : {}),
    runs: s.runs,
    ...extra,
  });
const single = (v) => ({ median: v, min: v, max: v, runs: 1 });
// Throughput: each sample is one slice of the corpus (about a tenth), so one pass gives ten.
const mbps = (t) => {
  const s = summary(t.samples.map((ms, i) => t.sliceBytes[i % t.sliceBytes.length] / 1e6 / (ms / 1000)));
  delete s.p95;
  return s;
};

for (const [name, t] of raw) {
  if (t.caught) continue;
  if (name === 'hyperscan.literals.10k' || /\.throughput/.test(name)) {
    add(name, 'MB/s', mbps(t), { bytes: t.bytes });
  } else if (name.startsWith('wasm.memory.')) {
    add(name, 'bytes', single(t.samples[0]));
    if (t.afterCheck) add(`${name}.after_check_50k`, 'bytes', single(t.afterCheck));
  } else if (name.startsWith('browser.')) {
    add(name, 'ms', summary(t.samples), {
      timeouts: t.timeouts,
      what: 'keydown.timeStamp to the first task after the frame that paints the new underline',
    });
    add(`${name}.dom`, 'ms', summary(t.dom), { what: 'keydown.timeStamp to the underline element in the overlay DOM' });
    add(`${name}.input`, 'ms', summary(t.input), { what: "keydown.timeStamp to the editor's input event" });
    add(`${name}.worker_engine`, 'ms', summary(t.workerEngine), {
      what: 'engine.check inside the service worker for the same text (engineMs)',
    });
    add(`${name}.worker_round_trip`, 'ms', summary(t.workerRoundTrip), {
      what: 'a check message from an extension page to the service worker and back',
    });
  } else {
    add(name, 'ms', summary(t.samples), t.findings !== undefined ? { findings: t.findings } : {});
  }
}

// Sizes of what ships.
for (const file of ['postguard.wasm', 'postguard.mjs']) {
  const path = join(engineDir, file);
  if (!existsSync(path)) continue;
  const bytes = readFileSync(path);
  const key = file === 'postguard.wasm' ? 'wasm.size' : 'wasm.glue_size';
  add(`${key}.raw`, 'bytes', single(bytes.length));
  add(`${key}.gzip`, 'bytes', single(gzipSync(bytes, { level: 9 }).length));
  add(
    `${key}.brotli`,
    'bytes',
    single(brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
  );
}

// Disguised posts of the labelled corpus.
for (const [name, who] of [
  ['ours.disguised', 'ours'],
  ['jsbaseline.disguised', 'jsbaseline'],
]) {
  const t = raw.get(name);
  if (!t) continue;
  add(`${who}.disguised.missed`, 'posts', single(t.caught.filter((c) => !c).length), { of: t.caught.length });
}

// Ratios: our time / their time (below 1: we are faster).
const get = (name) => results.find((r) => r.name === name);
const ratio = (name, ours, theirs, timeOf = (r) => r.median) => {
  const a = get(ours);
  const b = get(theirs);
  if (a && b) add(name, 'x', single(timeOf(a) / timeOf(b)), { ours, theirs });
};
const perByte = (r) => 1 / r.median; // time per MB from MB/s
ratio('ratio.wasm_vs_jsbaseline.check.280.10k', 'wasm.check.280.10k', 'jsbaseline.check.280.10k');
ratio('ratio.wasm_vs_jsbaseline.check.5k.10k', 'wasm.check.5k.10k', 'jsbaseline.check.5k.10k');
ratio('ratio.wasm_vs_jsbaseline.check.50k.10k', 'wasm.check.50k.10k', 'jsbaseline.check.50k.10k');
ratio('ratio.wasm_vs_jsbaseline.throughput', 'wasm.throughput', 'jsbaseline.throughput', perByte);
ratio('ratio.native_vs_hyperscan.literals.10k', 'native.throughput.literals.10k', 'hyperscan.literals.10k', perByte);
ratio('ratio.native_vs_hyperscan.full.10k', 'native.throughput', 'hyperscan.literals.10k', perByte);
ratio('ratio.native_vs_hyperscan.check.280.10k', 'native.check.280.literals.10k', 'hyperscan.check.280.10k');

// Targets of issue 7.
const targets = [
  ['wasm.check.280.10k', 'median', '<', 0.3],
  ['wasm.check.50k.10k', 'median', '<', 10],
  ['browser.key_to_underline.280', 'p95', '<', 16],
  ['browser.key_to_underline.5k', 'p95', '<', 16],
  ['wasm.compile.10k', 'median', '<', 100],
  ['ratio.wasm_vs_jsbaseline.check.280.10k', 'median', '<', 0.5],
];
const verdicts = targets
  .filter(([n]) => get(n))
  .map(([n, field, , limit]) => ({ name: n, field, limit, value: get(n)[field], met: get(n)[field] < limit }));

const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: repo, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
};
// A copy outside git (git archive) would otherwise report the enclosing repository's commit.
const inGit = git('rev-parse', '--show-toplevel') === repo;
const meta = {
  date: new Date().toISOString(),
  // POSTGUARD_BENCH_COMMIT names the commit of a copy made with `git archive`.
  commit: inGit
    ? git('rev-parse', '--short', 'HEAD')
    : (process.env.POSTGUARD_BENCH_COMMIT ?? 'unknown (not a git checkout)'),
  core_changes_not_committed: inGit ? git('status', '--porcelain', '--', 'core', 'wasm', 'policies') !== '' : null,
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', load_average_at_end: loadavg() },
  node: process.version,
  quick,
  corpus: { posts: posts.length, bytes: corpusBytes, labelled_included: labelledPosts(repo).length },
  policy10k: {
    terms_own: 10_000,
    regexes_own: 200,
    extends: ['builtin:default'],
    literal_terms_with_packs: normalizedTerms(terms10k).length,
  },
  context: CONTEXT,
};
writeFileSync(join(resultsDir, 'results.json'), `${JSON.stringify({ results, targets: verdicts, meta }, null, 2)}\n`);

// ---- The table ------------------------------------------------------------------------------
const fmt = (v, unit) => {
  if (v === undefined) return '';
  if (unit === 'bytes') return v.toLocaleString('en-US');
  if (unit === 'posts') return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toFixed(3);
};
const lines = [];
const width = Math.max(...results.map((r) => r.name.length));
lines.push(
  `${'figure'.padEnd(width)}  unit    ${'median'.padStart(10)} ${'min'.padStart(10)} ${'max'.padStart(10)} ${'p95'.padStart(10)}  runs`,
);
for (const r of results) {
  const extra = r.of !== undefined ? ` of ${r.of}` : r.timeouts ? ` (${r.timeouts} timed out)` : '';
  lines.push(
    `${r.name.padEnd(width)}  ${r.unit.padEnd(6)}  ${fmt(r.median, r.unit).padStart(10)} ${fmt(r.min, r.unit).padStart(10)} ${fmt(r.max, r.unit).padStart(10)} ${fmt(r.p95, r.unit).padStart(10)}  ${r.runs}${extra}`,
  );
}
lines.push('');
lines.push('targets (issue 7):');
for (const v of verdicts)
  lines.push(`  ${v.met ? 'met    ' : 'NOT MET'}  ${v.name} ${v.field} ${fmt(v.value, 'ms')} < ${v.limit}`);
lines.push('');
lines.push(
  `corpus: ${posts.length} posts, ${(corpusBytes / 1e6).toFixed(1)} MB UTF-8 (MB = 10^6 bytes of UTF-8 for every engine); ratios are our time / their time`,
);
const table = lines.join('\n');
writeFileSync(join(resultsDir, 'table.txt'), `${table}\n`);
console.log(table);
