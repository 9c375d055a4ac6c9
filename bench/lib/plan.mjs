// Plans: the list of tasks bench/run.mjs hands to each measuring program (native, wasm, plain
// JavaScript, Hyperscan), and the policies they name ("default" or a JSON file).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** The policy's JSON text; "default" is the engine's built-in default policy. */
export function readPolicy(policy) {
  if (policy === 'default')
    return JSON.stringify({ policy: { id: 'default', version: '1' }, extends: ['builtin:default'] });
  return readFileSync(policy, 'utf8');
}

/** Writes `plan` to `file`, runs `command args... file`, returns its parsed {"tasks": [...]}. */
export function runPlan(file, plan, command, args = [], extraArgs = []) {
  writeFileSync(file, JSON.stringify(plan));
  const stdout = execFileSync(command, [...args, file, ...extraArgs], {
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(stdout.toString()).tasks;
}

/**
 * A corpus cut into `count` consecutive slices of about equal UTF-8 size, as [first, last) text
 * indices (as bench/native/plan.hpp cuts it): a throughput sample is one slice.
 */
export function slicesOf(texts, count = 10) {
  const sizes = texts.map((t) => Buffer.byteLength(t));
  const total = sizes.reduce((a, b) => a + b, 0);
  const out = [];
  let first = 0;
  let seen = 0;
  sizes.forEach((n, i) => {
    seen += n;
    if (seen * count >= total * (out.length + 1) || i + 1 === texts.length) {
      out.push({ first, last: i + 1, bytes: sizes.slice(first, i + 1).reduce((a, b) => a + b, 0) });
      first = i + 1;
    }
  });
  return out;
}
