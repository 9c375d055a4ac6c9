// A static file server for dist/studio/ on 127.0.0.1 (used by `npm start` and the Studio's browser
// tests). Read-only, loopback only, no directory listings; serves .wasm and .mjs with the types
// browsers require. Usage: node scripts/serve.mjs [--root DIR] [--port N]  (default $PORT or 8080;
// taken: the next free one; 0: any)

import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
};

async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null; // outside the served folder
  try {
    const s = await stat(file);
    if (s.isDirectory()) {
      // Directory URLs without a trailing slash would resolve relative links wrongly: redirect.
      if (!decoded.endsWith('/')) return { redirect: `${decoded}/` };
      const index = path.join(file, 'index.html');
      return (await stat(index)).isFile() ? { file: index } : null;
    }
    return s.isFile() ? { file } : null;
  } catch {
    return null;
  }
}

/** Starts serving `root`; resolves to {url, port, close()} once listening. */
export function startServer({ root, port = 0, host = '127.0.0.1' }) {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const found = await resolveFile(base, new URL(req.url, 'http://x').pathname);
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (found.redirect) {
      res.writeHead(301, { Location: found.redirect }).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else
      createReadStream(found.file)
        .on('error', () => res.destroy())
        .pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({ url: `http://${host}:${actual}/`, port: actual, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Listens on `port`, or on the next free one of the following `tries - 1` ports. */
async function startOnFreePort(root, port, tries) {
  for (let i = 0; ; i++) {
    try {
      return await startServer({ root, port: port ? port + i : 0 });
    } catch (e) {
      if (e.code !== 'EADDRINUSE' || i + 1 >= tries) throw e;
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { values } = parseArgs({
    options: {
      root: { type: 'string', default: path.join(repo, 'dist/studio') },
      port: { type: 'string', default: process.env.PORT || '8080' },
    },
  });
  startOnFreePort(values.root, Number(values.port), 20).then(
    ({ url }) => {
      console.log('Postguard is being served on this machine only (Ctrl+C to stop):');
      console.log(`  Policy Studio   ${url}`);
      console.log(`  Demo page       ${url}demo/`);
    },
    (e) => {
      console.error(`serve: cannot listen on 127.0.0.1 from port ${values.port}: ${e.message}`);
      process.exit(1);
    },
  );
}
