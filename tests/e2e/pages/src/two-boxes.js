// Two compose boxes on one page: each Post button posts its own box's text.
import { exposePage } from './common.js';
const a = document.getElementById('editor-a');
const b = document.getElementById('editor-b');
const pg = exposePage({ a: { text: () => a.value, element: () => a }, b: { text: () => b.value, element: () => b } });
document
  .getElementById('post-a')
  .addEventListener('click', () => pg.posts.push({ how: 'button', name: 'a', text: a.value }));
document
  .getElementById('post-b')
  .addEventListener('click', () => pg.posts.push({ how: 'button', name: 'b', text: b.value }));
