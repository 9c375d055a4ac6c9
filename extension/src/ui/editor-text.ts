// The text of an editor as Postguard checks it, and the way back from UTF-16 offsets in that
// text to the editor's own DOM (Ranges) — for textareas and contenteditable editors (Lexical,
// Draft.js, Quill, ProseMirror/TipTap, Slate). Reads only; the one write is replaceSpan().

/** A textarea, or the editing host of a contenteditable editor. */
export type EditorElement = HTMLTextAreaElement | HTMLElement;

export function isTextArea(el: Element): el is HTMLTextAreaElement {
  return el.localName === 'textarea';
}

/** One stretch of the checked text: from a DOM text node, or a line break made by markup. */
interface Piece {
  start: number;
  length: number;
  /** null for a line break that stands for a block boundary or a <br>. */
  node: Text | null;
}

/** A reading of an editor's text, with the map back to the DOM it was read from. */
export interface EditorText {
  readonly text: string;
  /** A DOM Range over [start, end) of `text`; null for a textarea or when the DOM moved on. */
  range(start: number, end: number): Range | null;
  /** The offset in `text` of a DOM position inside the editor; null when it is not inside. */
  offsetOf(node: Node, offset: number): number | null;
}

// Tags whose boundaries end a line, as they do in innerText.
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'template', 'noscript', 'object', 'iframe']);

/** Reads the editor's text now. */
export function readEditorText(editor: EditorElement): EditorText {
  if (isTextArea(editor)) return textAreaText(editor);
  return contentEditableText(editor);
}

function textAreaText(el: HTMLTextAreaElement): EditorText {
  const text = el.value;
  return {
    text,
    range: () => null,
    offsetOf: () => null,
  };
}

function contentEditableText(root: HTMLElement): EditorText {
  const pieces: Piece[] = [];
  let text = '';
  // Line breaks at block boundaries collapse: one between two lines however deep the nesting.
  let started = false;
  let atBreak = true;

  const emitBreak = (): void => {
    pieces.push({ start: text.length, length: 1, node: null });
    text += '\n';
    atBreak = true;
  };
  const blockBoundary = (): void => {
    if (started && !atBreak) emitBreak();
  };

  const walk = (parent: Node): void => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === Node.TEXT_NODE) {
        const t = node as Text;
        const data = t.data;
        if (data.length === 0 || isFormattingWhitespace(t)) continue;
        pieces.push({ start: text.length, length: data.length, node: t });
        text += data;
        started = true;
        atBreak = data.endsWith('\n');
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const el = node as HTMLElement;
      const tag = el.localName;
      if (SKIPPED_TAGS.has(tag) || isSkippedElement(el)) continue;
      if (tag === 'br') {
        if (isPlaceholderBreak(el, root)) {
          // An empty line's placeholder: the line exists but holds no text.
          started = true;
          atBreak = false;
        } else {
          emitBreak();
          started = true;
        }
        continue;
      }
      const block = BLOCK_TAGS.has(tag);
      if (block) blockBoundary();
      walk(el);
      if (block) blockBoundary();
    }
  };
  walk(root);

  // A trailing block boundary is not text the employee typed.
  while (pieces.length && pieces[pieces.length - 1].node === null && text.endsWith('\n')) {
    pieces.pop();
    text = text.slice(0, -1);
  }

  return {
    text,
    range(start, end) {
      if (start < 0 || end < start || end > text.length) return null;
      const from = positionAt(pieces, start, 'start');
      const to = positionAt(pieces, end, 'end');
      if (!from || !to || !root.contains(from[0]) || !root.contains(to[0])) return null;
      try {
        const r = root.ownerDocument.createRange();
        r.setStart(from[0], from[1]);
        r.setEnd(to[0], to[1]);
        return r;
      } catch {
        return null;
      }
    },
    offsetOf(node, offset) {
      return offsetAt(pieces, root, node, offset);
    },
  };
}

/** Whitespace between block tags in hand-written HTML, which does not render as text. */
function isFormattingWhitespace(t: Text): boolean {
  if (!/^[ \t\r\n]*$/.test(t.data) || !t.data.includes('\n')) return false;
  const parent = t.parentElement;
  if (!parent) return false;
  const ws = parent.ownerDocument.defaultView?.getComputedStyle(parent).whiteSpace ?? 'normal';
  return !ws.startsWith('pre') && ws !== 'break-spaces';
}

function isSkippedElement(el: HTMLElement): boolean {
  // Slate's zero-width placeholders (U+FEFF) and non-editable islands (mentions, embeds,
  // ProseMirror's separators) are not text the employee typed.
  return (
    el.hasAttribute('data-slate-zero-width') ||
    el.getAttribute('contenteditable') === 'false' ||
    el.classList.contains('ProseMirror-separator')
  );
}

