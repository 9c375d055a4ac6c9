// Builds the extension: bundles the TypeScript with esbuild, copies the engine (build/wasm), pages,
// locales and icons, and writes one manifest per browser: dist/extension (Chrome, Edge),
// dist/extension-firefox, and a zip of each. Run through scripts/build-extension.sh.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

/** Hosts of local pages: an admin can try a policy on a local page, and the e2e tests use them. */
const LOCAL_MATCHES = ['http://localhost/*', 'http://127.0.0.1/*'];
/** Local files too (Chrome asks the user to allow file access for the extension first). */
const LOCAL_FILES = 'file:///*';
const GECKO_ID = 'postguard@postguard.example';

function parseArgs(argv) {
  const args = {
    engine: join(repo, 'build/wasm'),
    out: join(repo, 'dist'),
    store: false,
    extraSites: [],
    policyHosts: [],
    zip: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--engine') args.engine = resolve(value());
    else if (a === '--out') args.out = resolve(value());
    else if (a === '--store') args.store = true;
    else if (a === '--extra-site') args.extraSites.push(value());
    else if (a === '--policy-host') args.policyHosts.push(value());
    else if (a === '--no-zip') args.zip = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/** "mastodon.example" or "https://mastodon.example/" → "https://mastodon.example/*". */
function matchPattern(site) {
  const url = new URL(site.includes('://') ? site : `https://${site}`);
  return `${url.protocol}//${url.hostname}/*`;
}

async function bundle(outDir, target) {
  const engineExternal = {
    name: 'postguard-engine',
    setup(b) {
      // The engine is copied next to background.js, not bundled: it stays the exact file built
      // and tested in wasm/, and it locates nothing by itself (the worker passes wasmUrl).
      b.onResolve({ filter: /^postguard-engine$/ }, () => ({ path: './engine/postguard.mjs', external: true }));
    },
  };
  const common = {
    bundle: true,
    outdir: outDir,
    logLevel: 'warning',
    target,
    legalComments: 'inline',
    charset: 'utf8',
    minify: false, // reviewers (stores, admins) read what they install
    plugins: [engineExternal],
  };
  await build({
    ...common,
    entryPoints: { background: join(here, 'src/background/service-worker.ts') },
    format: 'esm',
  });
  // Content scripts cannot be modules.
  await build({ ...common, entryPoints: { content: join(here, 'src/content/main.ts') }, format: 'iife' });
  await build({
    ...common,
    entryPoints: { popup: join(here, 'src/pages/popup.ts'), options: join(here, 'src/pages/options.ts') },
    format: 'esm',
  });
}

function copyStatic(outDir, engineDir) {
  for (const f of ['popup.html', 'options.html', 'pages.css']) cpSync(join(here, 'src/pages', f), join(outDir, f));
  cpSync(join(here, 'managed_schema.json'), join(outDir, 'managed_schema.json'));
  cpSync(join(here, '_locales'), join(outDir, '_locales'), { recursive: true });
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  for (const f of readdirSync(join(here, 'icons')).filter((f) => f.endsWith('.png'))) {
    cpSync(join(here, 'icons', f), join(outDir, 'icons', f));
  }
  mkdirSync(join(outDir, 'engine'), { recursive: true });
  for (const f of ['postguard.mjs', 'postguard.wasm']) cpSync(join(engineDir, f), join(outDir, 'engine', f));
}

function chromeManifest(base, version, args) {
  const m = structuredClone(base);
  m.version = version;
  const cs = m.content_scripts[0];
  cs.matches.push(...args.extraSites.map(matchPattern));
  m.host_permissions.push(...args.policyHosts.map(matchPattern));
  if (args.store) {
    delete m.key; // the store assigns the id
  } else {
    cs.matches.push(...LOCAL_MATCHES, LOCAL_FILES);
    m.host_permissions.push(...LOCAL_MATCHES);
  }
  return m;
}

function firefoxManifest(chrome) {
  const m = structuredClone(chrome);
  delete m.key;
  delete m.minimum_chrome_version;
  // Firefox runs MV3 background scripts as an event page rather than a service worker.
  m.background = { scripts: ['background.js'], type: 'module' };
  // Firefox reads managed settings from policies.json, not from a schema in the package.
  delete m.storage;
  for (const cs of m.content_scripts) {
    delete cs.match_origin_as_fallback;
    cs.match_about_blank = true;
  }
  m.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: '142.0',
      data_collection_permissions: { required: ['none'] },
    },
  };
  return m;
}

function zipDir(dir, zipPath) {
  rmSync(zipPath, { force: true });
  // -X: no extra file attributes, so the zip depends only on the files.
  execFileSync('zip', ['-q', '-r', '-X', zipPath, '.'], { cwd: dir, stdio: 'inherit' });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  for (const f of ['postguard.mjs', 'postguard.wasm']) {
    if (!existsSync(join(args.engine, f))) {
      throw new Error(`${join(args.engine, f)} is missing: build the WebAssembly engine first (or pass --engine DIR)`);
    }
  }
  const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
  const base = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
  const chromeDir = join(args.out, 'extension');
  const firefoxDir = join(args.out, 'extension-firefox');
  for (const dir of [chromeDir, firefoxDir]) rmSync(dir, { recursive: true, force: true });

  await bundle(chromeDir, ['chrome120']);
  copyStatic(chromeDir, args.engine);
  const chromeM = chromeManifest(base, version, args);
  writeFileSync(join(chromeDir, 'manifest.json'), `${JSON.stringify(chromeM, null, 2)}\n`);

  await bundle(firefoxDir, ['firefox142']);
  copyStatic(firefoxDir, args.engine);
  writeFileSync(join(firefoxDir, 'manifest.json'), `${JSON.stringify(firefoxManifest(chromeM), null, 2)}\n`);

  if (args.zip) {
    zipDir(chromeDir, join(args.out, 'postguard-extension.zip'));
    zipDir(firefoxDir, join(args.out, 'postguard-extension-firefox.zip'));
  }
  process.stdout.write(`extension: ${chromeDir}, ${firefoxDir}${args.zip ? ' (+ zips)' : ''}\n`);
}

main().catch((e) => {
  process.stderr.write(`build-extension: ${e.message}\n`);
  process.exitCode = 1;
});
