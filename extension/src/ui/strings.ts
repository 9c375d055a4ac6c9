// The overlay's own words (labels, buttons, screen-reader text) in English and Spanish. Policy
// messages come localized from the engine; these are only the frame around them. Kept here
// rather than in _locales so the Policy Studio can use the overlay outside the extension.
import type { Category, Evidence, Severity } from '../../../wasm/postguard';

export interface UiStrings {
  severity: Record<Severity, string>;
  /** Severity as a count for the badge and the live region: (n) => "2 warnings". */
  severityCount: Record<Severity, (n: number) => string>;
  category: Record<Category, string>;
  evidence: Record<Evidence, string>;
  why: string;
  suggestion: string;
  disguised: (how: string) => string;
  replaceWith: (text: string) => string;
  replaceFailed: string;
  policyLink: string;
  close: string;
  previous: string;
  next: string;
  position: (i: number, n: number) => string;
  badgeLabel: (summary: string) => string;
  badgeClean: string;
  cardLabel: string;
  keyboardHint: string;
  blockTitle: (n: number) => string;
  blockBody: string;
  review: string;
  postAnyway: string;
  pressAgain: string;
}

const en: UiStrings = {
  severity: { block: 'Blocks posting', warn: 'Warning', info: 'Note' },
  severityCount: {
    block: (n) => `${n} blocking ${n === 1 ? 'issue' : 'issues'}`,
    warn: (n) => `${n} ${n === 1 ? 'warning' : 'warnings'}`,
    info: (n) => `${n} ${n === 1 ? 'note' : 'notes'}`,
  },
  category: {
    spokesperson: 'Speaking for the company',
    conflict: 'Conflict',
    confidential: 'Confidential',
    personal_safety: 'Personal safety',
    pii: 'Personal data',
    legal: 'Legal',
    disclosure: 'Undisclosed affiliation',
    other: 'Policy',
  },
  evidence: {
    case: 'letter case',
    diacritics: 'accents',
    fullwidth: 'wide or styled letters',
    homoglyph: 'look-alike letters',
    leet: 'digits for letters',
    spacing: 'spacing',
    zero_width: 'invisible characters',
  },
  why: 'Why',
  suggestion: 'Instead',
  disguised: (how) => `Looks disguised (${how}).`,
  replaceWith: (t) => `Replace with “${t}”`,
  replaceFailed: 'The editor did not accept the change; please edit the text yourself.',
  policyLink: 'Read the policy',
  close: 'Close',
  previous: 'Previous',
  next: 'Next',
  position: (i, n) => `${i} of ${n}`,
  badgeLabel: (s) => `Postguard: ${s}. Show details.`,
  badgeClean: 'Postguard: nothing to flag.',
  cardLabel: 'Postguard policy check',
  keyboardHint: 'Alt+Enter to open from the editor · Esc to close',
  blockTitle: (n) =>
    n === 1 ? 'This post breaks the social media policy' : `This post breaks the social media policy in ${n} places`,
  blockBody: 'Review it before posting. If you post anyway, you are responsible for it.',
  review: 'Review the post',
  postAnyway: 'Post anyway',
  pressAgain: 'Press the post shortcut again to post anyway.',
};

const es: UiStrings = {
  severity: { block: 'Impide publicar', warn: 'Aviso', info: 'Nota' },
  severityCount: {
    block: (n) => `${n} ${n === 1 ? 'problema grave' : 'problemas graves'}`,
    warn: (n) => `${n} ${n === 1 ? 'aviso' : 'avisos'}`,
    info: (n) => `${n} ${n === 1 ? 'nota' : 'notas'}`,
  },
  category: {
    spokesperson: 'Hablar en nombre de la empresa',
    conflict: 'Conflicto',
    confidential: 'Confidencial',
    personal_safety: 'Seguridad personal',
    pii: 'Datos personales',
    legal: 'Legal',
    disclosure: 'Vinculación no declarada',
    other: 'Política',
  },
  evidence: {
    case: 'mayúsculas',
    diacritics: 'acentos',
    fullwidth: 'letras anchas o decoradas',
    homoglyph: 'letras parecidas',
    leet: 'números por letras',
    spacing: 'espacios',
    zero_width: 'caracteres invisibles',
  },
  why: 'Por qué',
  suggestion: 'Mejor',
  disguised: (how) => `Parece disimulado (${how}).`,
  replaceWith: (t) => `Sustituir por «${t}»`,
  replaceFailed: 'El editor no aceptó el cambio; edita el texto a mano, por favor.',
  policyLink: 'Leer la política',
  close: 'Cerrar',
  previous: 'Anterior',
  next: 'Siguiente',
  position: (i, n) => `${i} de ${n}`,
  badgeLabel: (s) => `Postguard: ${s}. Ver detalles.`,
  badgeClean: 'Postguard: nada que señalar.',
  cardLabel: 'Revisión de Postguard',
  keyboardHint: 'Alt+Intro para abrir desde el editor · Esc para cerrar',
  blockTitle: (n) =>
    n === 1
      ? 'Esta publicación incumple la política de redes sociales'
      : `Esta publicación incumple la política de redes sociales en ${n} puntos`,
  blockBody: 'Revísala antes de publicar. Si publicas igualmente, la responsabilidad es tuya.',
  review: 'Revisar la publicación',
  postAnyway: 'Publicar igualmente',
  pressAgain: 'Pulsa otra vez el atajo de publicar para publicar igualmente.',
};

/** The strings for a locale such as 'es', 'es-MX' or 'en-US'; English otherwise. */
export function uiStrings(locale: string | undefined): UiStrings {
  return (locale ?? '').toLowerCase().startsWith('es') ? es : en;
}
