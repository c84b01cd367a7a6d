// Server-rendered pages of the ops console. `html` is a tagged template that escapes every
// interpolated value unless it is already a rendered fragment, so a tenant name or an error text
// from a downstream can never become markup.

export class Fragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(value: unknown): string {
  if (value instanceof Fragment) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  return new Fragment(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f5f6f8; }
header { background: #1d2430; color: #fff; padding: .6rem 1.25rem; display: flex; gap: 1rem; align-items: center; }
header a { color: #cfe0ff; } header form { margin-left: auto; }
main { padding: 1rem 1.25rem; max-width: 84rem; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; } h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 1rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
.ok { color: #11703a; } .warn { color: #9a6100; } .bad { color: #b3261e; font-weight: 600; }
.muted { color: #667085; } .card { background: #fff; padding: 1rem; border-radius: 6px; margin-bottom: 1rem; }
button { font: inherit; padding: .2rem .6rem; cursor: pointer; }
.summary { display: flex; gap: 1rem; flex-wrap: wrap; margin-bottom: 1rem; }
.summary div { background: #fff; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }
.summary b { display: block; font-size: 1.4rem; }
svg.chart { background: #fff; border: 1px solid #e3e6ea; }
h3 { font-size: .95rem; margin: 1rem 0 .35rem; color: #344054; }
table.targets { font-size: 13px; } table.targets td { font-variant-numeric: tabular-nums; }
td.error { max-width: 22rem; overflow-wrap: anywhere; }
td .reason { max-width: 18rem; overflow-wrap: anywhere; font-size: 12px; }
td .muted { font-weight: normal; }
table[data-table=connectors] { table-layout: fixed; }
table[data-table=connectors] th:nth-child(1) { width: 9%; }
table[data-table=connectors] th:nth-child(2) { width: 12%; }
table[data-table=connectors] th:nth-child(n+3):nth-child(-n+8) { width: 5%; }
table[data-table=connectors] th:nth-child(9) { width: 8%; }
table[data-table=connectors] th:nth-child(10), table[data-table=connectors] th:nth-child(11) { width: 14%; }
table[data-table=connectors] th:nth-child(12) { width: 13%; }
td.actions form { margin: 0 0 .3rem; } td.actions button { width: 100%; }
.flash { padding: .6rem 1rem; border-radius: 6px; margin: 0 0 1rem; }
.flash-ok { background: #e7f6ec; color: #11703a; } .flash-bad { background: #fdecea; color: #b3261e; }
`;

export function page(title: string, body: Fragment, header: Fragment = html``): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Roster ops</title><style>${new Fragment(STYLE)}</style></head>
<body><header><strong>Roster ops</strong>${header}</header><main>${body}</main></body></html>`.text;
}

/** Pages carry no script at all: forms post, links navigate. */
export const OPS_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";
