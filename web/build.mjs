// Builds the Policy Studio and the demo page into dist/studio/: static files that work from any
// static host and offline. Bundles with esbuild and copies the engine (build/wasm/) beside them.
// Usage: node web/build.mjs [--out DIR] [--engine DIR]

import * as esbuild from 'esbuild';
import { readFile, readdir, mkdir, copyFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { out: { type: 'string', default: 'dist/studio' }, engine: { type: 'string', default: 'build/wasm' } },
});
const out = path.resolve(root, args.out);
const engineDir = path.resolve(root, args.engine);
// The engine's files; the Emscripten glue finds its .wasm beside itself.
const ENGINE_FILES = ['postguard.mjs', 'postguard.wasm'];

// The templates the Studio offers: the built-in default, then each example company policy,
// embedded as their exact text (formatting kept) so the Studio needs no fetch to show them.
const templatesPlugin = {
  name: 'postguard-templates',
  setup(build) {
    build.onResolve({ filter: /^postguard:templates$/ }, (a) => ({ path: a.path, namespace: 'postguard-templates' }));
    build.onLoad({ filter: /.*/, namespace: 'postguard-templates' }, async () => {
      const files = [path.join(root, 'policies/builtin/default.json')];
      const examples = path.join(root, 'policies/examples');
      for (const name of (await readdir(examples)).filter((n) => n.endsWith('.json')).sort())
        files.push(path.join(examples, name));
      const templates = [];
      for (const file of files) {
        const text = await readFile(file, 'utf8');
        let name = path.basename(file, '.json');
        try {
          const head = JSON.parse(text).policy ?? {};
          name = typeof head.name === 'string' ? head.name : (head.name?.en ?? head.id ?? name);
        } catch (e) {
          throw new Error(`${path.relative(root, file)} is not valid JSON: ${e.message}`);
        }
        const rel = path.relative(root, file);
        templates.push({
          id: rel.startsWith('policies/builtin/') ? 'default' : path.basename(file, '.json'),
          file: rel,
          name,
          text,
        });
      }
      return { contents: `export default ${JSON.stringify(templates)};`, loader: 'js', watchFiles: files };
    });
  },
};

// codemirror-json-schema renders schema descriptions with markdown-it plus the shiki syntax
// highlighter, which loads its own WebAssembly at start-up; descriptions need no highlighting,
// so its markdown module is swapped for one that uses markdown-it alone.
const schemaMarkdownPlugin = {
  name: 'postguard-schema-markdown',
  setup(build) {
    build.onResolve({ filter: /utils\/markdown(\.js)?$/ }, (a) =>
      a.importer.includes(`${path.sep}codemirror-json-schema${path.sep}`)
        ? { path: path.join(root, 'web/src/studio/schema-markdown.js') }
        : undefined,
    );
  },
};

async function exists(file) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  await rm(out, { recursive: true, force: true });
  await mkdir(path.join(out, 'demo'), { recursive: true });
  await mkdir(path.join(out, 'engine'), { recursive: true });

  const missing = [];
  for (const name of ENGINE_FILES) {
    const from = path.join(engineDir, name);
    if (await exists(from)) await copyFile(from, path.join(out, 'engine', name));
    else missing.push(path.relative(root, from));
  }
  if (missing.length) {
    console.error(
      `build-studio: the engine is not built (missing ${missing.join(', ')}); build it first (scripts/build.sh).`,
    );
    process.exit(1);
  }

  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { studio: 'web/src/studio/main.js', 'demo/demo': 'web/src/demo/main.js' },
    outdir: out,
    bundle: true,
    format: 'esm',
    splitting: false,
    minify: true,
    sourcemap: 'linked',
    target: ['chrome120', 'firefox128', 'safari17'],
    loader: { '.json': 'json' },
    // The engine is loaded at run time from engine/ (see web/src/engine.js), never bundled.
    external: ['./engine/*', '../engine/*'],
    plugins: [templatesPlugin, schemaMarkdownPlugin],
    logLevel: 'warning',
    metafile: true,
    legalComments: 'linked',
  });
  for (const [from, to] of [
    ['web/studio/index.html', 'index.html'],
    ['web/studio/studio.css', 'studio.css'],
    ['web/demo/index.html', 'demo/index.html'],
    ['web/demo/demo.css', 'demo/demo.css'],
  ])
    await copyFile(path.join(root, from), path.join(out, to));

  await writeServiceWorker();

  const sizes = Object.entries(result.metafile.outputs)
    .filter(([f]) => f.endsWith('.js'))
    .map(([f, o]) => `${path.relative(root, f)} ${(o.bytes / 1024).toFixed(0)} KiB`);
  console.log(`build-studio: ${path.relative(root, out)}/ (${sizes.join(', ')})`);
}

// The service worker (web/src/sw.js) with the list of files to keep for offline use, and a
// version that changes whenever any of them does, so a rebuilt Studio replaces the old copy.
async function writeServiceWorker() {
  const files = [];
  async function walk(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (!/\.(map|txt)$/.test(entry.name)) files.push(full);
    }
  }
  await walk(out);
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(await readFile(file));
  // Pages are asked for by their folder ('./', './demo/') as well as by name.
  const urls = files.map((f) => `./${path.relative(out, f).split(path.sep).join('/')}`);
  for (const page of urls.filter((u) => u.endsWith('/index.html'))) urls.push(page.slice(0, -'index.html'.length));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['web/src/sw.js'],
    outfile: path.join(out, 'sw.js'),
    bundle: true,
    minify: true,
    target: ['chrome120', 'firefox128', 'safari17'],
    define: {
      __POSTGUARD_FILES__: JSON.stringify(urls.sort()),
      __POSTGUARD_VERSION__: JSON.stringify(hash.digest('hex').slice(0, 16)),
    },
    logLevel: 'warning',
  });
}

main().catch((e) => {
  console.error(`build-studio: ${e.message}`);
  process.exit(1);
});
