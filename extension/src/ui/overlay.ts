// The overlay over one editor: underlines on the flagged spans, a card with the finding, a badge
// with the counts, and the warning before posting — drawn in a closed shadow root positioned
// from the text's own client rectangles, so the editor's DOM is never touched. See README.md.
import type { Finding, Severity } from '../../../wasm/postguard';
import { caretOffset, isTextArea, readEditorText, replaceSpan, type EditorElement } from './editor-text';
import { uiStrings, type UiStrings } from './strings';
import { OVERLAY_CSS } from './styles';
import { TextAreaMirror } from './textarea-mirror';

export interface OverlayOptions {
  /**
   * Called when the employee clicks a replacement. Return false if the edit did not happen (the
   * card then says so). Default: replaceSpan(), which edits the editor the way typing would.
   */
  onReplace?: (finding: Finding) => boolean | void | Promise<boolean | void>;
  /** 'es' or 'en' (regions accepted) for the overlay's own labels; default 'en'. */
  locale?: string;
  /** Called for every error the overlay catches (it never throws into the page). */
  onError?: (error: unknown) => void;
  /**
   * Called when the overlay sees the editor's text change without an input event (an editor
   * that renders its own model, a page that sets the value), so the caller can check it again.
   */
  onTextChange?: (text: string) => void;
}

export interface Overlay {
  /**
   * Draws the findings of a check of `text`. Findings whose span no longer holds the same text
   * in the editor are not drawn (the draft moved on; a newer check will follow).
   */
  update(findings: readonly Finding[], text: string): void;
  /** The findings drawn now (those still matching the editor's text). */
  readonly findings: readonly Finding[];
  /** Opens the card of a finding (default: the one at the caret, else the first), with focus. */
  openCard(index?: number): boolean;
  /**
   * Warns before posting a draft with blocking findings. Resolves 'post' only if the employee
   * chooses to post anyway; 'review' otherwise (button, Escape, or a click elsewhere).
   */
  confirmPost(blocking: readonly Finding[]): Promise<'review' | 'post'>;
  /** Recomputes positions now (they follow scroll, resize, zoom and edits by themselves). */
  refresh(): void;
  /** Removes everything the overlay added and its listeners. */
  destroy(): void;
}

const SEVERITIES: readonly Severity[] = ['block', 'warn', 'info'];
const HOVER_SLACK = 3; // px around an underline that still counts as over it
const HIDE_DELAY_MS = 350;

interface Drawn {
  finding: Finding;
  rects: DOMRect[]; // viewport coordinates, one per line
}

