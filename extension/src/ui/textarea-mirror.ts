// Where a span of a textarea's text is on screen. A textarea exposes no rectangles for its text,
// so an invisible copy with the same box, font and wrapping is laid out over it, scrolled the
// same way, and measured with Ranges (the technique of the textarea-caret package).

// Properties that decide where each character lands.
const COPIED = [
  'direction',
  'boxSizing',
  'width',
  'height',
  'overflowX',
  'overflowY',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'borderTopStyle',
  'borderRightStyle',
  'borderBottomStyle',
  'borderLeftStyle',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'fontStyle',
  'fontVariant',
  'fontWeight',
  'fontStretch',
  'fontSize',
  'fontSizeAdjust',
  'lineHeight',
  'fontFamily',
  'fontFeatureSettings',
  'fontKerning',
  'fontVariationSettings',
  'textAlign',
  'textTransform',
  'textIndent',
  'textRendering',
  'letterSpacing',
  'wordSpacing',
  'tabSize',
  'whiteSpace',
  'wordBreak',
  'overflowWrap',
  'hyphens',
  'writingMode',
  'unicodeBidi',
] as const;

export class TextAreaMirror {
  private readonly box: HTMLDivElement;
  private readonly textNode: Text;

  /** `parent` should be invisible to the user and not clip (the overlay's shadow root). */
  constructor(parent: Node, doc: Document) {
    this.box = doc.createElement('div');
    this.box.setAttribute('aria-hidden', 'true');
    const s = this.box.style;
    s.position = 'fixed';
    s.visibility = 'hidden';
    s.pointerEvents = 'none';
    s.margin = '0';
    s.contain = 'layout style';
    this.textNode = doc.createTextNode('');
    this.box.append(this.textNode);
    parent.appendChild(this.box);
  }

  /**
   * Client rectangles of each span, in viewport coordinates, as drawn in the textarea now.
   * `origin` is where the overlay's (0,0) is in the viewport.
   */
  measure(
    ta: HTMLTextAreaElement,
    spans: ReadonlyArray<readonly [number, number]>,
    origin: { x: number; y: number },
  ): DOMRect[][] {
    const view = ta.ownerDocument.defaultView;
    if (!view) return spans.map(() => []);
    const cs = view.getComputedStyle(ta);
    const s = this.box.style as unknown as Record<string, string>;
    for (const p of COPIED) s[p] = (cs as unknown as Record<string, string>)[p];
    const rect = ta.getBoundingClientRect();
    // Sizes from the laid-out box, so zoom and transforms up the tree are accounted for.
    this.box.style.boxSizing = 'border-box';
    this.box.style.width = `${rect.width}px`;
    this.box.style.height = `${rect.height}px`;
    this.box.style.left = `${rect.left - origin.x}px`;
    this.box.style.top = `${rect.top - origin.y}px`;
    if (cs.whiteSpace === 'normal' || cs.whiteSpace === 'nowrap') this.box.style.whiteSpace = 'pre-wrap';
    // A visible scrollbar narrows the text; show one in the copy exactly when the textarea does.
    this.box.style.overflowY = ta.scrollHeight > ta.clientHeight ? 'scroll' : 'hidden';
    this.box.style.overflowX = 'hidden';
    const value = ta.value;
    // A final newline only creates a line when something follows it.
    this.textNode.data = value.endsWith('\n') ? `${value} ` : value;
    this.box.scrollTop = ta.scrollTop;
    this.box.scrollLeft = ta.scrollLeft;

    const range = ta.ownerDocument.createRange();
    return spans.map(([start, end]) => {
      if (start < 0 || end > value.length || end <= start) return [];
      range.setStart(this.textNode, start);
      range.setEnd(this.textNode, end);
      return Array.from(range.getClientRects());
    });
  }

  destroy(): void {
    this.box.remove();
  }
}
