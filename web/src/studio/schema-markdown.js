// Stands in for codemirror-json-schema's utils/markdown.js (swapped in by web/build.mjs): the
// same renderMarkdown() with markdown-it alone, without the shiki highlighter and its WebAssembly.
// Raw HTML in schema descriptions stays text (html: false), since the result goes to innerHTML.

import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({ html: false, linkify: false, typographer: true });

export function renderMarkdown(markdown, inline = true) {
  return inline ? renderer.renderInline(markdown) : renderer.render(markdown);
}