/** Creates the overlay for one editor (a textarea or a contenteditable editing host). */
export function createOverlay(editor: EditorElement, options: OverlayOptions = {}): Overlay {
  const doc = editor.ownerDocument;
  const win = doc.defaultView ?? window;
  const t: UiStrings = uiStrings(options.locale);
  const report = (e: unknown): void => {
    try {
      options.onError?.(e);
    } catch {
      /* the reporter itself must not throw into the page either */
    }
  };
  const guard =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A): void => {
      try {
        fn(...a);
      } catch (e) {
        report(e);
      }
    };

  // ---- DOM -------------------------------------------------------------------------------
  const host = doc.createElement('postguard-overlay');
  host.setAttribute('data-postguard', '');
  const hs = host.style;
  hs.setProperty('position', 'fixed', 'important');
  hs.setProperty('left', '0', 'important');
  hs.setProperty('top', '0', 'important');
  hs.setProperty('width', '0', 'important');
  hs.setProperty('height', '0', 'important');
  hs.setProperty('overflow', 'visible', 'important');
  hs.setProperty('z-index', '2147483647', 'important');
  hs.setProperty('pointer-events', 'none', 'important');
  hs.setProperty('display', 'block', 'important');
  const root = host.attachShadow({ mode: 'closed' });
  try {
    // A constructed sheet is not subject to the page's CSP (style-src), unlike a <style> element.
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(OVERLAY_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Firefox content scripts cannot adopt sheets across their sandbox; a <style> works there.
    const style = doc.createElement('style');
    style.textContent = OVERLAY_CSS;
    root.append(style);
  }

  const layer = el('div', 'layer');
  const marks = el('div', 'layer');
  const live = el('div', 'sr-only');
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('role', 'status');
  const badge = el('button', 'badge');
  badge.type = 'button';
  badge.setAttribute('aria-keyshortcuts', 'Alt+Enter');
  badge.hidden = true;
  layer.append(marks, badge, live);
  root.append(layer);
  const mirror = isTextArea(editor) ? new TextAreaMirror(root, doc) : null;

  // ---- State -----------------------------------------------------------------------------
  let all: Finding[] = [];
  let drawn: Drawn[] = [];
  let destroyed = false;
  let frame = 0;
  let card: HTMLElement | null = null;
  let cardIndex = -1;
  let cardPinned = false; // opened by keyboard or click: stays until closed
  let cardFromCaret = false;
  let hideTimer = 0;
  let liveTimer = 0;
  let lastAnnounced = '';
  let savedSelection: (() => void) | null = null;
  let pendingPost: ((choice: 'review' | 'post') => void) | null = null;
  let laidOutFor = ''; // the editor's box at the last layout
  let lastText: string | null = null; // the editor's text at the last layout

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = ''): HTMLElementTagNameMap[K] {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    return e;
  }

  function mount(): void {
    if (host.isConnected && host.parentNode === containerFor(editor)) return;
    containerFor(editor).appendChild(host);
  }

  // ---- Layout ----------------------------------------------------------------------------
  function schedule(): void {
    if (destroyed || frame) return;
    frame = win.requestAnimationFrame(() => {
      frame = 0;
      layoutNow();
    });
  }

  const layoutNow = guard(() => {
    if (destroyed) return;
    if (!editor.isConnected) {
      hideAll();
      return;
    }
    mount();
    laidOutFor = boxKey(editor);
    const reading = readEditorText(editor);
    const text = reading.text;
    if (lastText !== null && text !== lastText && options.onTextChange) {
      const changed = text;
      win.queueMicrotask(() => {
        try {
          options.onTextChange?.(changed);
        } catch (e) {
          report(e);
        }
      });
    }
    lastText = text;
    const current = all.filter((f) => f.end <= text.length && text.slice(f.start, f.end) === f.text);
    const origin = host.getBoundingClientRect();
    const clip = visibleBox(editor);
    let rectsPerFinding: DOMRect[][];
    if (mirror && isTextArea(editor)) {
      rectsPerFinding = mirror.measure(
        editor,
        current.map((f) => [f.start, f.end] as const),
        {
          x: origin.left,
          y: origin.top,
        },
      );
    } else {
      rectsPerFinding = current.map((f) => {
        const r = reading.range(f.start, f.end);
        return r ? Array.from(r.getClientRects()) : [];
      });
    }
    drawn = current.map((finding, i) => ({
      finding,
      rects: mergeLines(rectsPerFinding[i]).flatMap((r) => {
        const c = clip ? intersect(r, clip) : r;
        return c ? [c] : [];
      }),
    }));

    // Underlines: reuse the elements already there.
    let n = 0;
    drawn.forEach((d, i) => {
      for (const r of d.rects) {
        let m = marks.children[n] as HTMLElement | undefined;
        if (!m) {
          m = el('div');
          marks.append(m);
        }
        m.className = `mark ${d.finding.severity}${i === cardIndex && card ? ' active' : ''}`;
        m.dataset.finding = String(i);
        m.dataset.rule = d.finding.rule;
        m.style.left = `${r.left - origin.left}px`;
        m.style.top = `${r.top - origin.top}px`;
        m.style.width = `${r.width}px`;
        m.style.height = `${r.height}px`;
        n++;
      }
    });
    while (marks.children.length > n) marks.lastElementChild?.remove();

    placeBadge(origin, clip);
    if (card) {
      if (cardIndex >= drawn.length) closeCard(false);
      else if (cardIndex >= 0) placeCard(card, drawn[cardIndex].rects[0] ?? null, origin);
      else placeCard(card, null, origin);
    }
    announce();
  });

  function placeBadge(origin: DOMRect, clip: DOMRect | null): void {
    const box = editor.getBoundingClientRect();
    const focused = isEditorFocused();
    if (!clip || box.width < 24 || box.height < 12 || (!drawn.length && !focused)) {
      badge.hidden = true;
      return;
    }
    const counts = countBySeverity(drawn.map((d) => d.finding));
    const parts = SEVERITIES.filter((s) => counts[s] > 0);
    const summary = parts.map((s) => t.severityCount[s](counts[s])).join(', ');
    const key = parts.map((s) => `${s}${counts[s]}`).join('|') || 'clean';
    if (badge.dataset.key !== key) {
      badge.dataset.key = key;
      badge.replaceChildren();
      badge.classList.toggle('clean', parts.length === 0);
      if (parts.length === 0) {
        badge.append('✓');
        badge.setAttribute('aria-label', t.badgeClean);
        badge.title = t.badgeClean;
      } else {
        for (const s of parts) {
          const c = el('span', 'count');
          c.append(el('span', `dot ${s}`), String(counts[s]));
          badge.append(c);
        }
        badge.setAttribute('aria-label', t.badgeLabel(summary));
        badge.title = summary;
      }
    }
    badge.hidden = false;
    const bw = badge.offsetWidth || 40;
    const bh = badge.offsetHeight || 18;
    const right = Math.min(box.right, clip.right) - 6;
    const bottom = Math.min(box.bottom, clip.bottom) - 6;
    badge.style.left = `${Math.max(clip.left, right - bw) - origin.left}px`;
    badge.style.top = `${Math.max(clip.top, bottom - bh) - origin.top}px`;
  }

  function hideAll(): void {
    marks.replaceChildren();
    badge.hidden = true;
    drawn = [];
    if (card) closeCard(false);
  }

  // ---- Card ------------------------------------------------------------------------------
  function showCard(index: number, how: 'hover' | 'caret' | 'keyboard'): void {
    const d = drawn[index];
    if (!d) return;
    win.clearTimeout(hideTimer);
    if (card && cardIndex === index) {
      if (how === 'keyboard') {
        cardPinned = true;
        focusFirst(card);
      }
      return;
    }
    if (card) card.remove();
    cardIndex = index;
    cardPinned = how === 'keyboard';
    cardFromCaret = how === 'caret';
    card = buildCard(d.finding, index, drawn.length);
    layer.append(card);
    const origin = host.getBoundingClientRect();
    placeCard(card, d.rects[0] ?? null, origin);
    updateActiveMark();
    if (how === 'keyboard') {
      saveEditorSelection();
      focusFirst(card);
    }
  }

  function buildCard(f: Finding, index: number, total: number): HTMLElement {
    const c = el('div', `card ${f.severity}`);
    c.setAttribute('role', 'dialog');
    c.setAttribute('aria-label', `${t.cardLabel}: ${t.severity[f.severity]}`);
    c.dataset.rule = f.rule;
    c.addEventListener('keydown', guard(onCardKey));

    const head = el('div', 'head');
    const sev = el('span', 'sev');
    sev.textContent = t.severity[f.severity];
    const cat = el('span', 'cat');
    cat.textContent = t.category[f.category] ?? f.category;
    head.append(sev, cat);
    if (total > 1) {
      const nav = el('span', 'nav');
      const prev = iconButton('‹', t.previous, () => showCard((index - 1 + total) % total, 'keyboard'));
      const pos = el('span');
      pos.textContent = t.position(index + 1, total);
      const next = iconButton('›', t.next, () => showCard((index + 1) % total, 'keyboard'));
      nav.append(prev, pos, next);
      head.append(nav);
    }
    head.append(iconButton('×', t.close, () => closeCard(true)));
    c.append(head);

    const message = el('p', 'message');
    message.textContent = f.message; // policy strings are text, never HTML
    message.id = `pg-msg-${index}`;
    c.setAttribute('aria-describedby', message.id);
    c.append(message);
    // The action comes right after the message, so it stays in view in small frames.
    const actions = el('div', 'actions');
    if (f.replacement !== null && f.replacement !== undefined) {
      const b = el('button', 'replace');
      b.type = 'button';
      b.textContent = t.replaceWith(f.replacement);
      b.addEventListener(
        'click',
        guard(() => doReplace(f)),
      );
      actions.append(b);
    }
    const href = safeLink(f.link);
    if (href) {
      const a = el('a', 'policy');
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = t.policyLink;
      actions.append(a);
    }
    if (actions.childElementCount) c.append(actions);
    if (f.why) c.append(detail(t.why, f.why, 'why'));
    if (f.suggestion) c.append(detail(t.suggestion, f.suggestion, 'suggestion'));
    const disguises = f.evidence.filter((e) => e !== 'case');
    if (disguises.length) {
      const p = el('p', 'disguised');
      p.textContent = t.disguised(disguises.map((e) => t.evidence[e] ?? e).join(', '));
      c.append(p);
    }

    const hint = el('div', 'hint');
    hint.textContent = t.keyboardHint;
    c.append(hint);
    c.addEventListener('mouseenter', () => win.clearTimeout(hideTimer));
    c.addEventListener(
      'mouseleave',
      guard(() => scheduleHide()),
    );
    return c;
  }

  function detail(label: string, text: string, cls: string): HTMLElement {
    const p = el('p', `detail ${cls}`);
    const l = el('span', 'label');
    l.textContent = `${label}: `;
    p.append(l, text);
    return p;
  }

  function iconButton(glyph: string, label: string, onClick: () => void): HTMLButtonElement {
    const b = el('button', 'icon');
    b.type = 'button';
    b.textContent = glyph;
    b.setAttribute('aria-label', label);
    b.title = label;
    b.addEventListener('click', guard(onClick));
    return b;
  }

  function placeCard(c: HTMLElement, anchor: DOMRect | null, origin: DOMRect): void {
    const vw = win.innerWidth;
    const vh = win.innerHeight;
    const box = anchor ?? editor.getBoundingClientRect();
    const w = c.offsetWidth;
    const h = c.offsetHeight;
    const left = Math.max(8, Math.min(box.left, vw - w - 8));
    let top = box.bottom + 6;
    if (top + h > vh - 8) {
      // Above the text if it fits there; else as low as the view allows (small iframes), so
      // the card's buttons stay reachable even if it covers the text.
      const above = box.top - h - 6;
      top = above >= 8 ? above : Math.max(8, vh - h - 8);
    }
    c.style.left = `${left - origin.left}px`;
    c.style.top = `${top - origin.top}px`;
  }

  function updateActiveMark(): void {
    for (const m of Array.from(marks.children) as HTMLElement[]) {
      m.classList.toggle('active', !!card && m.dataset.finding === String(cardIndex));
    }
  }

  function closeCard(returnFocus: boolean): void {
    win.clearTimeout(hideTimer);
    const hadFocus = card?.contains(root.activeElement) ?? false;
    card?.remove();
    card = null;
    cardIndex = -1;
    cardPinned = false;
    cardFromCaret = false;
    updateActiveMark();
    if (returnFocus || hadFocus) restoreEditorSelection();
  }

  function scheduleHide(): void {
    if (cardPinned) return;
    win.clearTimeout(hideTimer);
    hideTimer = win.setTimeout(
      guard(() => {
        if (!cardPinned && !cardFromCaret) closeCard(false);
      }),
      HIDE_DELAY_MS,
    );
  }

  function onCardKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (pendingPost) settlePost('review');
      else closeCard(true);
      return;
    }
    if (e.key === 'Tab' && card) {
      // Keep Tab inside the card, as in a dialog.
      const items = focusables(card);
      if (!items.length) return;
      const i = items.indexOf(root.activeElement as HTMLElement);
      const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : (i + 1) % items.length;
      e.preventDefault();
      items[next].focus();
    }
    e.stopPropagation(); // the page's shortcuts must not act on keys meant for the card
  }

  function doReplace(f: Finding): void {
    if (f.replacement === null) return;
    closeCard(false);
    savedSelection = null;
    const failed = (): void => {
      const index = drawn.findIndex((d) => d.finding === f);
      if (index < 0) return;
      showCard(index, 'keyboard');
      const notice = el('div', 'notice');
      notice.setAttribute('role', 'alert');
      notice.textContent = t.replaceFailed;
      card?.append(notice);
    };
    let result: boolean | void | Promise<boolean | void>;
    try {
      result = options.onReplace ? options.onReplace(f) : replaceSpan(editor, f.start, f.end, f.replacement);
    } catch (e) {
      report(e);
      result = false;
    }
    Promise.resolve(result)
      .then((ok) => {
        if (ok === false && !destroyed) failed();
        schedule();
      })
      .catch((e: unknown) => {
        report(e);
        if (!destroyed) failed();
      });
  }

  function saveEditorSelection(): void {
    try {
      if (isTextArea(editor)) {
        const { selectionStart: s, selectionEnd: e } = editor;
        savedSelection = () => {
          editor.focus({ preventScroll: true });
          editor.setSelectionRange(s, e);
        };
        return;
      }
      const sel = doc.getSelection();
      const range = sel && sel.rangeCount && editor.contains(sel.anchorNode) ? sel.getRangeAt(0).cloneRange() : null;
      savedSelection = () => {
        editor.focus({ preventScroll: true });
        if (range && editor.contains(range.startContainer)) {
          const s = doc.getSelection();
          s?.removeAllRanges();
          s?.addRange(range);
        }
      };
    } catch (e) {
      report(e);
    }
  }

  function restoreEditorSelection(): void {
    const restore = savedSelection;
    savedSelection = null;
    try {
      if (restore) restore();
      else editor.focus({ preventScroll: true });
    } catch (e) {
      report(e);
    }
  }

  // ---- Warning before posting ---------------------------------------------------------------
  function settlePost(choice: 'review' | 'post'): void {
    const resolve = pendingPost;
    pendingPost = null;
    card?.remove();
    card = null;
    cardIndex = -1;
    cardPinned = false;
    if (choice === 'review') restoreEditorSelection();
    else savedSelection = null;
    resolve?.(choice);
  }

  function confirmPost(blocking: readonly Finding[]): Promise<'review' | 'post'> {
    if (destroyed) return Promise.resolve('post');
    if (pendingPost) settlePost('review');
    closeCard(false);
    saveEditorSelection();
    return new Promise((resolve) => {
      pendingPost = resolve;
      const c = el('div', 'card block');
      c.setAttribute('role', 'alertdialog');
      c.dataset.kind = 'confirm-post';
      const title = el('p', 'message');
      title.id = 'pg-block-title';
      title.textContent = t.blockTitle(blocking.length);
      c.setAttribute('aria-labelledby', title.id);
      const list = el('ul');
      for (const f of blocking) {
        const li = el('li');
        li.textContent = f.message;
        list.append(li);
      }
      const body = el('p', 'detail');
      body.id = 'pg-block-body';
      body.textContent = t.blockBody;
      c.setAttribute('aria-describedby', body.id);
      const actions = el('div', 'actions');
      const review = el('button', 'replace');
      review.type = 'button';
      review.textContent = t.review;
      review.dataset.action = 'review';
      review.addEventListener(
        'click',
        guard(() => settlePost('review')),
      );
      const post = el('button', 'secondary');
      post.type = 'button';
      post.textContent = t.postAnyway;
      post.dataset.action = 'post';
      post.addEventListener(
        'click',
        guard(() => settlePost('post')),
      );
      actions.append(review, post);
      c.append(title, list, body, actions);
      c.addEventListener('keydown', guard(onCardKey));
      card = c;
      cardPinned = true;
      layer.append(c);
      placeCard(c, null, host.getBoundingClientRect());
      review.focus();
      live.textContent = `${t.blockTitle(blocking.length)}. ${t.blockBody}`;
    });
  }

  // ---- Page events -------------------------------------------------------------------------
  function isEditorFocused(): boolean {
    let a: Element | null = doc.activeElement;
    while (a) {
      if (a === editor || editor.contains(a)) return true;
      const inner: Element | null = a.shadowRoot?.activeElement ?? null;
      if (!inner) break;
      a = inner;
    }
    return false;
  }

  function eventInEditor(e: Event): boolean {
    const path = e.composedPath();
    return path.includes(editor) || isEditorFocused();
  }

  function hitTest(x: number, y: number): number {
    for (let i = 0; i < drawn.length; i++) {
      for (const r of drawn[i].rects) {
        if (
          x >= r.left - HOVER_SLACK &&
          x <= r.right + HOVER_SLACK &&
          y >= r.top - HOVER_SLACK &&
          y <= r.bottom + HOVER_SLACK
        )
          return i;
      }
    }
    return -1;
  }

  const onMouseMove = guard((e: MouseEvent) => {
    if (!drawn.length || pendingPost) return;
    if (card && e.composedPath().includes(host)) return;
    const i = hitTest(e.clientX, e.clientY);
    if (i >= 0) {
      if (!cardPinned) showCard(i, 'hover');
    } else if (card && !cardFromCaret) {
      scheduleHide();
    }
  });

  const onPointerDown = guard((e: PointerEvent) => {
    if (!card) return;
    if (e.composedPath().includes(host)) return;
    if (pendingPost) settlePost('review');
    else if (!cardFromCaret) closeCard(false);
  });

  const followCaret = guard(() => {
    if (!drawn.length || cardPinned || pendingPost) return;
    if (!isEditorFocused()) {
      if (card && cardFromCaret) closeCard(false);
      return;
    }
    const caret = caretOffset(editor);
    const i = caret === null ? -1 : drawn.findIndex((d) => caret >= d.finding.start && caret <= d.finding.end);
    if (i >= 0) {
      if (cardIndex !== i) showCard(i, 'caret');
      else cardFromCaret = true;
    } else if (card && cardFromCaret) {
      closeCard(false);
    }
  });

  const onKeyDown = guard((e: KeyboardEvent) => {
    if (e.key !== 'Enter' || !e.altKey || e.ctrlKey || e.metaKey) return;
    if (!drawn.length || !eventInEditor(e)) return;
    e.preventDefault();
    e.stopPropagation();
    openCard();
  });

  const onInput = guard((e: Event) => {
    if (eventInEditor(e)) schedule();
  });

  const onSelectionChange = guard(() => {
    if (drawn.length) win.requestAnimationFrame(followCaret);
    if (isEditorFocused() || !badge.hidden) schedule();
  });
  const onFocusChange = guard(() => schedule());

  const onBadgeClick = guard((e: MouseEvent) => {
    e.preventDefault();
    if (drawn.length) openCard(0);
  });
  badge.addEventListener('click', onBadgeClick);
  badge.addEventListener(
    'keydown',
    guard((e: KeyboardEvent) => {
      if (e.key === 'Escape') restoreEditorSelection();
    }),
  );

  // Some layout changes fire no event the overlay can hear (CSS zoom, a container moving by
  // animation); a cheap look at the editor's box catches them while anything is drawn.
  const watchBox = win.setInterval(
    guard(() => {
      if ((drawn.length || !badge.hidden) && boxKey(editor) !== laidOutFor) schedule();
      // A textarea's value set by script changes nothing the overlay can observe.
      else if (isTextArea(editor) && lastText !== null && editor.value !== lastText) schedule();
    }),
    250,
  );
  const resizeObserver = new win.ResizeObserver(() => schedule());
  resizeObserver.observe(editor);
  const mutationObserver = new win.MutationObserver(() => schedule());
  mutationObserver.observe(editor, { childList: true, characterData: true, subtree: true, attributes: false });
  const passive = { capture: true, passive: true } as const;
  win.addEventListener('scroll', schedule, passive);
  win.addEventListener('resize', schedule, passive);
  win.visualViewport?.addEventListener('resize', schedule, passive);
  win.visualViewport?.addEventListener('scroll', schedule, passive);
  doc.addEventListener('mousemove', onMouseMove, passive);
  doc.addEventListener('pointerdown', onPointerDown, passive);
  doc.addEventListener('selectionchange', onSelectionChange, passive);
  doc.addEventListener('input', onInput, passive);
  doc.addEventListener('focusin', onFocusChange, passive);
  doc.addEventListener('focusout', onFocusChange, passive);
  doc.addEventListener('keyup', onSelectionChange, passive);
  doc.addEventListener('keydown', onKeyDown, true);
  doc.fonts?.addEventListener?.('loadingdone', schedule);

  // ---- Screen readers ----------------------------------------------------------------------
  function announce(): void {
    if (!isEditorFocused() || pendingPost) return;
    const counts = countBySeverity(drawn.map((d) => d.finding));
    const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => t.severityCount[s](counts[s]));
    const text = parts.length ? `Postguard: ${parts.join(', ')}` : '';
    if (text === lastAnnounced) return;
    win.clearTimeout(liveTimer);
    // Wait for a pause in typing so the reader is not interrupted on every key.
    liveTimer = win.setTimeout(() => {
      lastAnnounced = text;
      live.textContent = text;
    }, 900);
  }

  // ---- API -------------------------------------------------------------------------------
  function openCard(index?: number): boolean {
    try {
      if (destroyed || !drawn.length) return false;
      let i = index ?? -1;
      if (i < 0) {
        const caret = caretOffset(editor);
        i = caret === null ? -1 : drawn.findIndex((d) => caret >= d.finding.start && caret <= d.finding.end);
        if (i < 0) i = 0;
      }
      if (i >= drawn.length) return false;
      if (card && cardIndex !== i) closeCard(false);
      if (!savedSelection) saveEditorSelection();
      showCard(i, 'keyboard');
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  }

  return {
    update(findings, text) {
      try {
        if (destroyed) return;
        all = findings.filter((f) => text.slice(f.start, f.end) === f.text);
        layoutNow();
      } catch (e) {
        report(e);
      }
    },
    get findings() {
      return drawn.map((d) => d.finding);
    },
    openCard,
    confirmPost,
    refresh: () => layoutNow(),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        if (pendingPost) settlePost('review');
        win.cancelAnimationFrame(frame);
        win.clearTimeout(hideTimer);
        win.clearTimeout(liveTimer);
        win.clearInterval(watchBox);
        resizeObserver.disconnect();
        mutationObserver.disconnect();
        win.removeEventListener('scroll', schedule, passive);
        win.removeEventListener('resize', schedule, passive);
        win.visualViewport?.removeEventListener('resize', schedule, passive);
        win.visualViewport?.removeEventListener('scroll', schedule, passive);
        doc.removeEventListener('mousemove', onMouseMove, passive);
        doc.removeEventListener('pointerdown', onPointerDown, passive);
        doc.removeEventListener('selectionchange', onSelectionChange, passive);
        doc.removeEventListener('input', onInput, passive);
        doc.removeEventListener('focusin', onFocusChange, passive);
        doc.removeEventListener('focusout', onFocusChange, passive);
        doc.removeEventListener('keyup', onSelectionChange, passive);
        doc.removeEventListener('keydown', onKeyDown, true);
        doc.fonts?.removeEventListener?.('loadingdone', schedule);
        mirror?.destroy();
        host.remove();
      } catch (e) {
        report(e);
      }
    },
  };
}

