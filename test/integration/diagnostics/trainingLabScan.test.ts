/**
 * The whole Doctor through the router, as the renderer calls it, on a freshly
 * seeded training lab: every catalogue entry the issue lists is found at
 * start, and the scan reports no read it could not make.
 */
import { describe, expect, it } from 'vitest';
import { labDoctor } from '../../support/diagnostics';
import { RULE_FAMILIES } from '../../../src/main/diagnostics/rules';
import { RULE_IDS } from '../../../src/shared/contract';

const { call, target } = labDoctor('labscan');

describe('the Doctor on the training lab', () => {
  it('owns every catalogue entry in exactly one rule family', () => {
    const owners = RULE_FAMILIES.flatMap((f) => f.rules);
    expect([...owners].sort()).toEqual([...RULE_IDS].sort());
  });

  it('finds every catalogue failure at start, with nothing it could not read', async () => {
    const scan = await call('diagnostics.scan', { target });
    if (process.env.TRELLIS_PRINT_FINDINGS) {
      for (const f of scan.findings) console.log(`${f.rule}\t${f.severity}\t${f.id}\t${f.summary}`);
    }
    expect(scan.problems).toEqual([]);
    const rules = new Set(scan.findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual([...RULE_IDS].sort());
    expect(scan.environments.map((e) => e.name).sort()).toEqual([
      'Bbruceeb1-env',
      'Bbruceeb2-env',
      'flask-ssm-demo-prod',
      'flask-ssm-demo-staging',
    ]);
    expect(scan.apiCalls).toBeGreaterThan(0);
    // Every failed check has its finding and every finding its failed check.
    const failed = scan.checks.filter((c) => !c.passed).map((c) => c.id);
    for (const f of scan.findings) expect(failed).toContain(f.id);
  });

  it('scopes the Doctor panel to one environment', async () => {
    const scan = await call('diagnostics.scan', { target, environmentName: 'Bbruceeb2-env' });
    expect(scan.findings.length).toBeGreaterThan(0);
    expect(scan.findings.every((f) => f.environmentName === 'Bbruceeb2-env')).toBe(true);
    expect(new Set(scan.findings.map((f) => f.rule))).toEqual(
      new Set(['F2', 'F3', 'F5', 'F6', 'F7', 'F8', 'F9', 'F11', 'F15']),
    );
  });
});
