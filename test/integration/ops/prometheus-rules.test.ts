import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { promtool } from '../../helpers/prometheus.js';

// docs/prometheus-rules.yml is what operators load into Prometheus: promtool must accept it, and
// its unit tests (docs/prometheus-rules.test.yml) must pass.

describe('Prometheus alert rules', () => {
  it('pass promtool check rules', async () => {
    const { code, output } = await promtool(['check', 'rules', path.join(REPO_ROOT, 'docs/prometheus-rules.yml')]);
    expect(output).toContain('SUCCESS: 5 rules found');
    expect(code).toBe(0);
  });

  it('fire the SIEM lag alert only after the lag stays over 10 minutes (promtool test rules)', async () => {
    const { code, output } = await promtool(['test', 'rules', path.join(REPO_ROOT, 'docs/prometheus-rules.test.yml')]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });
});
