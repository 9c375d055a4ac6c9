// The JavaScript API of the Postguard engine (the C++ core compiled to WebAssembly).
// Usable from a service worker, an offscreen document, a web page and Node 20 (ES module).
// No method throws for bad input: problems are returned as values.

export type Category =
  'spokesperson' | 'conflict' | 'confidential' | 'personal_safety' | 'pii' | 'legal' | 'disclosure' | 'other';
export type Severity = 'block' | 'warn' | 'info';
export type Evidence = 'case' | 'diacritics' | 'fullwidth' | 'homoglyph' | 'leet' | 'spacing' | 'zero_width';

/** One rule at one span. `text === input.slice(start, end)` (UTF-16 offsets). */
export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  start: number;
  end: number;
  text: string;
  message: string;
  why: string; // '' when the rule gives none
  suggestion: string; // '' when the rule gives none
  replacement: string | null;
  link: string; // '' when neither rule nor policy gives one
  evidence: Evidence[];
}

export interface Diagnostic {
  level: 'error' | 'warning';
  pointer: string; // JSON pointer, '' for the whole document
  line: number; // 1-based, 0 when unknown
  column: number; // 1-based, 0 when unknown
  message: string;
}

export interface PolicyInfo {
  id: string;
  version: string;
  name: string;
  languages: string[];
  url: string;
  contact: string;
  extends: string[];
  rules: number;
  terms: number;
  regexes: number;
}

export interface LoadResult {
  ok: boolean;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  policy: PolicyInfo | null; // the loaded policy's info when ok
}

export interface CheckContext {
  site?: string; // host name, e.g. 'www.linkedin.com'
  account?: 'personal' | 'official'; // default 'personal'
  role?: string;
  now?: string; // 'YYYY-MM-DD'; default: today, local time
  locale?: string; // 'es' | 'en' (regions accepted); default: policy's first language
}

export interface CheckProblem {
  rule: string;
  message: string;
}
export interface CheckResult {
  findings: Finding[];
  problems: CheckProblem[];
}

export interface PolicyTestOutcome {
  name: string;
  pointer: string; // '/tests/N'
  passed: boolean;
  missing: string[]; // expected but not found ('rule-id' or 'rule-id: text')
  unexpected: string[]; // found but not expected
  findings: Finding[];
}

export interface Engine {
  readonly version: string;
  /** Parses, validates and compiles; on success replaces the policy in force, on failure keeps it. */
  loadPolicy(json: string): LoadResult;
  /** Validates and compiles without replacing the policy in force. */
  validatePolicy(json: string): LoadResult;
  /** Puts the built-in default policy in force. */
  loadDefaultPolicy(): LoadResult;
  /** The policy in force. */
  policyInfo(): PolicyInfo;
  check(text: string, context?: CheckContext): Finding[];
  checkDetailed(text: string, context?: CheckContext): CheckResult;
  runPolicyTests(): PolicyTestOutcome[];
  /** Frees the engine's memory; the engine cannot be used afterwards. */
  dispose(): void;
}

export interface EngineOptions {
  /** The .wasm bytes, when the loader cannot fetch them itself. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** URL of postguard.wasm (browser); default: next to postguard.mjs. */
  wasmUrl?: string | URL;
  /**
   * A policy (JSON) to put in force at start instead of the built-in default, e.g. the cached one:
   * the default is then compiled only if this one does not load. `policyInfo()` says which is in force.
   */
  policy?: string;
}

/** Instantiates the engine with the built-in default policy (or `options.policy`) in force. */
export function createEngine(options?: EngineOptions): Promise<Engine>;
