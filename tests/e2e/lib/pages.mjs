// Bundles the e2e editor pages (each with its real editor library from npm) and the extension
// under test, into the scratch folder build/h-ext-e2e/.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const pagesDir = join(repo, 'tests/e2e/pages');
export const scratch = join(repo, 'build/h-ext-e2e');
export const shotsDir = join(repo, 'build/e2e-shots');

/** Builds the page bundles into `outDir` (a folder per test file, so files may run in parallel). */
export async function buildPages(outDir) {
  mkdirSync(outDir, { recursive: true });
  const src = join(pagesDir, 'src');
  const entries = readdirSync(src).filter((f) => /\.(js|jsx)$/.test(f) && f !== 'common.js');
  await build({
    entryPoints: entries.map((f) => join(src, f)),
    outdir: outDir,
    bundle: true,
    format: 'iife',
    jsx: 'automatic',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'error',
  });
  return outDir;
}

/**
 * The unpacked extension to test: $PG_EXTENSION_DIR if set, else a fresh build of the sources
 * with the engine from $PG_ENGINE_DIR or build/wasm.
 */
export function extensionUnderTest(name) {
  if (process.env.PG_EXTENSION_DIR) return resolve(process.env.PG_EXTENSION_DIR);
  const engine = resolve(process.env.PG_ENGINE_DIR ?? join(repo, 'build/wasm'));
  if (!existsSync(join(engine, 'postguard.mjs'))) {
    throw new Error(`the WebAssembly engine is not built (${engine}/postguard.mjs missing); build it first`);
  }
  const out = join(scratch, `dist-${name}`);
  execFileSync('node', [join(repo, 'extension/build.mjs'), '--engine', engine, '--out', out, '--no-zip'], {
    stdio: 'inherit',
  });
  return join(out, 'extension');
}
