// Measures detection quality: runs the labelled corpus (tests/corpus/*.jsonl) through the native CLI,
// prints precision and recall per category, per language and for disguised posts, writes
// build/quality/report.json, and exits 1 when a figure falls below the thresholds stated below.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CATEGORIES = ['spokesperson', 'conflict', 'confidential', 'personal_safety', 'pii', 'legal', 'disclosure'];

// Floors set from the figures measured on this corpus (2026-11-25, 1,871 posts: every category >= 98.8%
// precision and >= 97.2% recall, disguised 100%/100%, harmless posts clean 99.7%; after round 3, 2,505 posts:
// every category >= 98.1% precision and >= 97.7% recall, harmless posts clean 99.8%), a little below them so
// that a real regression fails while one relabelled post does not (spokesperson recall has the least room:
// its floor was kept at 0.97 when harder holdouts joined the corpus). Raise them when the packs improve;
// never lower them to let a change pass. The corpus was written alongside the packs, so these figures are
// optimistic: the first runs on unseen holdout posts are recorded in tests/corpus/README.md.
const THRESHOLDS = {
  spokesperson: { precision: 0.97, recall: 0.97 },
  conflict: { precision: 0.97, recall: 0.97 },
  confidential: { precision: 0.97, recall: 0.97 },
  personal_safety: { precision: 0.97, recall: 0.97 },
  pii: { precision: 0.97, recall: 0.97 },
  legal: { precision: 0.97, recall: 0.97 },
  disclosure: { precision: 0.97, recall: 0.97 },
  disguised: { precision: 0.97, recall: 0.97 },
  // Share of harmless posts (empty `expect`) that get no finding at all.
  harmless_clean: 0.98,
};

function usage(message) {
  if (message) console.error(`quality: ${message}`);
  console.error(
    'usage: node scripts/quality.mjs [--cli PATH] [--corpus DIR] [--out FILE] [--failures] [--no-policy-tests] [--report-only]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    cli: process.env.POSTGUARD_CLI || '',
    corpus: join(root, 'tests/corpus'),
    out: join(root, 'build/quality/report.json'),
    failures: false,
    policyTests: true,
    reportOnly: false, // measure and print, but never fail (for sets such as tests/blind/)
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--cli') options.cli = resolve(value());
    else if (arg === '--corpus') options.corpus = resolve(value());
    else if (arg === '--out') options.out = resolve(value());
    else if (arg === '--failures') options.failures = true;
    else if (arg === '--no-policy-tests') options.policyTests = false;
    else if (arg === '--report-only') options.reportOnly = true;
    else usage(`unknown argument ${arg}`);
  }
  if (!options.cli) {
    const candidates = ['build/native/postguard', 'build/native/cli/postguard'].map((p) => join(root, p));
    options.cli = candidates.find((p) => existsSync(p)) ?? '';
    if (!options.cli) usage('no CLI found; run `npm run build` or pass --cli PATH');
  }
  return options;
}

