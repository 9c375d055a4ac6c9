// Content script: attaches to the editor the employee types in (in this frame, inside shadow
// roots, added at any time), asks the service worker to check its text, draws the findings with
// the shared overlay, and warns before a post with blocking findings. Never throws into the page.
import { askWorker, isTabRequest, type Finding, type SiteState, type TabResponse, type TabRequest } from '../protocol';
import { createOverlay, countBySeverity, type Overlay } from '../ui/overlay';
import { readEditorText, type EditorElement } from '../ui/editor-text';
import { deepActiveElement, editorFor, eventTarget } from './editors';
import { isPostShortcut, postButtonFor, postButtonIn } from './post-actions';

const LOADED = Symbol.for('postguard.content');
// Static and dynamically registered scripts can both match a page; only the first one runs.
const scope = globalThis as unknown as Record<symbol, boolean>;
if (!scope[LOADED]) {
  scope[LOADED] = true;
  start();
}

function start(): void {
  const site = siteOf();
  const locale = safe(() => chrome.i18n.getUILanguage(), 'en');
  const sessions = new Map<EditorElement, EditorSession>();
  let state: SiteState | null = null;
  let statePromise: Promise<SiteState | null> | null = null;
  let lastActive: EditorSession | null = null;
  let bypassUntil = 0; // the employee chose "post anyway": let the next post through
  let orphaned = false; // the extension was reloaded; this script can no longer reach it

  const log = (e: unknown): void => {
    try {
      console.debug('[postguard]', e);
    } catch {
      /* nothing */
    }
  };

  function guard<A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void {
    return (...a: A) => {
      try {
        fn(...a);
      } catch (e) {
        log(e);
      }
    };
  }

  /** The site's state; `fresh` asks the worker again (which also wakes it and its engine). */
  function siteState(fresh = false): Promise<SiteState | null> {
    if (state && !fresh) return Promise.resolve(state);
    statePromise ??= askWorker({ kind: 'siteState', site }).then((r) => {
      statePromise = null;
      if (r.kind === 'siteState') state = r.state;
      else noteError(r.message);
      return state;
    });
    return statePromise;
  }

  function noteError(message: string): void {
    if (/context invalidated/i.test(message)) {
      orphaned = true;
      detachAll();
    } else {
      log(message);
    }
  }

  class EditorSession {
    readonly overlay: Overlay;
    private inFlight = false;
    private again = false;
    private checkedText: string | null = null;
    private stamp = '';

    constructor(readonly editor: EditorElement) {
      this.overlay = createOverlay(editor, { locale, onError: log, onTextChange: () => this.check() });
    }

    /** Checks the editor's text unless this exact text was checked under the policy in force. */
    check(force = false): void {
      if (orphaned) return;
      if (this.inFlight) {
        this.again = true;
        return;
      }
      const text = readEditorText(this.editor).text;
      if (!force && text === this.checkedText && this.stamp === state?.policyStamp) return;
      if (text.trim() === '') {
        this.checkedText = text;
        this.overlay.update([], text);
        return;
      }
      this.inFlight = true;
      askWorker({ kind: 'check', text, site })
        .then((r) => {
          if (r.kind === 'checked') {
            state = r.state;
            this.stamp = r.state.policyStamp;
            this.checkedText = text;
            if (r.state.paused) {
              detachAll();
              return;
            }
            this.overlay.update(r.findings, text);
          } else {
            noteError(r.message);
          }
        })
        .catch(log)
        .finally(() => {
          this.inFlight = false;
          if (this.again && !orphaned) {
            this.again = false;
            this.check();
          }
        });
    }

    blocking(): Finding[] {
      return this.overlay.findings.filter((f) => f.severity === 'block');
    }

    destroy(): void {
      this.overlay.destroy();
    }
  }

  function sessionFor(el: Element | null): EditorSession | null {
    if (orphaned) return null;
    const editor = editorFor(el);
    if (!editor) return null;
    let s = sessions.get(editor);
    if (!s) {
      s = new EditorSession(editor);
      sessions.set(editor, s);
    }
    lastActive = s;
    return s;
  }

  function detachAll(): void {
    for (const s of sessions.values()) s.destroy();
    sessions.clear();
    lastActive = null;
  }

  /** Attaches to (or re-checks) the editor an event happened in, unless Postguard is paused here. */
  function touch(el: Element | null, fresh = false): void {
    if (orphaned || !editorFor(el)) return;
    siteState(fresh)
      .then((st) => {
        if (!st || st.paused) return;
        sessionFor(el)?.check();
      })
      .catch(log);
  }

  // While the employee is in an editor, a message every 20 s keeps the service worker (which MV3
  // stops after 30 s idle) and its engine alive, so a pause to think costs no restart.
  let keepAlive = 0;
  const keepWorkerAlive = (): void => {
    if (keepAlive || orphaned) return;
    keepAlive = window.setInterval(
      guard(() => {
        if (orphaned || document.visibilityState !== 'visible' || !editorFor(deepActiveElement())) {
          window.clearInterval(keepAlive);
          keepAlive = 0;
          return;
        }
        void siteState(true);
      }),
      20_000,
    );
  };

  // ---- Page events (capture on window: seen first, and composed events from shadow roots) --
  const onFocusIn = guard((e: FocusEvent) => {
    const el = eventTarget(e) ?? deepActiveElement();
    touch(el, true);
    if (editorFor(el)) keepWorkerAlive();
  });
  const onInput = guard((e: Event) => {
    if ((e as InputEvent).isComposing) return; // wait for compositionend (IME)
    touch(eventTarget(e) ?? deepActiveElement());
  });
  const onCompositionEnd = guard((e: CompositionEvent) => touch(eventTarget(e)));

  const onKeyDown = guard((e: KeyboardEvent) => {
    if (!e.isTrusted || Date.now() < bypassUntil) return;
    const session = sessions.get(editorFor(eventTarget(e) ?? deepActiveElement()) as EditorElement);
    if (!session || !isPostShortcut(e, session.editor, site)) return;
    const blocking = session.blocking();
    if (!blocking.length) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const target = eventTarget(e);
    const replay = (): void => {
      const button = postButtonFor(session.editor, site);
      if (button) {
        button.click();
        return;
      }
      // No button known: replay the shortcut itself on the editor.
      (target ?? session.editor).dispatchEvent(
        new KeyboardEvent('keydown', {
          key: e.key,
          code: e.code,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          shiftKey: e.shiftKey,
          bubbles: true,
          cancelable: true,
          composed: true,
        }),
      );
    };
    warnBeforePost(session, blocking, replay);
  });

  const onClick = guard((e: MouseEvent) => {
    if (!e.isTrusted || Date.now() < bypassUntil) return;
    const button = postButtonIn(e.composedPath(), site);
    if (!button) return;
    // The draft this button posts: an editor with blocking findings in the same compose box.
    const candidates = [...sessions.values()].filter(
      (s) =>
        s.editor.isConnected && !s.editor.contains(button) && s.blocking().length && sharesComposeBox(s.editor, button),
    );
    const session = candidates.includes(lastActive as EditorSession) ? lastActive : candidates[0];
    if (!session) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    warnBeforePost(session, session.blocking(), () => button.click());
  });

  function warnBeforePost(session: EditorSession, blocking: Finding[], replay: () => void): void {
    session.overlay
      .confirmPost(blocking)
      .then((choice) => {
        if (choice !== 'post') return;
        bypassUntil = Date.now() + 10_000;
        replay();
      })
      .catch(log);
  }

  const options = { capture: true } as const;
  window.addEventListener('focusin', onFocusIn, options);
  window.addEventListener('input', onInput, options);
  window.addEventListener('compositionend', onCompositionEnd, options);
  window.addEventListener('keydown', onKeyDown, options);
  window.addEventListener('click', onClick, options);

  // Editors removed by the page take their overlays with them.
  const sweep = window.setInterval(
    guard(() => {
      for (const [editor, s] of sessions) {
        if (!editor.isConnected) {
          s.destroy();
          sessions.delete(editor);
          if (lastActive === s) lastActive = null;
        }
      }
    }),
    2000,
  );

  // ---- Messages from the popup and the service worker ----------------------------------------
  const onMessage = (
    message: unknown,
    _sender: chrome.runtime.MessageSender,
    sendResponse: (r: TabResponse) => void,
  ): boolean | undefined => {
    try {
      if (!isTabRequest(message)) return undefined;
      handleTab(message).then(sendResponse, (e: unknown) => sendResponse({ kind: 'error', message: String(e) }));
      return true; // async response
    } catch (e) {
      log(e);
      return undefined;
    }
  };
  safe(() => chrome.runtime.onMessage.addListener(onMessage), undefined);

  async function handleTab(m: TabRequest): Promise<TabResponse> {
    switch (m.kind) {
      case 'tabStatus': {
        const all = [...sessions.values()].flatMap((s) => [...s.overlay.findings]);
        const st = await siteState();
        return {
          kind: 'tabStatus',
          site,
          editors: sessions.size,
          counts: countBySeverity(all),
          paused: st?.paused ?? false,
        };
      }
      case 'settingsChanged': {
        state = null;
        const st = await siteState();
        if (st?.paused) detachAll();
        else for (const s of sessions.values()) s.check(true);
        // Resume on the editor the employee is in, if pausing just ended.
        if (st && !st.paused) touch(deepActiveElement());
        return { kind: 'ok' };
      }
    }
  }

  // Teardown if this script is orphaned by an extension reload: stop listening to the page.
  const watchOrphan = window.setInterval(
    guard(() => {
      if (!orphaned && safe(() => chrome.runtime?.id, undefined)) return;
      window.clearInterval(watchOrphan);
      window.clearInterval(sweep);
      window.clearInterval(keepAlive);
      window.removeEventListener('focusin', onFocusIn, options);
      window.removeEventListener('input', onInput, options);
      window.removeEventListener('compositionend', onCompositionEnd, options);
      window.removeEventListener('keydown', onKeyDown, options);
      window.removeEventListener('click', onClick, options);
      detachAll();
    }),
    5000,
  );

  // An editor that already has focus when the script arrives (document_idle) is picked up now.
  touch(deepActiveElement());
}

