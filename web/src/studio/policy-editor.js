// The policy's code editor: CodeMirror 6 with completion and hover docs from the policy JSON
// Schema, and the engine's own errors and warnings as lint diagnostics at their line:column.
// The engine, not the schema, is the judge of a policy; the schema only helps while typing.

import { EditorView, basicSetup } from 'codemirror';
import { EditorState, StateEffect } from '@codemirror/state';
import { hoverTooltip, keymap } from '@codemirror/view';
import { json, jsonLanguage } from '@codemirror/lang-json';
import { linter, lintGutter, forceLinting } from '@codemirror/lint';
import { syntaxTree } from '@codemirror/language';
import { indentWithTab } from '@codemirror/commands';
import { jsonCompletion, jsonSchemaHover, stateExtensions, getJsonPointers } from 'codemirror-json-schema';
import { disableErrorLogging } from 'best-effort-json-parser';

// Completion reads the half-typed JSON with codemirror-json-schema's best-effort parser, which
// otherwise logs an error to the console for every incomplete document it is given.
disableErrorLogging();

// How long the editor waits after the last keystroke before asking the engine: long enough not
// to recompile a big policy on every key, short enough to feel like "as you type".
export const LINT_DELAY_MS = 300;

// Asks the linter to run again although the text did not change (the engine has just started).
const relint = StateEffect.define();

const LEAF_NODES = new Set(['PropertyName', 'String', 'Number', 'True', 'False', 'Null']);

/** Offset in `doc` (UTF-16) of a 1-based line and 1-based column counted in code points. */
export function offsetOf(doc, line, column) {
  if (!(line >= 1)) return 0;
  if (line > doc.lines) return doc.length;
  const { from, text } = doc.line(line);
  let i = 0;
  for (let k = 1; k < column && i < text.length; k++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
  return from + i;
}

/** The range to underline for an engine diagnostic: the JSON token that starts at its position. */
function rangeAt(state, pos) {
  const doc = state.doc;
  if (pos >= doc.length) return { from: doc.length, to: doc.length };
  let node = syntaxTree(state).resolveInner(pos, 1);
  while (node && !LEAF_NODES.has(node.name) && node.parent && node.from === node.parent.from) node = node.parent;
  const lineEnd = doc.lineAt(pos).to;
  if (node && LEAF_NODES.has(node.name) && node.from <= pos) return { from: node.from, to: Math.max(node.to, pos + 1) };
  // An object, an array or a syntax error: underline to the end of the line, at least one character.
  const rest = doc.sliceString(pos, lineEnd).trimEnd();
  return { from: pos, to: pos + Math.max(1, rest.length) };
}

/** Engine diagnostics → CodeMirror diagnostics. */
export function toEditorDiagnostics(state, result) {
  const out = [];
  for (const [list, severity] of [
    [result.errors, 'error'],
    [result.warnings, 'warning'],
  ]) {
    for (const d of list || []) {
      const pos = d.line ? offsetOf(state.doc, d.line, d.column || 1) : pointerOffset(state, d.pointer);
      const { from, to } = rangeAt(state, pos);
      out.push({
        from,
        to: Math.min(to, state.doc.length),
        severity,
        message: d.message,
        source: d.pointer || undefined,
      });
    }
  }
  return out;
}

/** Where a JSON pointer (or its nearest ancestor) sits in the editor's text. */
export function pointerOffset(state, pointer) {
  const pointers = getJsonPointers(state, 'json4');
  for (let p = pointer || ''; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const hit = pointers.get(p);
    if (hit) return hit.keyFrom ?? hit.valueFrom ?? 0;
    if (!p) return 0;
  }
}

/**
 * Creates the editor in `parent`.
 * `onLint(text)` must return the engine's LoadResult for the text (it is called after each pause
 * in typing); `onChange(text)` is told of every change, for saving the draft.
 */
export function createPolicyEditor(parent, { doc, schema, label, onLint, onChange }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        json(),
        stateExtensions(schema || undefined),
        jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
        hoverTooltip(jsonSchemaHover()),
        linter((v) => toEditorDiagnostics(v.state, onLint(v.state.doc.toString())), {
          delay: LINT_DELAY_MS,
          needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(relint))),
        }),
        lintGutter(),
        // contenteditable is in the Tab order already; an explicit tabindex also lets checkers (axe)
        // see that the editor's scrolling area can be reached from the keyboard.
        EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && onChange) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    /** Replaces the whole text as one undoable change. */
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    /** Lints now instead of after the typing pause (e.g. after a template is loaded). */
    lintNow() {
      view.dispatch({ effects: relint.of(null) });
      forceLinting(view);
    },
    goTo(pos) {
      const at = Math.min(Math.max(0, pos), view.state.doc.length);
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      view.focus();
    },
    goToLine(line, column) {
      this.goTo(offsetOf(view.state.doc, line, column || 1));
    },
    goToPointer(pointer) {
      this.goTo(pointerOffset(view.state, pointer));
    },
  };
}
