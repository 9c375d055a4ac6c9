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

export async function startEngine(): Promise<StartedEngine> {
  const t0 = performance.now();
  // Streaming compilation from the extension's own URL lets the browser cache compiled code,
  // which is what makes a restarted service worker fast.
  const engine = await createEngine({ wasmUrl: chrome.runtime.getURL('engine/postguard.wasm') });
  return { engine, startMs: performance.now() - t0 };
}
