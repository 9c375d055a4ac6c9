// Imports one of the extension's TypeScript modules into a Node test (bundled by esbuild, so
// the test runs the same source the extension ships).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = resolve(here, '../../build/h-ext-unit');

export async function importTs(relativePath) {
  mkdirSync(out, { recursive: true });
  const file = join(out, `${basename(relativePath, '.ts')}-${process.pid}.mjs`);
  await build({ entryPoints: [resolve(here, relativePath)], outfile: file, bundle: true, format: 'esm', platform: 'neutral', logLevel: 'error' });
  return import(pathToFileURL(file).href);
}
