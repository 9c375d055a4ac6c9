// The overlay's stylesheet, applied inside its shadow root as a constructed stylesheet (which a
// page's Content-Security-Policy does not block, unlike <style> elements). Severities differ in
// colour AND line shape (solid / dashed / dotted) so they stay distinct without colour vision.
export const OVERLAY_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.layer { position: absolute; left: 0; top: 0; width: 0; height: 0; overflow: visible; }
.mark {
  position: absolute; pointer-events: none; border-radius: 2px;
  border-bottom-width: 2px; border-bottom-style: solid;
}
.mark.block { background: rgba(220, 38, 38, 0.13); border-bottom: 3px solid #dc2626; }
.mark.warn  { background: rgba(217, 119, 6, 0.10); border-bottom: 2px dashed #d97706; }
.mark.info  { background: transparent; border-bottom: 2px dotted #2563eb; }
.mark.active.block { background: rgba(220, 38, 38, 0.26); }
.mark.active.warn  { background: rgba(217, 119, 6, 0.22); }
.mark.active.info  { background: rgba(37, 99, 235, 0.14); }

.badge {
  position: absolute; pointer-events: auto; display: flex; gap: 6px; align-items: center;
  padding: 2px 7px; border-radius: 999px; border: 1px solid #d0d5dd; background: #ffffff;
  color: #1f2937; font: 600 11px/16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  box-shadow: 0 1px 3px rgba(0,0,0,.18); cursor: pointer; white-space: nowrap;
}
.badge .count { display: inline-flex; align-items: center; gap: 3px; }
.badge .dot { width: 8px; height: 8px; border-radius: 2px; display: inline-block; }
.badge .dot.block { background: #dc2626; }
.badge .dot.warn { background: #d97706; border-radius: 50%; }
.badge .dot.info { background: #2563eb; border-radius: 50% 50% 0 50%; }
.badge.clean { color: #15803d; font-weight: 700; }
.badge:focus-visible, .card button:focus-visible, .card a:focus-visible {
  outline: 2px solid #2563eb; outline-offset: 2px;
}

.card {
  position: absolute; pointer-events: auto; width: 340px; max-width: calc(100vw - 16px);
  background: #ffffff; color: #111827; border: 1px solid #d0d5dd; border-left-width: 5px;
  border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.18); padding: 10px 12px 10px 12px;
  max-height: calc(100vh - 16px); overflow: auto;
  font: 400 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: start;
}
.card.block { border-left-color: #dc2626; }
.card.warn { border-left-color: #d97706; }
.card.info { border-left-color: #2563eb; }
.card .head { display: flex; align-items: center; gap: 8px; margin-bottom: 4px; font-size: 12px; }
.card .sev { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.card.block .sev { color: #b91c1c; }
.card.warn .sev { color: #b45309; }
.card.info .sev { color: #1d4ed8; }
.card .cat { color: #4b5563; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.card .nav { display: flex; align-items: center; gap: 2px; color: #4b5563; }
.card .icon { border: 0; background: transparent; color: inherit; cursor: pointer; font: inherit;
  font-size: 15px; line-height: 1; padding: 3px 6px; border-radius: 4px; }
.card .icon:hover { background: rgba(0,0,0,.07); }
.card .message { font-weight: 600; margin: 0 0 6px 0; }
.card .detail { margin: 0 0 6px 0; color: #374151; }
.card .detail .label { font-weight: 600; }
.card .disguised { margin: 0 0 6px 0; color: #6b21a8; font-size: 13px; }
.card .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; margin: 2px 0 8px 0; }
.card .replace {
  border: 0; border-radius: 6px; padding: 6px 10px; cursor: pointer; font: inherit; font-weight: 600;
  background: #1d4ed8; color: #ffffff; max-width: 100%; overflow: hidden; text-overflow: ellipsis;
}
.card .replace:hover { background: #1e40af; }
.card .secondary {
  border: 1px solid #9ca3af; border-radius: 6px; padding: 5px 10px; cursor: pointer; font: inherit;
  background: transparent; color: inherit;
}
.card a { color: #1d4ed8; }
.card .hint { margin-top: 6px; font-size: 11px; color: #6b7280; }
.card .notice { margin-top: 6px; font-size: 13px; color: #b91c1c; }
.card ul { margin: 4px 0 6px 0; padding-inline-start: 18px; }
.card li { margin: 2px 0; }

.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

@media (prefers-color-scheme: dark) {
  .badge { background: #1f2937; color: #f3f4f6; border-color: #4b5563; }
  .badge.clean { color: #4ade80; }
  .card { background: #111827; color: #f3f4f6; border-color: #374151; box-shadow: 0 8px 24px rgba(0,0,0,.5); }
  .card .cat, .card .nav, .card .hint { color: #9ca3af; }
  .card .detail { color: #d1d5db; }
  .card .disguised { color: #d8b4fe; }
  .card.block .sev { color: #f87171; }
  .card.warn .sev { color: #fbbf24; }
  .card.info .sev { color: #93c5fd; }
  .card a { color: #93c5fd; }
  .card .icon:hover { background: rgba(255,255,255,.1); }
  .card .replace { background: #3b82f6; }
  .card .replace:hover { background: #2563eb; }
  .card .notice { color: #f87171; }
  .mark.block { background: rgba(248, 113, 113, 0.20); border-bottom-color: #f87171; }
  .mark.warn  { background: rgba(251, 191, 36, 0.14); border-bottom-color: #fbbf24; }
  .mark.info  { border-bottom-color: #60a5fa; }
}
`;
