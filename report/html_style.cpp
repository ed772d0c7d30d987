#include "report/html_style.h"

namespace painlog::report {

std::string_view html_style() {
    // No url(), @import or @font-face: the page must not reach for anything outside itself.
    return R"css(
:root {
  --ink: #1f2a33; --muted: #5d6b76; --line: #d8dee4; --soft: #f4f6f8; --paper: #ffffff;
  --accent: #2b6c8a; --worse: #b5542f; --better: #2e7d5b; --unclear: #7b8794; --band: #fbefc9;
}
* { box-sizing: border-box; }
html { background: #e9edf1; }
body {
  margin: 0; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans",
        "Helvetica Neue", Arial, sans-serif;
  font-variant-numeric: tabular-nums;
}
main {
  max-width: 60rem; margin: 1.5rem auto; padding: 2rem 2.25rem 2.5rem;
  background: var(--paper); border-radius: 12px; box-shadow: 0 1px 3px rgba(31, 42, 51, 0.12);
}
header { border-bottom: 1px solid var(--line); padding-bottom: 1rem; margin-bottom: 0.5rem; }
.kicker { margin: 0; color: var(--accent); font-size: 0.8rem; font-weight: 600;
  letter-spacing: 0.08em; text-transform: uppercase; }
h1 { margin: 0.2rem 0 0.4rem; font-size: 1.7rem; line-height: 1.25; font-weight: 650; }
.headline { margin: 0; font-size: 1.2rem; }
.meta { margin: 0.4rem 0 0; color: var(--muted); font-size: 0.85rem; }
h2 { margin: 2rem 0 0.6rem; font-size: 1.15rem; font-weight: 650; }
h2 + p { margin-top: 0; }
section > p, li { max-width: 46rem; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 0.6rem; margin: 1.2rem 0 0.4rem; }
.card { background: var(--soft); border-radius: 8px; padding: 0.6rem 0.75rem; }
.card .label { display: block; color: var(--muted); font-size: 0.78rem; }
.card .value { display: block; font-size: 1.45rem; font-weight: 650; line-height: 1.3; }
.card .detail { display: block; color: var(--muted); font-size: 0.78rem; }
.start { background: var(--soft); border-left: 4px solid var(--accent); padding: 0.9rem 1.1rem;
  border-radius: 0 8px 8px 0; font-size: 1.05rem; }
.callout { background: #fff8e6; border-left: 4px solid #d9a514; padding: 0.6rem 0.9rem;
  border-radius: 0 8px 8px 0; font-weight: 600; }
figure { margin: 0.6rem 0 0; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 0.3rem; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.45rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; font-size: 0.78rem; border-bottom: 1.5px solid #b9c2ca; }
td.num, th.num { text-align: right; white-space: nowrap; }
#week td:first-child { white-space: nowrap; }
tr.unlogged td { color: var(--unclear); }
#week tbody.day { border-bottom: 1px solid var(--line); }
#week td { border-bottom: none; }
#week tr.logged td { padding-bottom: 0.1rem; }
#week tr.details td { color: var(--muted); font-size: 0.8rem; padding-top: 0; }
.pain-bad { color: var(--worse); font-weight: 700; }
.pain-cell { font-weight: 600; font-size: 1rem; }
.note { font-style: italic; }
table.weeks td, table.weeks th { text-align: center; padding: 0.25rem 0.2rem; }
table.weeks .current { background: var(--band); }
#adherence td { width: 14.28%; }
#adherence ul { list-style: none; margin: 0; padding: 0; }
#adherence li { margin: 0 0 0.2rem; }
.done { color: var(--better); }
.missed { color: var(--unclear); }
.extra { color: var(--accent); }
.gear { margin: 0.6rem 0 0; }
#findings { padding-left: 1.6rem; }
#findings li { margin: 0 0 0.45rem; }
.finding.flagged { font-weight: 600; }
.finding .marker { display: inline-block; width: 1.2em; }
.finding.worse .marker { color: var(--worse); }
.finding.better .marker { color: var(--better); }
.finding.other { color: var(--muted); }
.finding.not-enough-data { color: var(--ink); }
.method p { color: #3c4852; }
footer.disclaimer { margin-top: 2rem; padding-top: 0.8rem; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 0.85rem; }
/* Charts */
.chart .grid { stroke: #e6eaee; stroke-width: 1; }
.chart .axis { stroke: #9aa5ae; stroke-width: 1; }
.chart .tick, .chart .axis-label, .chart .legend-text, .chart .caption { fill: var(--muted); font-size: 11px; }
.chart .band-label { fill: #8a6d12; font-size: 11px; font-weight: 600; }
.chart .this-week { fill: var(--band); }
.chart .week-line { stroke: #d3d9df; stroke-width: 1; stroke-dasharray: 2 3; }
.chart .threshold { stroke: var(--worse); stroke-width: 1; stroke-dasharray: 5 4; opacity: 0.7; }
.chart .gear-change { stroke: var(--accent); stroke-width: 1.2; }
.chart .gear-label { fill: var(--accent); font-size: 10.5px; }
.chart .avg7 { fill: none; stroke: var(--accent); stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
.chart circle.pain-point, .chart circle.point-key { fill: #8fb3c6; stroke: #ffffff; stroke-width: 1; }
.chart circle.pain-point.bad { fill: var(--worse); }
.chart .empty { fill: var(--muted); font-size: 14px; }
.chart .row-band { fill: var(--soft); }
.chart .zero { stroke: #55616b; stroke-width: 1.2; }
.chart .label { fill: var(--ink); font-size: 12.5px; }
.chart .figures { fill: var(--ink); font-size: 12px; }
.chart .ci { stroke: var(--unclear); stroke-width: 2; }
.chart .estimate { fill: #ffffff; stroke: var(--unclear); stroke-width: 2; }
.chart .effect-row.worse .ci { stroke: var(--worse); }
.chart .effect-row.worse .estimate { fill: var(--worse); stroke: var(--worse); }
.chart .effect-row.better .ci { stroke: var(--better); }
.chart .effect-row.better .estimate { fill: var(--better); stroke: var(--better); }
.chart .unit { font-style: italic; }
@media (max-width: 44rem) {
  main { margin: 0; border-radius: 0; padding: 1.2rem; }
  .cards { grid-template-columns: repeat(2, 1fr); }
}
/* Print: 15 mm margins on whatever paper the printer has; at most 180 mm wide, so
   both A4 (180 mm inside the margins) and Letter (185.9 mm) hold it. */
@page { margin: 15mm; }
@media print {
  html, body { background: #ffffff; color: #000000; }
  body { font-size: 10pt; }
  main { max-width: 180mm; margin: 0; padding: 0; border-radius: 0; box-shadow: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1 { font-size: 17pt; }
  h2 { margin-top: 6mm; break-after: avoid; page-break-after: avoid; }
  .kicker, .meta, th, .card .label, .card .detail, figcaption, footer.disclaimer, .method p,
  #week tr.details td { color: #222222; }
  .cards { grid-template-columns: repeat(5, 1fr); }
  .card { border: 0.5pt solid #999999; background: #ffffff; }
  table { font-size: 8.5pt; }
  figure, svg.chart, .cards, tr, tbody.day, li.finding, .start, .callout, footer.disclaimer {
    break-inside: avoid; page-break-inside: avoid;
  }
  thead { display: table-header-group; }
  svg.chart { max-height: 110mm; }
}
)css";
}

}  // namespace painlog::report
