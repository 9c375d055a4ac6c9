// An editor the page adds after load (as single-page apps do when "Reply" is clicked).
import { exposePage } from './common.js';

document.getElementById('reply').addEventListener('click', () => {
  const box = document.createElement('div');
  box.className = 'compose';
  box.innerHTML = '<div class="editor" contenteditable="true" role="textbox" aria-label="Reply"></div>';
  document.getElementById('slot').append(box);
  const el = box.querySelector('[contenteditable]');
  exposePage({ main: { text: () => el.innerText.replace(/\n$/, ''), element: () => el } });
  el.focus();
});
