// A Slate editor in React 18 (as on Reddit's older composer and many in-house tools).
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createEditor, Node } from 'slate';
import { Slate, Editable, withReact } from 'slate-react';
import { withHistory } from 'slate-history';
import { exposePage, whenPresent } from './common.js';

let editor;
function Compose() {
  const [e] = useState(() => withHistory(withReact(createEditor())));
  editor = e;
  return (
    <Slate editor={e} initialValue={[{ type: 'paragraph', children: [{ text: '' }] }]}>
      <Editable placeholder="Create a post" style={{ minHeight: '120px', outline: 'none' }} />
    </Slate>
  );
}
createRoot(document.getElementById('editor')).render(<Compose />);
whenPresent('[data-slate-editor]', (el) =>
  exposePage({ main: { text: () => editor.children.map((n) => Node.string(n)).join('\n'), element: () => el } }),
);
