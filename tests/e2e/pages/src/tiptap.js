// A TipTap (ProseMirror) editor (as on Bluesky).
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { exposePage } from './common.js';

const editor = new Editor({ element: document.getElementById('editor'), extensions: [StarterKit], content: '' });
exposePage({ main: { text: () => editor.getText({ blockSeparator: '\n' }), element: () => editor.view.dom } });
