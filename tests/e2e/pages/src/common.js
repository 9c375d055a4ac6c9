// Shared by the e2e editor pages: exposes window.pg — each editor's model text and element, a
// ready flag, and a log of "posts" (the page's Post button and Ctrl/Cmd+Enter) for the tests.
export function exposePage(editors) {
  const pg = { ready: false, posts: [], editors };
  window.pg = pg;
  const post = (how, name) => pg.posts.push({ how, name, text: editors[name].text() });
  for (const [name, e] of Object.entries(editors)) {
    e.element().addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) post('shortcut', name);
    });
  }
  document.getElementById('post')?.addEventListener('click', () => post('button', 'main'));
  pg.ready = true;
  return pg;
}

/** Waits for an element a framework renders later, then calls back with it. */
export function whenPresent(selector, then) {
  const el = document.querySelector(selector);
  if (el) then(el);
  else requestAnimationFrame(() => whenPresent(selector, then));
}