// ---- Geometry and helpers ----------------------------------------------------------------

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { block: 0, warn: 0, info: 0 };
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/** Where the overlay must live to be drawn above the editor: inside an open modal dialog or popover (top layer), else the root element. */
function containerFor(editor: Element): Element {
  for (let n: Node | null = editor; n;) {
    if (n instanceof Element) {
      if (n.localName === 'dialog' && (n as HTMLDialogElement).open) return n;
      try {
        if (n.hasAttribute('popover') && n.matches(':popover-open')) return n;
      } catch {
        /* :popover-open unknown to this browser */
      }
    }
    const parent: Node | null = n.parentNode;
    n = parent instanceof ShadowRoot ? parent.host : parent;
  }
  return editor.ownerDocument.documentElement;
}

/** The part of the editor's box that is visible: inside every clipping ancestor and the viewport. */
function visibleBox(editor: Element): DOMRect | null {
  const win = editor.ownerDocument.defaultView;
  if (!win) return null;
  let box: DOMRect | null = editor.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return null;
  box = intersect(box, new DOMRect(0, 0, win.innerWidth, win.innerHeight));
  let n: Node | null = editor.parentNode;
  for (let depth = 0; n && box && depth < 40; depth++) {
    if (n instanceof ShadowRoot) {
      n = n.host;
      continue;
    }
    if (!(n instanceof Element) || n === editor.ownerDocument.documentElement) break;
    const cs = win.getComputedStyle(n);
    if (cs.position === 'fixed') break;
    if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
      box = intersect(box, n.getBoundingClientRect());
    }
    n = n.parentNode;
  }
  return box;
}

