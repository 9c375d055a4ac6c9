// How each site posts: its post buttons and keyboard shortcuts, so that a draft with blocking
// findings gets a warning first. Site rules come first; a generic rule (a submit button of the
// editor's form, or a button labelled like "Post"/"Publicar") covers the rest.

interface SiteRule {
  /** Host suffixes the rule applies to. */
  hosts: string[];
  /** Selectors of the site's post / reply / comment buttons. */
  buttons: string[];
  /** Whether plain Enter posts from this editor (comment boxes on some sites). */
  enterPosts?: (editor: HTMLElement) => boolean;
}

const COMMENT_BOX = /comment|coment|reply|respon|mensaje|message/i;

const SITES: SiteRule[] = [
  { hosts: ['x.com', 'twitter.com'], buttons: ['[data-testid="tweetButton"]', '[data-testid="tweetButtonInline"]'] },
  {
    hosts: ['linkedin.com'],
    buttons: [
      '.share-actions__primary-action',
      '.comments-comment-box__submit-button',
      '.comments-comment-box__submit-button--cr',
    ],
  },
  {
    hosts: ['facebook.com', 'instagram.com'],
    buttons: [
      '[role="button"][aria-label="Post"]',
      '[role="button"][aria-label="Publicar"]',
      'form button[type="submit"]',
    ],
    enterPosts: (editor) => COMMENT_BOX.test(labelOf(editor)),
  },
  { hosts: ['threads.net', 'threads.com'], buttons: [] },
  { hosts: ['reddit.com'], buttons: ['button[type="submit"]', 'button[slot="submit-button"]'] },
  { hosts: ['bsky.app'], buttons: ['[data-testid="composerPublishBtn"]'] },
  { hosts: ['youtube.com'], buttons: ['#submit-button', 'ytd-commentbox #submit-button button'] },
];

// Mastodon instances have any host name; their compose form is recognisable.
const MASTODON_BUTTONS = [
  '.compose-form__publish-button-wrapper button',
  '.compose-form__submit button',
  '.compose-form__publish button',
];

const POST_WORDS = new Set([
  'post',
  'post all',
  'tweet',
  'reply',
  'send',
  'publish',
  'share',
  'comment',
  'toot',
  'submit',
  'publicar',
  'publicar todo',
  'responder',
  'enviar',
  'compartir',
  'comentar',
  'postear',
  'tuitear',
]);

function siteRule(host: string): SiteRule | undefined {
  return SITES.find((s) => s.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
}

function labelOf(el: Element): string {
  return (
    el.getAttribute('aria-label') ||
    el.getAttribute('aria-placeholder') ||
    el.getAttribute('placeholder') ||
    el.getAttribute('data-placeholder') ||
    ''
  );
}

/** The post button an event went through, if any (looking along its composed path). */
export function postButtonIn(path: EventTarget[], host: string): HTMLElement | null {
  const rule = siteRule(host);
  const selectors = [...(rule?.buttons ?? []), ...MASTODON_BUTTONS];
  for (const t of path) {
    if (!(t instanceof HTMLElement)) continue;
    if (selectors.some((s) => safeMatches(t, s))) return t;
    if (!safeMatches(t, 'button, [role="button"], input[type="submit"]')) continue;
    if (t instanceof HTMLButtonElement || t instanceof HTMLInputElement) {
      if (t.type === 'submit' && t.form) return t;
    }
    const label = (t.getAttribute('aria-label') || t.textContent || (t as HTMLInputElement).value || '')
      .trim()
      .toLowerCase();
    if (label.length <= 24 && POST_WORDS.has(label)) return t;
  }
  return null;
}

/** The site's post button for an editor (to replay a post the employee confirmed). */
export function postButtonFor(editor: HTMLElement, host: string): HTMLElement | null {
  const rule = siteRule(host);
  const selectors = [...(rule?.buttons ?? []), ...MASTODON_BUTTONS];
  // Search outward from the editor so the nearest compose box's button wins.
  for (let scope: Element | null = editor.parentElement; scope; scope = scope.parentElement) {
    for (const s of selectors) {
      const found = safeQuery(scope, s);
      if (found) return found;
    }
    const form = scope instanceof HTMLFormElement ? scope : null;
    if (form) {
      const submit = safeQuery(form, 'button[type="submit"], input[type="submit"]');
      if (submit) return submit;
    }
  }
  return null;
}

/** Whether this key press posts from this editor on this site. */
export function isPostShortcut(e: KeyboardEvent, editor: HTMLElement, host: string): boolean {
  if (e.key !== 'Enter' || e.altKey || e.isComposing) return false;
  if (e.ctrlKey || e.metaKey) return true; // the near-universal "post" shortcut
  if (e.shiftKey) return false;
  return siteRule(host)?.enterPosts?.(editor) ?? false;
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

function safeQuery(scope: Element, selector: string): HTMLElement | null {
  try {
    return scope.querySelector<HTMLElement>(selector);
  } catch {
    return null;
  }
}
