// Shared by the wasm tests: where the builds are, the exact JSON bytes the core answers inside the
// module (through the C functions, not through postguard.mjs), and the native CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = path.resolve(repo, process.env.POSTGUARD_WASM_DIR ?? 'build/wasm');
export const cli = path.resolve(
  repo,
  process.env.POSTGUARD_CLI ??
    ['build/native/postguard', 'build/native/cli/postguard'].find((p) => existsSync(path.join(repo, p))) ??
    'build/native/postguard',
);

export async function importEngine() {
  return import(pathToFileURL(path.join(wasmDir, 'postguard.mjs')).href);
}

// The core's answers as the bytes it wrote, from the Emscripten glue kept in the build tree.
export async function createRawCore() {
  const { default: createPostguardCore } = await import(
    pathToFileURL(path.join(wasmDir, 'wasm/postguard-core.mjs')).href
  );
  const core = await createPostguardCore({ wasmBinary: readFileSync(path.join(wasmDir, 'postguard.wasm')) });
  const handle = core._pg_engine_new();
  if (!handle) throw new Error('pg_engine_new failed');
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const answer = (ptr) => decoder.decode(core.HEAPU8.slice(ptr, ptr + core._pg_result_size(handle)));
  const withBytes = (bytes, body) => {
    const ptr = core._malloc(bytes.length || 1);
    core.HEAPU8.set(bytes, ptr);
    try {
      return body(ptr);
    } finally {
      core._free(ptr);
    }
  };
  return {
    loadPolicy(json) {
      const bytes = encoder.encode(json);
      return withBytes(bytes, (ptr) => answer(core._pg_load_policy(handle, ptr, bytes.length, 1)));
    },
    loadDefaultPolicy: () => answer(core._pg_load_default_policy(handle)),
    runPolicyTests: () => answer(core._pg_run_policy_tests(handle)),
    /** `context` is a JSON string (or ''). */
    check(text, context = '') {
      const units = new Uint8Array(Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)).buffer);
      const contextBytes = encoder.encode(context);
      return withBytes(units, (textPtr) =>
        withBytes(contextBytes, (contextPtr) =>
          answer(core._pg_check(handle, textPtr, text.length, contextPtr, contextBytes.length)),
        ),
      );
    },
  };
}

/** Runs the native CLI; returns {status, stdout, stderr}. */
export function runCli(args, input) {
  const r = spawnSync(cli, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}
