// The peer a typical extension would be: plain JavaScript that normalizes the draft with
// String.prototype.normalize('NFKC') and toLowerCase(), then runs one big RegExp alternation of
// all the policy's terms. Measured on the same texts and terms as our engine (plan from run.mjs).
// Usage: node bench/node/jsbaseline.mjs PLAN.json
import { readFileSync } from 'node:fs';
import { timeCalls } from '../lib/stats.mjs';
import { readPolicy, slicesOf } from '../lib/plan.mjs';
import { normalizedTerms, standaloneTermsByCategory } from '../lib/policy-parts.mjs';
import { repo } from '../lib/paths.mjs';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One RegExp for all terms: longest first, whole words (no letter or digit on either side). */
export function plainMatcher(terms) {
  const alternation = normalizedTerms(terms)
    .map(escape)
    .sort((a, b) => b.length - a.length)
    .join('|');
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternation})(?![\\p{L}\\p{N}_])`, 'gu');
  re.exec(''); // V8 compiles a RegExp on first use: make that part of building it
  return re;
}

/** The matches as [start, end) in the normalized text (which is all this approach has). */
export function plainCheck(re, text) {
  const folded = text.normalize('NFKC').toLowerCase();
  const hits = [];
  re.lastIndex = 0;
  for (let m = re.exec(folded); m; m = re.exec(folded)) hits.push([m.index, m.index + m[0].length]);
  return hits;
}

async function main() {
  const [planFile] = process.argv.slice(2);
  if (!planFile) {
    console.error('usage: node bench/node/jsbaseline.mjs PLAN.json');
    process.exit(2);
  }
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  const out = { tasks: [] };
  for (const task of plan.tasks) {
    const result = { name: task.name };
    const terms = task.terms ? JSON.parse(readFileSync(task.terms, 'utf8')) : null;
    switch (task.kind) {
      case 'compile':
        result.samples = timeCalls(() => plainMatcher(terms), task);
        break;
      case 'check':
      case 'throughput': {
        const re = plainMatcher(terms);
        const texts = JSON.parse(readFileSync(task.texts, 'utf8'));
        let matches = 0; // over all texts once: what the timed calls find
        let sink = 0;
        if (task.kind === 'check') {
          for (const t of texts) matches += plainCheck(re, t).length;
          result.samples = timeCalls((i) => {
            sink += plainCheck(re, texts[i % texts.length]).length;
          }, task);
        } else {
          // One slice per call, after one unmeasured run of the first (as for our engine).
          const slices = slicesOf(texts, task.slices);
          for (let k = slices[0].first; k < slices[0].last; k++) plainCheck(re, texts[k]);
          result.samples = timeCalls(
            (i) => {
              const { first, last } = slices[i % slices.length];
              for (let k = first; k < last; k++) {
                const n = plainCheck(re, texts[k]).length;
                sink += n;
                if (i < slices.length) matches += n;
              }
            },
            { ...task, warmup: 0 },
          );
          result.sliceBytes = slices.map((x) => x.bytes);
        }
        result.bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
        result.matches = matches;
        result.checked = sink;
        break;
      }
      case 'labelled': {
        // Caught when a term that flags a post by itself, in a rule of an expected category,
        // is found (near/all/without need rule logic this approach does not have).
        const posts = JSON.parse(readFileSync(task.posts, 'utf8'));
        const matchers = new Map();
        result.caught = posts.map((p) => {
          if (!matchers.has(p.policy)) {
            const byCategory = standaloneTermsByCategory(readPolicy(p.policy), repo);
            matchers.set(p.policy, new Map(Object.entries(byCategory).map(([c, t]) => [c, plainMatcher(t)])));
          }
          const byCategory = matchers.get(p.policy);
          return p.expect.some((c) => byCategory.has(c) && plainCheck(byCategory.get(c), p.text).length > 0);
        });
        break;
      }
      default:
        throw new Error(`${task.name}: unknown kind ${task.kind}`);
    }
    out.tasks.push(result);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