/**
 * Whether a button belongs to the editor's compose box: the nearest form or dialog around the
 * editor holds it, or failing those, one of the editor's closest ancestors does.
 */
function sharesComposeBox(editor: Element, button: Element): boolean {
  const box = editor.closest('form, [role="dialog"], dialog');
  if (box) return composedContains(box, button);
  const doc = editor.ownerDocument;
  let n: Node | null = editor;
  for (let depth = 0; n && depth < 8; depth++) {
    const parent: Node | null = n.parentNode;
    n = parent instanceof ShadowRoot ? parent.host : parent;
    if (n === doc.body || n === doc.documentElement) return false;
    if (n instanceof Element && composedContains(n, button)) return true;
  }
  return false;
}

/** contains() across shadow roots (site buttons are often inside web components). */
function composedContains(ancestor: Element, node: Node): boolean {
  for (let n: Node | null = node; n;) {
    if (n === ancestor) return true;
    const parent: Node | null = n.parentNode;
    n = parent instanceof ShadowRoot ? parent.host : parent;
  }
  return false;
}

/** The site as the policy sees it: this frame's host, or its top frame's for about:blank frames. */
function siteOf(): string {
  if (location.hostname) return location.hostname;
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length) {
    try {
      return new URL(ancestors[ancestors.length - 1]).hostname;
    } catch {
      return '';
    }
  }
  return '';
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
