// Editors inside shadow DOM: a textarea in an open shadow root and a contenteditable in a closed
// one (as web-component sites like Reddit's composer do).
import { exposePage } from './common.js';

class OpenCompose extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML =
      '<textarea class="editor" rows="5" placeholder="Open shadow root" style="font:16px/1.5 DejaVu Sans,sans-serif;width:540px;min-height:100px"></textarea>';
  }
}
let closedEditor;
class ClosedCompose extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'closed' });
    root.innerHTML =
      '<div contenteditable="true" role="textbox" aria-label="Closed shadow root" style="font:16px/1.5 DejaVu Sans,sans-serif;width:540px;min-height:100px;border:1px solid #bbb;padding:6px"></div>';
    closedEditor = root.querySelector('div');
  }
}
customElements.define('open-compose', OpenCompose);
customElements.define('closed-compose', ClosedCompose);
const open = document.querySelector('open-compose').shadowRoot.querySelector('textarea');
exposePage({
  open: { text: () => open.value, element: () => open },
  closed: { text: () => closedEditor.innerText.replace(/\n$/, ''), element: () => closedEditor },
});
