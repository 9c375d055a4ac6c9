// The tools pane's tabs, following the WAI-ARIA tabs pattern: one tab in the Tab order, arrow
// keys, Home and End move between tabs, and the chosen tab's panel is the only one shown.

export function mountTabs(tablist, { onSelect } = {}) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  const panelOf = (tab) => tablist.ownerDocument.getElementById(tab.getAttribute('aria-controls'));

  function select(tab, focus = false) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      panelOf(t).hidden = !on;
    }
    if (focus) tab.focus();
    onSelect?.(tab.id.replace(/^tab-/, ''));
  }

  tablist.addEventListener('click', (e) => {
    const tab = e.target.closest('[role="tab"]');
    if (tab) select(tab);
  });
  tablist.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(e.target);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(tabs[(next + tabs.length) % tabs.length], true);
  });
  select(tabs[0]);
  return { select: (name) => select(tabs.find((t) => t.id === `tab-${name}`) ?? tabs[0]) };
}
