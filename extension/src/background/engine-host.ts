// Starts the WebAssembly engine inside the extension (service worker, or the background page in
// Firefox), where the site's CSP cannot block it. 'postguard-engine' resolves to the engine
// copied from build/wasm into the extension at build time (scripts/build-extension.sh).
import { createEngine } from 'postguard-engine';
import type { Engine } from '../../../wasm/postguard';

export interface StartedEngine {
  engine: Engine;
  /** Milliseconds from the start of instantiation to a usable engine. */
  startMs: number;
}

/** Starts the engine from `policy` (the cached one) when given, else from the built-in default. */
export async function startEngine(policy?: string): Promise<StartedEngine> {
  const t0 = performance.now();
  // Streaming compilation from the extension's own URL lets the browser cache compiled code,
  // which is what makes a restarted service worker fast; starting from the cached policy saves
  // compiling the default one first.
  const engine = await createEngine({ wasmUrl: chrome.runtime.getURL('engine/postguard.wasm'), policy });
  return { engine, startMs: performance.now() - t0 };
}
