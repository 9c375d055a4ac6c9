// Which element is an editor Postguard should watch: a textarea or a contenteditable editing
// host, found through open and closed shadow roots (closed ones via the extension-only
// chrome.dom / openOrClosedShadowRoot), wherever and whenever the page adds it.
import type { EditorElement } from '../ui/editor-text';

type ShadowOpener = (el: Element) => ShadowRoot | null;

/** The browser's way for extensions to see closed shadow roots (Chrome: chrome.dom, Firefox: a method). */
const openShadow: ShadowOpener = (() => {
  const dom = (globalThis as unknown as { chrome?: { dom?: { openOrClosedShadowRoot?: ShadowOpener } } }).chrome?.dom;
  if (dom?.openOrClosedShadowRoot)
    return (el: Element) => {
      try {
        return dom.openOrClosedShadowRoot!(el) ?? null;
      } catch {
        return el.shadowRoot;
      }
    };
  return (el: Element) => {
    const ff = (el as Element & { openOrClosedShadowRoot?: () => ShadowRoot | null }).openOrClosedShadowRoot;
    return ff ? ff.call(el) : el.shadowRoot;
  };
})();

/** The element that has focus, looking inside shadow roots (open or closed). */
export function deepActiveElement(doc: Document = document): Element | null {
  let el: Element | null = doc.activeElement;
  for (let depth = 0; el && depth < 32; depth++) {
    const inner: Element | null = openShadow(el)?.activeElement ?? null;
    if (!inner) break;
    el = inner;
  }
  return el;
}

/** The innermost element an event happened on, looking inside closed shadow roots for focus events. */
export function eventTarget(e: Event): Element | null {
  const first = e.composedPath()[0];
  const el = first instanceof Element ? first : first instanceof Node ? first.parentElement : null;
  // A closed shadow root retargets events to its host; the focused element inside is the target.
  if (el && openShadow(el) && el.shadowRoot === null) return deepActiveElement(el.ownerDocument) ?? el;
  return el;
}

/** The editor an element belongs to, or null when it is not one Postguard watches. */
export function editorFor(el: Element | null): EditorElement | null {
  if (!el || !(el instanceof HTMLElement)) return null;
  if (el.closest('[data-postguard]')) return null;
  if (el.localName === 'textarea') {
    const ta = el as HTMLTextAreaElement;
    return ta.readOnly || ta.disabled ? null : ta;
  }
  if (!el.isContentEditable) return null;
  // The editing host: the outermost contenteditable element (contenteditable does not cross
  // shadow boundaries, so neither does this walk).
  let hostEl: HTMLElement = el;
  while (hostEl.parentElement && hostEl.parentElement.isContentEditable) hostEl = hostEl.parentElement;
  if (hostEl.getAttribute('role') === 'searchbox') return null;
  return hostEl;
}
