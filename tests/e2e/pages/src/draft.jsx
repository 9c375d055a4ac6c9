// A Draft.js editor (as on X) in React 18.
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Editor, EditorState } from 'draft-js';
import 'draft-js/dist/Draft.css';
import { exposePage, whenPresent } from './common.js';

let current = EditorState.createEmpty();
function Compose() {
  const [state, setState] = useState(current);
  current = state;
  const onChange = (s) => {
    current = s;
    setState(s);
  };
  return <Editor editorState={state} onChange={onChange} placeholder="What is happening?!" />;
}
createRoot(document.getElementById('editor')).render(<Compose />);
whenPresent('#editor [contenteditable="true"]', (el) =>
  exposePage({ main: { text: () => current.getCurrentContent().getPlainText('\n'), element: () => el } }),
);
