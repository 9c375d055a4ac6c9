// A plain textarea compose box.
import { exposePage } from './common.js';
const ta = document.getElementById('editor');
exposePage({ main: { text: () => ta.value, element: () => ta } });
