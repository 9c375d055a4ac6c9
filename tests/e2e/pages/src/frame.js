// Runs inside the iframe of iframe.html: a textarea compose box in a child frame.
import { exposePage } from './common.js';
const ta = document.getElementById('editor');
exposePage({ main: { text: () => ta.value, element: () => ta } });
