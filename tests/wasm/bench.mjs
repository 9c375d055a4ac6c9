// Measures the wasm engine in Node: compile, instantiate, default-policy start-up, policy load and
// the time to check a 280-character post. Usage: node tests/wasm/bench.mjs [build/wasm]
// Each figure is the best of several rounds, so that other work on the machine counts less.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { repo } from './support.mjs';

const dir = path.resolve(repo, process.argv[2] ?? 'build/wasm');
const { createEngine } = await import(pathToFileURL(path.join(dir, 'postguard.mjs')).href);
const { default: createPostguardCore } = await import(pathToFileURL(path.join(dir, 'wasm/postguard-core.mjs')).href);
const bytes = readFileSync(path.join(dir, 'postguard.wasm'));

async function best(rounds, body) {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await body();
    min = Math.min(min, performance.now() - started);
  }
  return min;
}

const compileMs = await best(5, () => WebAssembly.compile(bytes));
const module = await WebAssembly.compile(bytes);
let core;
const instantiateMs = await best(10, async () => {
  core = await createPostguardCore({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module));
      return {};
    },
  });
});
const engineNewMs = await best(10, () => core._pg_engine_free(core._pg_engine_new()));
const createEngineMs = await best(10, async () => (await createEngine({ wasmBinary: bytes })).dispose());

const post = (
  'Hola equipo 👋 mañana a las 4 de la madrugada estaré sola en el almacén de la Calle Mayor 12. ' +
  'Mi DNI es 12345678Z y la tarjeta 4539 1488 0343 6467, escribidme a ana@example.com. ' +
  'We will refund you! L u m e n  T a b 🚀 '
)
  .repeat(2)
  .slice(0, 280);
const context = { now: '2026-11-20', locale: 'es' };
const rows = [];
const policies = [
  ['built-in default', null],
  ['examples/strict-social-team', 'policies/examples/strict-social-team.json'],
];
for (const [name, file] of policies) {
  const engine = await createEngine({ wasmBinary: bytes });
  let loadMs = 0;
  if (file) {
    const json = readFileSync(path.join(repo, file), 'utf8');
    loadMs = await best(5, () => engine.loadPolicy(json));
  }
  const started = performance.now();
  const findings = engine.check(post, context).length;
  const firstMs = performance.now() - started;
  const perCheckMs =
    (await best(5, () => {
      for (let i = 0; i < 200; i++) engine.check(post, context);
    })) / 200;
  rows.push({ policy: name, loadMs, findings, firstCheckMs: firstMs, checkUs: perCheckMs * 1000 });
  engine.dispose();
}

const ms = (x) => x.toFixed(1);
console.log(`engine: ${path.relative(repo, dir)} (${bytes.length} bytes of wasm)`);
console.log(
  `compile ${ms(compileMs)} ms, instantiate ${ms(instantiateMs)} ms, default policy ${ms(engineNewMs)} ms; createEngine (all, module cached) ${ms(createEngineMs)} ms`,
);
for (const r of rows) {
  console.log(
    `${r.policy}: load ${ms(r.loadMs)} ms, 280-char post: ${r.findings} findings, first check ${ms(r.firstCheckMs)} ms, then ${r.checkUs.toFixed(0)} µs per check`,
  );
}
