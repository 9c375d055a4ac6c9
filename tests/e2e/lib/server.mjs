// The e2e tests' web server AND the browser's proxy: Chromium is started with --proxy-server
// pointing here (loopback not bypassed), so every HTTP(S) request the browser makes — pages,
// the extension's policy fetches, anything else — arrives here and is recorded.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
};

/**
 * @param {{pagesDir: string, bundlesDir: string}} dirs
 * @returns {Promise<TestServer>}
 */
export async function startServer({ pagesDir, bundlesDir }) {
  const s = new TestServer(pagesDir, bundlesDir);
  await s.listen();
  return s;
}

export class TestServer {
  constructor(pagesDir, bundlesDir) {
    this.pagesDir = pagesDir;
    this.bundlesDir = bundlesDir;
    /** Every request: {method, url, host, path, headers, status, proxied, at}. */
    this.requests = [];
    /** path → {body, etag, status, cors} for dynamic documents (policies). */
    this.documents = new Map();
    /** Paths that drop the connection (an unreachable server). */
    this.unreachable = new Set();
    this.server = createServer((req, res) =>
      this.handle(req, res).catch((e) => {
        res.writeHead(500);
        res.end(String(e));
      }),
    );
    // HTTPS through the proxy: recorded and refused (the tests use no HTTPS).
    this.server.on('connect', (req, socket) => {
      socket.on('error', () => {}); // the browser may reset a refused tunnel
      this.requests.push({
        method: 'CONNECT',
        url: req.url,
        host: req.url,
        path: '',
        headers: req.headers,
        status: 403,
        proxied: true,
        at: Date.now(),
      });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
  }

  listen() {
    this.server.on('clientError', (_e, socket) => socket.destroy());
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get port() {
    return this.server.address().port;
  }

  /** The origin pages are served from. */
  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Serves `body` at `path` with a strong ETag derived from the body. */
  setDocument(path, body, { status = 200, cors = false } = {}) {
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    this.documents.set(path, { body, etag, status, cors });
    this.unreachable.delete(path);
  }

  requestsTo(path) {
    return this.requests.filter((r) => r.path === path);
  }

  async close() {
    this.server.closeAllConnections?.();
    await new Promise((resolve) => this.server.close(resolve));
  }

  async handle(req, res) {
    // A proxied request carries an absolute URL; a direct one a path.
    const proxied = /^https?:\/\//.test(req.url);
    const url = new URL(req.url, `http://${req.headers.host}`);
    const record = {
      method: req.method,
      url: url.href,
      host: url.host,
      path: url.pathname,
      headers: req.headers,
      status: 0,
      proxied,
      at: Date.now(),
    };
    this.requests.push(record);
    const send = (status, body, headers = {}) => {
      record.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };
    // Only this server's own origin is served; anything else is an unexpected request.
    const ours = url.port === String(this.port) && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
    if (!ours) return send(502, 'not served by the e2e server');
    if (this.unreachable.has(url.pathname)) {
      record.status = -1;
      req.socket.destroy();
      return undefined;
    }
    const doc = this.documents.get(url.pathname);
    if (doc) {
      const headers = { 'content-type': TYPES['.json'], etag: doc.etag, 'cache-control': 'no-cache' };
      if (doc.cors) {
        headers['access-control-allow-origin'] = '*';
        headers['access-control-expose-headers'] = 'ETag';
      }
      if (req.headers['if-none-match'] === doc.etag) return send(304, undefined, headers);
      return send(doc.status, doc.body, headers);
    }
    const file = this.fileFor(url.pathname);
    if (!file) return send(404, 'not found');
    let body;
    try {
      body = await readFile(file);
    } catch {
      return send(404, 'not found');
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (url.pathname === '/strict-csp.html') headers['content-security-policy'] = "default-src 'none'";
    return send(200, body, headers);
  }

  fileFor(pathname) {
    const clean = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
    if (clean.startsWith('/bundles/')) return join(this.bundlesDir, clean.slice('/bundles/'.length));
    if (clean === '/' || clean.includes('..')) return null;
    return join(this.pagesDir, clean);
  }
}
