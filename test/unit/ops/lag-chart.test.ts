import { describe, expect, it } from 'vitest';
import { lagChart } from '../../../src/ops/index.js';

// The 24 h lag chart (src/ops/lag-chart.ts): inline SVG, no script, readable units, escaped text.

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('lag chart', () => {
  it('draws both series with a legend, time labels over the last day and seconds for small lags', () => {
    const svg = lagChart(
      'acme',
      [
        { t: NOW - 3_600_000, sync: 10, siem: 40 },
        { t: NOW, sync: 20, siem: 5 },
      ],
      NOW,
    ).text;
    expect(svg).toContain('data-series="sync"');
    expect(svg).toContain('data-series="siem"');
    expect(svg).toContain('>sync lag<');
    expect(svg).toContain('>SIEM lag<');
    for (const label of ['12:00', '18:00', '00:00', '06:00']) expect(svg).toContain(`>${label}<`);
    expect(svg).toContain('>50 s<');
    expect(svg).not.toContain('<script');
  });

  it('switches the axis to minutes past two minutes of lag', () => {
    const svg = lagChart('acme', [{ t: NOW, sync: 900, siem: 0 }], NOW).text;
    expect(svg).toContain('>20 min<');
  });

  it('says so when there are no samples, and escapes the tenant name', () => {
    const svg = lagChart('<b>evil</b>', [], NOW).text;
    expect(svg).toContain('no lag samples yet');
    expect(svg).toContain('&lt;b&gt;evil&lt;/b&gt;');
    expect(svg).not.toContain('polyline');
  });
});
