// Starts the Postguard engine (the C++ core compiled to WebAssembly) for the Studio and the demo
// page. The engine files are copied next to the page at build time (dist/studio/engine/), never
// fetched from elsewhere; a failure to start is returned as a value for the page to show.

/** @returns {Promise<{ok: true, engine: import('../../wasm/postguard').Engine} | {ok: false, error: string}>} */
export async function startEngine(baseUrl = new URL('./engine/', document.baseURI)) {
  try {
    const moduleUrl = new URL('postguard.mjs', baseUrl);
    // A runtime import keeps the Emscripten glue exactly as built, beside its .wasm file.
    const { createEngine } = await import(/* webpackIgnore: true */ moduleUrl.href);
    const engine = await createEngine({ wasmUrl: new URL('postguard.wasm', baseUrl) });
    return { ok: true, engine };
  } catch (error) {
    return { ok: false, error: String(error?.message || error) };
  }
}

/** The context for a check, without empty fields (the engine applies its own defaults). */
export function checkContext({ site, account, role, now, locale } = {}) {
  const context = {};
  if (site) context.site = site.trim().toLowerCase();
  if (account) context.account = account;
  if (role) context.role = role;
  if (now) context.now = now;
  if (locale) context.locale = locale;
  return context;
}