/** A <br> that is the last thing in its line only keeps an empty line open (innerText rule). */
function isPlaceholderBreak(br: HTMLElement, root: HTMLElement): boolean {
  for (let el: Node | null = br; el && el !== root; el = el.parentNode) {
    for (let next = el.nextSibling; next; next = next.nextSibling) {
      if (next.nodeType === Node.TEXT_NODE) {
        if ((next as Text).data.length) return false;
        continue;
      }
      if (next.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = (next as Element).localName;
      if (BLOCK_TAGS.has(tag)) return true;
      if (SKIPPED_TAGS.has(tag) || isSkippedElement(next as HTMLElement)) continue;
      return false;
    }
    const parent = el.parentNode;
    if (parent instanceof Element && BLOCK_TAGS.has(parent.localName)) return true;
  }
  return true;
}

/** The DOM position of a text offset; `side` decides between the end of one piece and the start of the next. */
function positionAt(pieces: Piece[], offset: number, side: 'start' | 'end'): [Node, number] | null {
  // Binary search for the last text piece starting at or before offset.
  let lo = 0;
  let hi = pieces.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pieces[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) {
    const first = pieces.find((p) => p.node);
    return first?.node ? [first.node, 0] : null;
  }
  // Prefer the piece that contains the offset strictly inside, then by side.
  for (let i = found; i >= 0 && i >= found - 1; i--) {
    const p = pieces[i];
    if (!p.node) continue;
    const inside = side === 'start' ? offset < p.start + p.length : offset <= p.start + p.length;
    if (offset >= p.start && inside) return [p.node, offset - p.start];
    if (side === 'end' && offset === p.start + p.length) return [p.node, p.length];
  }
  // On a line break: a start goes to the next text, an end to the previous one.
  if (side === 'start') {
    for (let i = found; i < pieces.length; i++) {
      const p = pieces[i];
      if (p.node && p.start >= offset) return [p.node, 0];
    }
  }
  for (let i = found; i >= 0; i--) {
    const p = pieces[i];
    if (p.node) return [p.node, p.length];
  }
  return null;
}

function offsetAt(pieces: Piece[], root: HTMLElement, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null;
  for (const p of pieces) {
    if (p.node === node) return p.start + Math.min(offset, p.length);
  }
  // An element position: the offset of the first text at or after it.
  const doc = root.ownerDocument;
  const probe = doc.createRange();
  try {
    probe.setStart(node, offset);
  } catch {
    return null;
  }
  for (const p of pieces) {
    if (!p.node) continue;
    if (probe.comparePoint(p.node, 0) >= 0) return p.start;
  }
  return pieces.length ? pieces[pieces.length - 1].start + pieces[pieces.length - 1].length : 0;
}

/**
 * Replaces [start, end) of the editor's text the way a user would (select, then insert), so the
 * editor's own model (React state, Lexical, ProseMirror, Slate, Quill, Draft.js) sees an ordinary
 * edit and its undo history keeps it. Returns whether the editor's DOM text now reads as
 * expected (frameworks that re-render later may update their DOM a frame after).
 */
export async function replaceSpan(
  editor: EditorElement,
  start: number,
  end: number,
  replacement: string,
): Promise<boolean> {
  try {
    const before = readEditorText(editor).text;
    if (start < 0 || end < start || end > before.length) return false;
    const expected = before.slice(0, start) + replacement + before.slice(end);
    const doc = editor.ownerDocument;
    editor.focus({ preventScroll: true });
    if (isTextArea(editor)) {
      editor.setSelectionRange(start, end);
      // execCommand keeps the page's undo stack and fires the input events frameworks expect.
      if (!doc.execCommand('insertText', false, replacement)) {
        editor.setRangeText(replacement, start, end, 'end');
        editor.dispatchEvent(
          new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: replacement }),
        );
      }
      return editor.value === expected;
    }
    const range = readEditorText(editor).range(start, end);
    const selection = doc.getSelection();
    if (!range || !selection) return false;
    // setBaseAndExtent also reaches into shadow trees, where addRange cannot.
    selection.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    // Editors that own their input (Slate) act on beforeinput and cancel it; execCommand fires
    // none, so it is offered first. The others observe the DOM edit that execCommand makes.
    const unhandled = editor.dispatchEvent(
      new InputEvent('beforeinput', {
        bubbles: true,
        cancelable: true,
        composed: true,
        inputType: 'insertText',
        data: replacement,
      }),
    );
    if (unhandled && readEditorText(editor).text !== expected) {
      doc.execCommand('insertText', false, replacement);
    }
    // Editors built on React render their model into the DOM a little later.
    for (let i = 0; i < 10 && readEditorText(editor).text !== expected; i++) await nextFrame(doc);
    return readEditorText(editor).text === expected;
  } catch {
    return false;
  }
}

function nextFrame(doc: Document): Promise<void> {
  const win = doc.defaultView ?? window;
  return new Promise((resolve) => {
    // A hidden page gets no animation frames; the timeout keeps the promise moving.
    const timer = win.setTimeout(resolve, 50);
    win.requestAnimationFrame(() => {
      win.clearTimeout(timer);
      resolve();
    });
  });
}

/** The caret (selection focus) as an offset into the editor's text; null when not inside. */
export function caretOffset(editor: EditorElement, reading?: EditorText): number | null {
  try {
    if (isTextArea(editor)) {
      return editor.ownerDocument.activeElement === editor || deepActive(editor.ownerDocument) === editor
        ? editor.selectionEnd
        : null;
    }
    const root = editor.getRootNode() as Document | ShadowRoot;
    // Selections inside shadow roots are reported by the root in Chromium, by the document elsewhere.
    const sel =
      (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection?.() ??
      editor.ownerDocument.getSelection();
    if (!sel || !sel.focusNode || !editor.contains(sel.focusNode)) return null;
    return (reading ?? readEditorText(editor)).offsetOf(sel.focusNode, sel.focusOffset);
  } catch {
    return null;
  }
}

function deepActive(doc: Document): Element | null {
  let el: Element | null = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}
