// Renders a post with some of its spans marked (<mark>), for the tests panel and batch table,
// where a static view is enough; the live try box uses the extension's overlay instead.

/**
 * A fragment showing `text` with each span {start, end, className, title} wrapped in <mark>.
 * Overlapping spans split the text at every boundary; a piece covered by several spans gets
 * all their classes and titles.
 */
export function markedText(document, text, spans) {
  const fragment = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(text.length, s.start)));
    cuts.add(Math.max(0, Math.min(text.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    const covering = spans.filter((s) => s.start <= from && s.end >= to && s.end > s.start);
    if (!covering.length) {
      fragment.append(piece);
      continue;
    }
    const mark = document.createElement('mark');
    mark.className = [...new Set(covering.map((s) => s.className).filter(Boolean))].join(' ');
    const titles = covering.map((s) => s.title).filter(Boolean);
    if (titles.length) mark.title = titles.join('\n');
    mark.textContent = piece;
    fragment.append(mark);
  }
  return fragment;
}

/** A small element builder: el(document, 'li', {className: 'x'}, 'text', child, ...). */
export function el(document, tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'className' || k === 'textContent' || k === 'hidden' || k === 'type' || k === 'disabled') node[k] = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2).toLowerCase(), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}
