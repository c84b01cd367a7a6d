import type { LagPoint } from '../status/index.js';
import { html, type Fragment } from './html.js';

// The 24 h lag chart of one tenant as inline SVG, drawn on the server: the console's CSP allows
// no script, and people read a line faster than a table. Time runs left to right over the last
// day; the y axis is in minutes once the lag passes two minutes, else in seconds.

const W = 720;
const H = 200;
const PAD = { left: 56, right: 16, top: 28, bottom: 32 };
const HOUR = 3_600_000;
const SERIES = [
  { key: 'sync', label: 'sync lag', colour: '#2563eb' },
  { key: 'siem', label: 'SIEM lag', colour: '#d97706' },
] as const;

/** A round top for the y axis: 1, 2 or 5 times a power of ten, at least `max`. */
function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].find((m) => m * power >= max) ?? 10) * power;
}

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

function axes(from: number, top: number, unit: { div: number; name: string }): Fragment {
  const x = (t: number) => PAD.left + ((t - from) / (24 * HOUR)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const ticksX = [0, 6, 12, 18, 24].map((h) => from + h * HOUR);
  const ticksY = [0, 0.5, 1].map((f) => f * top);
  return html`<g font-size="11" fill="#667085">
${ticksY.map(
  (v) => html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e6ea"/>
<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end">${+(v / unit.div).toFixed(1)} ${unit.name}</text>`,
)}
${ticksX.map((t) => html`<text x="${x(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${hhmm(t)}</text>`)}
<text x="${W - PAD.right}" y="${H - 4}" text-anchor="end">time (UTC), last 24 h</text></g>`;
}

function line(points: LagPoint[], key: 'sync' | 'siem', colour: string, from: number, top: number): Fragment {
  if (points.length === 0) return html``;
  const coords = points.map((p) => {
    const x = PAD.left + ((p.t - from) / (24 * HOUR)) * (W - PAD.left - PAD.right);
    const y = H - PAD.bottom - (Math.min(p[key], top) / top) * (H - PAD.top - PAD.bottom);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return html`<polyline data-series="${key}" fill="none" stroke="${colour}" stroke-width="1.8"
 points="${coords.join(' ')}"/>`;
}

function legend(): Fragment {
  return html`<g font-size="12">${SERIES.map(
    (s, i) => html`<rect x="${PAD.left + i * 110}" y="8" width="14" height="4" fill="${s.colour}"/>
<text x="${PAD.left + i * 110 + 20}" y="14" fill="#1d2430">${s.label}</text>`,
  )}</g>`;
}

/** The chart for one tenant; `now` is the right edge. */
export function lagChart(tenantName: string, points: LagPoint[], now = Date.now()): Fragment {
  const from = now - 24 * HOUR;
  const max = Math.max(0, ...points.flatMap((p) => [p.sync, p.siem]));
  const unit = max > 120 ? { div: 60, name: 'min' } : { div: 1, name: 's' };
  const top = niceCeiling(max / unit.div) * unit.div;
  const empty = points.length === 0;
  return html`<figure style="margin:0 0 1rem"><svg class="chart" role="img" viewBox="0 0 ${W} ${H}"
 width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg" data-chart="lag"
 data-points="${points.length}"><title>Sync and SIEM lag of ${tenantName}, last 24 h</title>
${legend()}${axes(from, top, unit)}
<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#98a2b3"/>
<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#98a2b3"/>
${SERIES.map((s) => line(points, s.key, s.colour, from, top))}
${
  empty
    ? html`<text x="${W / 2}" y="${H / 2}" text-anchor="middle"
 fill="#667085">no lag samples yet (the workers record one a minute)</text>`
    : ''
}
</svg></figure>`;
}
