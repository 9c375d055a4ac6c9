// A Quill 2 editor (as on LinkedIn's older composer).
import Quill from 'quill';
import 'quill/dist/quill.snow.css';
import { exposePage } from './common.js';

const quill = new Quill('#editor', { theme: 'snow', placeholder: 'Start a post', modules: { toolbar: false } });
exposePage({ main: { text: () => quill.getText().replace(/\n$/, ''), element: () => quill.root } });
