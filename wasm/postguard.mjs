// The Postguard engine for JavaScript (wasm/postguard.d.ts): wraps the Emscripten module of the C++
// core, converting strings in and JSON out. Works in Node 20, pages, workers and MV3 service
// workers: no eval, no file access outside Node, and the .wasm is located only when not given.
import createPostguardCore from './postguard-core.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Compiling is the slow part of start-up; engines made from the same bytes share one compilation.
let defaultModule = null;
const modulesByBinary = new WeakMap();

function isNode() {
  return typeof process === 'object' && process !== null && typeof process.versions?.node === 'string';
}

async function readWasm(url) {
  if (url.protocol === 'file:' && isNode()) {
    // A computed specifier: bundlers for the browser leave it alone, and no browser ever runs it.
    const fsModule = 'node:fs/promises';
    const { readFile } = await import(fsModule);
    return readFile(url);
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot fetch ${url.href}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

function compileModule(options) {
  const binary = options.wasmBinary;
  if (binary !== undefined) {
    const key = ArrayBuffer.isView(binary) ? binary.buffer : binary;
    let compiled = modulesByBinary.get(key);
    if (!compiled) {
      compiled = WebAssembly.compile(binary);
      modulesByBinary.set(key, compiled);
    }
    return compiled;
  }
  if (options.wasmUrl !== undefined) {
    return readWasm(new URL(String(options.wasmUrl), globalThis.location?.href)).then((bytes) =>
      WebAssembly.compile(bytes),
    );
  }
  if (!defaultModule) {
    defaultModule = readWasm(new URL('postguard.wasm', import.meta.url)).then((bytes) => WebAssembly.compile(bytes));
    defaultModule.catch(() => {
      defaultModule = null; // let a later call try again
    });
  }
  return defaultModule;
}

function diagnostic(message) {
  return { level: 'error', pointer: '', line: 0, column: 0, message };
}

const EMPTY_INFO = Object.freeze({
  id: '',
  version: '',
  name: '',
  languages: [],
  url: '',
  contact: '',
  extends: [],
  rules: 0,
  terms: 0,
  regexes: 0,
});

/** Instantiates the engine with the built-in default policy in force. */
export async function createEngine(options = {}) {
  const module = await compileModule(options ?? {});
  let aborted = null; // why the module stopped, once it has
  let instantiated;
  const instantiateFailed = new Promise((_, reject) => {
    instantiated = reject;
  });
  const core = await Promise.race([
    createPostguardCore({
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(module, imports)
          .then((instance) => receive(instance, module)) // throws if these are not the engine's bytes
          .catch(instantiated);
        return {};
      },
      onAbort(what) {
        aborted = String(what);
      },
      print() {},
      printErr() {},
    }),
    instantiateFailed,
  ]);
  // With a policy to start from (a cached one, say), the default is compiled only if it fails.
  const startPolicy = typeof options?.policy === 'string' ? options.policy : null;
  const handle = core._pg_engine_new(startPolicy === null ? 1 : 0);
  if (!handle) throw new Error('Postguard: ICU could not use its data; the engine cannot start');
  const engine = new Engine(core, handle, () => aborted);
  if (startPolicy !== null && engine.loadPolicy(startPolicy).ok) return engine;
  if (!engine.policyInfo().id) {
    const { ok, errors } = engine.loadDefaultPolicy();
    if (!ok) {
      engine.dispose();
      throw new Error(
        `Postguard: the built-in default policy does not load: ${errors.map((d) => d.message).join(' ')}`,
      );
    }
  }
  return engine;
}

class Engine {
  #core;
  #handle;
  #abortReason;
  #failure = null; // set when the engine can no longer be used
  #info;

  constructor(core, handle, abortReason) {
    this.#core = core;
    this.#handle = handle;
    this.#abortReason = abortReason;
    const info = JSON.parse(this.#answer(core._pg_policy_info(handle)));
    this.#info = info.error ? EMPTY_INFO : info;
    this.version = this.#cString(core._pg_version());
    Object.freeze(this);
  }

  loadPolicy(json) {
    return this.#load(json, 1);
  }

  validatePolicy(json) {
    return this.#load(json, 0);
  }

  loadDefaultPolicy() {
    const result = this.#call(() => JSON.parse(this.#answer(this.#core._pg_load_default_policy(this.#handle))));
    return this.#loaded(result);
  }

  policyInfo() {
    return structuredClone(this.#info);
  }

  check(text, context) {
    return this.checkDetailed(text, context).findings;
  }

  checkDetailed(text, context) {
    if (typeof text !== 'string')
      return { findings: [], problems: [{ rule: '', message: 'The text to check must be a string.' }] };
    let contextBytes = new Uint8Array(0);
    try {
      if (context !== undefined && context !== null) contextBytes = encoder.encode(JSON.stringify(context));
    } catch {
      contextBytes = encoder.encode('"not JSON"'); // the core reports it and checks with the default context
    }
    const result = this.#call(() => {
      const core = this.#core;
      const textPtr = core._malloc(text.length * 2 || 2);
      const contextPtr = core._malloc(contextBytes.length || 1);
      try {
        const units = new Uint16Array(core.HEAPU8.buffer, textPtr, text.length);
        for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
        core.HEAPU8.set(contextBytes, contextPtr);
        return JSON.parse(
          this.#answer(core._pg_check(this.#handle, textPtr, text.length, contextPtr, contextBytes.length)),
        );
      } finally {
        core._free(contextPtr);
        core._free(textPtr);
      }
    });
    if (result.error) return { findings: [], problems: [{ rule: '', message: result.error }] };
    // The core's `text` is UTF-8, where a lone surrogate cannot exist; the page's own slice is exact.
    for (const finding of result.findings) finding.text = text.slice(finding.start, finding.end);
    return result;
  }

  runPolicyTests() {
    const result = this.#call(() => JSON.parse(this.#answer(this.#core._pg_run_policy_tests(this.#handle))));
    return Array.isArray(result) ? result : [];
  }

  dispose() {
    if (this.#failure) return;
    this.#failure = 'The engine was disposed.';
    try {
      this.#core._pg_engine_free(this.#handle);
    } catch {
      // a module that already stopped has nothing left to free
    }
    this.#core = null;
  }

  #load(json, putInForce) {
    if (typeof json !== 'string') {
      return { ok: false, errors: [diagnostic('The policy must be a JSON string.')], warnings: [], policy: null };
    }
    const result = this.#call(() => {
      const core = this.#core;
      const bytes = encoder.encode(json);
      const ptr = core._malloc(bytes.length || 1);
      try {
        core.HEAPU8.set(bytes, ptr);
        return JSON.parse(this.#answer(core._pg_load_policy(this.#handle, ptr, bytes.length, putInForce)));
      } finally {
        core._free(ptr);
      }
    });
    return putInForce ? this.#loaded(result) : this.#asLoadResult(result);
  }

  #loaded(result) {
    const r = this.#asLoadResult(result);
    if (r.ok) this.#info = structuredClone(r.policy);
    return r;
  }

  #asLoadResult(result) {
    if (result.error) return { ok: false, errors: [diagnostic(result.error)], warnings: [], policy: null };
    return result;
  }

  // Runs one call into the module. A trap (a bug, or memory exhausted) stops the module for good:
  // it is reported as a value, now and on every later call, instead of escaping to the caller.
  #call(body) {
    if (this.#failure) return { error: this.#failure };
    try {
      return body();
    } catch (e) {
      this.#failure = `The engine stopped (${this.#abortReason() || e?.message || e}); create a new engine.`;
      return { error: this.#failure };
    }
  }

  #answer(ptr) {
    const size = this.#core._pg_result_size(this.#handle);
    return decoder.decode(this.#core.HEAPU8.subarray(ptr, ptr + size));
  }

  #cString(ptr) {
    const heap = this.#core.HEAPU8;
    let end = ptr;
    while (heap[end] !== 0) end++;
    return decoder.decode(heap.subarray(ptr, end));
  }
}
