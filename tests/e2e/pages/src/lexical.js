// A Lexical rich-text editor (as on Facebook, Instagram, Threads).
import { createEditor, $getRoot } from 'lexical';
import { registerRichText, HeadingNode, QuoteNode } from '@lexical/rich-text';
import { registerHistory, createEmptyHistoryState } from '@lexical/history';
import { exposePage } from './common.js';

const el = document.getElementById('editor');
const editor = createEditor({ namespace: 'e2e', nodes: [HeadingNode, QuoteNode], onError: (e) => console.error(e) });
editor.setRootElement(el);
registerRichText(editor);
registerHistory(editor, createEmptyHistoryState(), 300);
exposePage({
  main: {
    text: () =>
      editor.getEditorState().read(() =>
        $getRoot()
          .getChildren()
          .map((c) => c.getTextContent())
          .join('\n'),
      ),
    element: () => el,
  },
});