function boxKey(el: Element): string {
  const r = el.getBoundingClientRect();
  return `${r.x},${r.y},${r.width},${r.height}`;
}

function intersect(a: DOMRect, b: DOMRect): DOMRect | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  if (right - left < 0.5 || bottom - top < 0.5) return null;
  return new DOMRect(left, top, right - left, bottom - top);
}

/** One rectangle per visual line: inline boxes of one line (same vertical band) are joined. */
export function mergeLines(rects: readonly DOMRect[]): DOMRect[] {
  const out: DOMRect[] = [];
  for (const r of rects) {
    if (r.width < 0.5 || r.height < 0.5) continue;
    const same = out.find((o) => {
      const overlap = Math.min(o.bottom, r.bottom) - Math.max(o.top, r.top);
      return overlap > 0.5 * Math.min(o.height, r.height) && r.left <= o.right + 1 && r.right >= o.left - 1;
    });
    if (same) {
      const left = Math.min(same.left, r.left);
      const top = Math.min(same.top, r.top);
      const right = Math.max(same.right, r.right);
      const bottom = Math.max(same.bottom, r.bottom);
      out[out.indexOf(same)] = new DOMRect(left, top, right - left, bottom - top);
    } else {
      out.push(DOMRect.fromRect(r));
    }
  }
  return out;
}

function focusables(c: HTMLElement): HTMLElement[] {
  return Array.from(c.querySelectorAll<HTMLElement>('button, a[href]'));
}

function focusFirst(c: HTMLElement): void {
  const items = focusables(c);
  (items.find((b) => b.classList.contains('replace')) ?? items[0])?.focus();
}

/** Only web links are followed; anything else in a policy (javascript:, data:) is not a link. */
function safeLink(link: string): string {
  try {
    if (!link) return '';
    const u = new URL(link);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : '';
  } catch {
    return '';
  }
}
