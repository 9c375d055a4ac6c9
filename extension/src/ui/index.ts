// The overlay shared by the extension and the Policy Studio: underlines, card, badge and the
// warning before posting, over a textarea or a contenteditable editor. Framework-free; see README.md.
export { createOverlay, countBySeverity, type Overlay, type OverlayOptions } from './overlay';
export {
  readEditorText,
  replaceSpan,
  caretOffset,
  isTextArea,
  type EditorElement,
  type EditorText,
} from './editor-text';
export { uiStrings, type UiStrings } from './strings';