// Reads and checks every corpus line; a malformed corpus is an error, not a quiet skip.
function loadCorpus(dir) {
  const posts = [];
  const ids = new Set();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  if (files.length === 0) throw new Error(`no *.jsonl files in ${dir}`);
  for (const file of files) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${file}:${index + 1}`;
      let post;
      try {
        post = JSON.parse(line);
      } catch (error) {
        throw new Error(`${where}: ${error.message}`);
      }
      for (const key of ['id', 'lang', 'policy', 'context', 'text', 'expect', 'disguised']) {
        if (!(key in post)) throw new Error(`${where}: missing "${key}"`);
      }
      if (ids.has(post.id)) throw new Error(`${where}: duplicate id ${post.id}`);
      ids.add(post.id);
      if (!['es', 'en'].includes(post.lang)) throw new Error(`${where}: lang must be es or en`);
      if (post.policy !== 'default' && !/^examples\/[a-z0-9-]+\.json$/.test(post.policy)) {
        throw new Error(`${where}: policy must be "default" or "examples/<file>.json"`);
      }
      for (const category of post.expect) {
        if (!CATEGORIES.includes(category)) throw new Error(`${where}: unknown category ${category}`);
      }
      posts.push({ ...post, file });
    });
  }
  return posts;
}

// Runs one policy's posts through `postguard check --jsonl` in one process.
function checkBatch(cli, policy, posts) {
  const args = ['check', '--jsonl'];
  if (policy !== 'default') args.push('--policy', join(root, 'policies', policy));
  const input = posts.map((p) => JSON.stringify({ text: p.text, context: p.context })).join('\n') + '\n';
  const run = spawnSync(cli, args, {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`${cli}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${cli} ${args.join(' ')} exited ${run.status}: ${run.stderr.trim()}`);
  const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== posts.length) {
    throw new Error(`${policy}: ${posts.length} posts in, ${lines.length} results out`);
  }
  return lines.map((line, i) => {
    const result = JSON.parse(line);
    if (result.error) throw new Error(`${posts[i].id}: ${result.error}`);
    return result;
  });
}

// Runs `postguard test` on every built-in pack and example policy (their own tests).
function runPolicyTests(cli) {
  const outcomes = [];
  for (const dir of ['policies/builtin', 'policies/examples']) {
    for (const file of readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const run = spawnSync(cli, ['test', join(root, dir, file)], {
        encoding: 'utf8',
      });
      const summary = (run.stdout + run.stderr).trim().split('\n');
      outcomes.push({
        policy: `${dir}/${file}`,
        passed: run.status === 0,
        summary: summary[summary.length - 1] ?? '',
        failures: run.status === 0 ? [] : summary.filter((l) => !/^ok\b/.test(l)),
      });
    }
  }
  return outcomes;
}

function ratio(numerator, denominator) {
  return denominator === 0 ? null : numerator / denominator;
}

function score(counts) {
  const { tp, fp, fn } = counts;
  return {
    ...counts,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
  };
}

function tally(posts, categories) {
  const counts = Object.fromEntries(categories.map((c) => [c, { tp: 0, fp: 0, fn: 0, support: 0 }]));
  for (const post of posts) {
    for (const category of categories) {
      const expected = post.expect.includes(category);
      const found = post.found.includes(category);
      if (expected) counts[category].support++;
      if (expected && found) counts[category].tp++;
      else if (found) counts[category].fp++;
      else if (expected) counts[category].fn++;
    }
  }
  return Object.fromEntries(Object.entries(counts).map(([c, n]) => [c, score(n)]));
}

function micro(perCategory) {
  const sum = { tp: 0, fp: 0, fn: 0, support: 0 };
  for (const n of Object.values(perCategory)) for (const k of Object.keys(sum)) sum[k] += n[k];
  return score(sum);
}

const pct = (x) => (x === null ? '   n/a' : `${(100 * x).toFixed(1).padStart(5)}%`);

function main() {
  const options = parseArgs(process.argv.slice(2));
  const posts = loadCorpus(options.corpus);

  const byPolicy = new Map();
  for (const post of posts) {
    if (!byPolicy.has(post.policy)) byPolicy.set(post.policy, []);
    byPolicy.get(post.policy).push(post);
  }
  for (const [policy, batch] of byPolicy) {
    checkBatch(options.cli, policy, batch).forEach((result, i) => {
      batch[i].findings = result.findings;
      batch[i].found = [...new Set(result.findings.map((f) => f.category).filter((c) => c !== 'other'))].sort();
    });
  }

  const perCategory = tally(posts, CATEGORIES);
  const disguisedPosts = posts.filter((p) => p.disguised);
  const disguised = micro(tally(disguisedPosts, CATEGORIES));
  const perLanguage = Object.fromEntries(
    ['es', 'en'].map((lang) => [
      lang,
      micro(
        tally(
          posts.filter((p) => p.lang === lang),
          CATEGORIES,
        ),
      ),
    ]),
  );
  const harmless = posts.filter((p) => p.expect.length === 0);
  const harmlessClean = ratio(harmless.filter((p) => p.found.length === 0).length, harmless.length);

  const below = [];
  for (const [name, floor] of Object.entries(THRESHOLDS)) {
    if (name === 'harmless_clean') {
      if (harmlessClean < floor) below.push(`harmless posts without findings ${pct(harmlessClean)} < ${pct(floor)}`);
      continue;
    }
    const measured = name === 'disguised' ? disguised : perCategory[name];
    for (const metric of ['precision', 'recall']) {
      const value = measured[metric] ?? 0;
      if (value < floor[metric]) below.push(`${name} ${metric} ${pct(value)} < ${pct(floor[metric])}`);
    }
  }

  const failures = posts
    .filter((p) => p.found.join() !== [...p.expect].sort().join())
    .map((p) => ({
      id: p.id,
      file: p.file,
      policy: p.policy,
      lang: p.lang,
      disguised: p.disguised,
      text: p.text,
      expect: p.expect,
      found: p.found,
      missed: p.expect.filter((c) => !p.found.includes(c)),
      extra: p.found.filter((c) => !p.expect.includes(c)),
      rules: p.findings.map((f) => `${f.rule}: ${f.text}`),
      note: p.note ?? '',
    }));

  const policyTests = options.policyTests ? runPolicyTests(options.cli) : [];
  const failedPolicyTests = policyTests.filter((o) => !o.passed);

  console.log(
    `Postguard detection quality — ${posts.length} posts (${harmless.length} harmless, ` +
      `${disguisedPosts.length} disguised), CLI ${options.cli}\n`,
  );
  console.log('category          support    TP   FP   FN  precision  recall');
  const row = (name, n) =>
    console.log(
      `${name.padEnd(17)} ${String(n.support).padStart(7)} ${String(n.tp).padStart(5)} ` +
        `${String(n.fp).padStart(4)} ${String(n.fn).padStart(4)}     ${pct(n.precision)}  ${pct(n.recall)}`,
    );
  for (const c of CATEGORIES) row(c, perCategory[c]);
  row('all (micro)', micro(perCategory));
  row('disguised', disguised);
  row('es', perLanguage.es);
  row('en', perLanguage.en);
  console.log(`\nharmless posts with no finding: ${pct(harmlessClean)} (${harmless.length} posts)`);
  console.log(`posts whose categories differ from the label: ${failures.length}`);
  if (options.policyTests) {
    console.log(
      `policy self-tests: ${policyTests.length - failedPolicyTests.length} of ${policyTests.length} policies pass`,
    );
  }
  if (options.failures || below.length) {
    for (const f of failures) {
      console.log(`\n  ${f.id} [${f.policy}] missed=${JSON.stringify(f.missed)} extra=${JSON.stringify(f.extra)}`);
      console.log(`    ${JSON.stringify(f.text)}`);
      for (const r of f.rules) console.log(`    - ${r}`);
    }
  }
  for (const o of failedPolicyTests) console.log(`\npolicy tests failed: ${o.policy}\n  ${o.failures.join('\n  ')}`);

  const report = {
    generated: new Date().toISOString(),
    cli: options.cli,
    corpus: {
      posts: posts.length,
      harmless: harmless.length,
      disguised: disguisedPosts.length,
    },
    thresholds: THRESHOLDS,
    measured: {
      per_category: perCategory,
      all: micro(perCategory),
      disguised,
      per_language: perLanguage,
      harmless_clean: harmlessClean,
    },
    below_threshold: below,
    policy_tests: policyTests,
    failures,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nreport: ${options.out}`);

  if (options.reportOnly) return;
  if (below.length || failedPolicyTests.length) {
    console.error(
      `\nquality: FAILED\n  ${[...below, ...failedPolicyTests.map((o) => `${o.policy}: ${o.summary}`)].join('\n  ')}`,
    );
    process.exit(1);
  }
}

try {
  main();
} catch (error) {
  console.error(`quality: ${error.message}`);
  process.exit(2);
}
