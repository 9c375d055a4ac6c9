// The WebAssembly engine measured in Node through its public API (createEngine, loadPolicy,
// check), task by task as listed in a plan written by bench/run.mjs; prints {"tasks": [...]}.
// Usage: node bench/node/wasm.mjs PLAN.json ENGINE_DIR
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeCalls } from '../lib/stats.mjs';
import { readPolicy, slicesOf } from '../lib/plan.mjs';

const [planFile, engineDir] = process.argv.slice(2);
if (!planFile || !engineDir) {
  console.error('usage: node bench/node/wasm.mjs PLAN.json ENGINE_DIR');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planFile, 'utf8'));

// The engine's linear memory, seen by wrapping instantiation (the API does not expose it): each
// engine gets its own instance, and the last one instantiated is the one being measured.
let lastMemory = null;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...a) {
  const r = await instantiate.apply(this, a);
  const exports = (r.instance ?? r).exports;
  lastMemory = Object.values(exports).find((e) => e instanceof WebAssembly.Memory) ?? lastMemory;
  return r;
};

const { createEngine } = await import(pathToFileURL(join(resolve(engineDir), 'postguard.mjs')).href);
const wasmBinary = readFileSync(join(resolve(engineDir), 'postguard.wasm'));

/** A fresh engine (own memory) with `policy` in force ("default" or a file). */
async function engineWith(policy) {
  const engine = await createEngine({ wasmBinary });
  const memory = lastMemory;
  if (policy !== 'default') {
    const r = engine.loadPolicy(readPolicy(policy));
    if (!r.ok)
      throw new Error(`${policy} does not load: ${r.errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`);
  }
  return { engine, memory };
}

const out = { tasks: [] };
for (const task of plan.tasks) {
  const policy = task.policy ?? 'default';
  const result = { name: task.name };
  switch (task.kind) {
    case 'startup': {
      // A new engine from bytes already compiled (what a restarted service worker does).
      result.samples = [];
      for (let i = 0; i < (task.runs ?? 10); i++) {
        const t0 = performance.now();
        const e = await createEngine({ wasmBinary });
        result.samples.push(performance.now() - t0);
        e.dispose();
      }
      break;
    }
    case 'compile': {
      const { engine } = await engineWith('default');
      const json = policy === 'default' ? null : readPolicy(policy);
      let ok = true;
      result.samples = timeCalls(() => {
        const r = json === null ? engine.loadDefaultPolicy() : engine.loadPolicy(json);
        ok &&= r.ok;
      }, task);
      if (!ok) throw new Error(`${task.name}: the policy does not load`);
      engine.dispose();
      break;
    }
    case 'memory': {
      // Linear memory only grows: one fresh engine per policy, measured after loading it, and
      // again after checking the task's texts (the per-check scratch).
      const { engine, memory } = await engineWith(policy);
      result.samples = [memory.buffer.byteLength];
      if (task.texts) {
        for (const t of JSON.parse(readFileSync(task.texts, 'utf8'))) engine.check(t, plan.context);
        result.afterCheck = memory.buffer.byteLength;
      }
      engine.dispose();
      break;
    }
    case 'check':
    case 'throughput': {
      const { engine } = await engineWith(policy);
      const texts = JSON.parse(readFileSync(task.texts, 'utf8'));
      let findings = 0; // over all texts once: what the timed calls find
      let sink = 0;
      if (task.kind === 'check') {
        for (const t of texts) findings += engine.check(t, plan.context).length;
        result.samples = timeCalls((i) => {
          sink += engine.check(texts[i % texts.length], plan.context).length;
        }, task);
      } else {
        // One call = one slice of the corpus, each text checked once; the first slice is checked
        // once more beforehand, unmeasured, as a warm-up. Findings are those of the first pass.
        const slices = slicesOf(texts, task.slices);
        for (let k = slices[0].first; k < slices[0].last; k++) engine.check(texts[k], plan.context);
        result.samples = timeCalls(
          (i) => {
            const { first, last } = slices[i % slices.length];
            for (let k = first; k < last; k++) {
              const n = engine.check(texts[k], plan.context).length;
              sink += n;
              if (i < slices.length) findings += n;
            }
          },
          { ...task, warmup: 0 },
        );
        result.sliceBytes = slices.map((x) => x.bytes);
      }
      result.bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
      result.findings = findings;
      result.checked = sink;
      engine.dispose();
      break;
    }
    case 'labelled': {
      // Each labelled post under its own policy and context: caught when a finding has one of
      // the expected categories.
      const posts = JSON.parse(readFileSync(task.posts, 'utf8'));
      const engines = new Map();
      result.caught = [];
      for (const p of posts) {
        if (!engines.has(p.policy)) engines.set(p.policy, (await engineWith(p.policy)).engine);
        const findings = engines.get(p.policy).check(p.text, p.context);
        result.caught.push(findings.some((f) => p.expect.includes(f.category)));
      }
      for (const e of engines.values()) e.dispose();
      break;
    }
    default:
      throw new Error(`${task.name}: unknown kind ${task.kind}`);
  }
  out.tasks.push(result);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
