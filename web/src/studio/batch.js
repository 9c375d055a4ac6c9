// Batch mode's model: reads posts from JSONL or CSV (papaparse), checks them in slices that leave
// the page responsive, counts findings per category and writes the findings as CSV. No DOM here.

import Papa from 'papaparse';

const CONTEXT_KEYS = ['site', 'account', 'role', 'now', 'locale'];
export const CATEGORIES = [
  'spokesperson',
  'conflict',
  'confidential',
  'personal_safety',
  'pii',
  'legal',
  'disclosure',
  'other',
];

function contextOf(record) {
  const source = record.context && typeof record.context === 'object' ? { ...record, ...record.context } : record;
  const context = {};
  for (const key of CONTEXT_KEYS) {
    const value = source[key];
    if (typeof value === 'string' && value.trim()) context[key] = value.trim();
  }
  return context;
}

function looksLikeJsonl(text) {
  const first = text.split('\n').find((l) => l.trim());
  if (!first) return false;
  try {
    const v = JSON.parse(first);
    return typeof v === 'string' || (v !== null && typeof v === 'object');
  } catch {
    return false;
  }
}

/**
 * Posts from JSONL (one object with "text", or one JSON string, per line) or CSV (a header row
 * with a "text" column). `hint` is a file name, whose extension wins over sniffing.
 * @returns {{format: 'jsonl'|'csv', posts: {line: number, text: string, context: object}[], errors: {line: number, message: string}[]}}
 */
export function parsePosts(input, hint = '') {
  const text = String(input || '').replace(/^\uFEFF/, '');
  const ext = hint.toLowerCase().split('.').pop();
  const format =
    ext === 'csv'
      ? 'csv'
      : ext === 'jsonl' || ext === 'ndjson' || ext === 'json'
        ? 'jsonl'
        : looksLikeJsonl(text)
          ? 'jsonl'
          : 'csv';
  return format === 'jsonl' ? parseJsonl(text) : parseCsv(text);
}

function parseJsonl(text) {
  const posts = [];
  const errors = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let record;
    try {
      record = JSON.parse(raw);
    } catch (e) {
      errors.push({ line: i + 1, message: e.message });
      return;
    }
    if (typeof record === 'string') posts.push({ line: i + 1, text: record, context: {} });
    else if (record && typeof record.text === 'string')
      posts.push({ line: i + 1, text: record.text, context: contextOf(record) });
    else errors.push({ line: i + 1, message: 'expected a string or an object with "text"' });
  });
  return { format: 'jsonl', posts, errors };
}

function parseCsv(text) {
  const parsed = Papa.parse(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const errors = parsed.errors.map((e) => ({ line: (e.row ?? 0) + 2, message: e.message }));
  if (!parsed.meta.fields?.includes('text')) {
    return { format: 'csv', posts: [], errors: [{ line: 1, message: 'the header row needs a "text" column' }] };
  }
  // Header is line 1; papaparse does not report source lines, and quoted fields may span lines,
  // so rows are numbered as records (row 1 = the first record after the header).
  const posts = parsed.data.map((row, i) => ({ line: i + 2, text: String(row.text ?? ''), context: contextOf(row) }));
  return { format: 'csv', posts, errors };
}

/**
 * Checks every post with `check(text, context) → {findings, problems}`, yielding to the page
 * every few milliseconds; `onProgress(done, total)` is told as it goes.
 */
export async function checkPosts(posts, check, onProgress = () => {}) {
  const results = [];
  let sliceStart = performance.now();
  for (let i = 0; i < posts.length; i++) {
    const { findings, problems } = check(posts[i].text, posts[i].context);
    results.push({ ...posts[i], index: i + 1, findings, problems });
    if (performance.now() - sliceStart > 12) {
      onProgress(i + 1, posts.length);
      await new Promise((r) => setTimeout(r, 0));
      sliceStart = performance.now();
    }
  }
  onProgress(posts.length, posts.length);
  return results;
}

/** Findings and flagged posts per category, in the documented category order. */
export function countByCategory(results) {
  const counts = new Map();
  for (const r of results) {
    const seen = new Set();
    for (const f of r.findings) {
      const c = counts.get(f.category) ?? { category: f.category, findings: 0, posts: 0 };
      c.findings++;
      if (!seen.has(f.category)) {
        c.posts++;
        seen.add(f.category);
      }
      counts.set(f.category, c);
    }
  }
  const rank = (c) => (CATEGORIES.includes(c) ? CATEGORIES.indexOf(c) : CATEGORIES.length);
  return [...counts.values()].sort(
    (a, b) => rank(a.category) - rank(b.category) || a.category.localeCompare(b.category),
  );
}

export function totals(results) {
  return {
    posts: results.length,
    flagged: results.filter((r) => r.findings.length).length,
    findings: results.reduce((n, r) => n + r.findings.length, 0),
  };
}

/** One CSV row per finding; a post without findings still gets one row, so every post is listed. */
export function resultsToCsv(results) {
  const rows = [];
  for (const r of results) {
    const base = {
      post: r.index,
      line: r.line,
      text: r.text,
      ...Object.fromEntries(CONTEXT_KEYS.map((k) => [k, r.context[k] ?? ''])),
    };
    if (!r.findings.length)
      rows.push({ ...base, rule: '', category: '', severity: '', start: '', end: '', flagged: '', message: '' });
    for (const f of r.findings) {
      rows.push({
        ...base,
        rule: f.rule,
        category: f.category,
        severity: f.severity,
        start: f.start,
        end: f.end,
        flagged: f.text,
        message: f.message,
      });
    }
  }
  // escapeFormulae: a cell starting with = + - @ is not run as a formula when opened in a spreadsheet.
  return Papa.unparse(rows, { escapeFormulae: true, newline: '\r\n' });
}
