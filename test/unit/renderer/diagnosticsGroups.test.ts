import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_WIDE,
  compareFindings,
  countBySeverity,
  filterFindings,
  groupFindings,
  orderedFixes,
  splitAccepted,
} from '../../../src/renderer/src/views/diagnostics/findingGroups';
import { finding } from './diagnosticsFixtures';

const wsgi = finding({ id: 'F3:env', rule: 'F3', severity: 'critical', summary: 'Your WSGIPath names a missing file' });
const keys = finding({
  id: 'F14:key',
  rule: 'F14',
  severity: 'low',
  summary: 'Access key unused for 400 days',
  resource: { type: 'access-key', name: 'AKIA1' },
  environmentName: undefined,
});
const sg = finding({
  id: 'F5:sg',
  rule: 'F5',
  severity: 'high',
  summary: 'No ingress from the environment on 3306',
  resource: { type: 'security-group', name: 'sg-db' },
  environmentName: 'Alpha-env',
});
const props = finding({ id: 'F8:env', rule: 'F8', severity: 'high', summary: 'DB_HOST is missing' });
const f10 = finding({ id: 'F10:env', rule: 'F10', severity: 'high', summary: 'a' });
const f2 = finding({ id: 'F2:env', rule: 'F2', severity: 'high', summary: 'z' });

describe('finding order and counts', () => {
  it('sorts worst first, then by catalogue number (F2 before F10), not by text', () => {
    expect([f10, keys, f2, wsgi].sort(compareFindings).map((f) => f.id)).toEqual([
      'F3:env',
      'F2:env',
      'F10:env',
      'F14:key',
    ]);
  });

  it('counts by severity with zeros for the absent ones', () => {
    expect(countBySeverity([wsgi, sg, props, keys])).toEqual({ critical: 1, high: 2, medium: 0, low: 1 });
  });
});

describe('grouping', () => {
  it('groups by environment alphabetically with Account-wide last', () => {
    const groups = groupFindings([keys, props, sg, wsgi], 'environment');
    expect(groups.map((g) => g.title)).toEqual(['Alpha-env', 'Bbruceeb2-env', ACCOUNT_WIDE]);
    expect(groups[1]!.findings.map((f) => f.id)).toEqual(['F3:env', 'F8:env']);
  });

  it('groups by resource type, the group with the worst finding first', () => {
    const groups = groupFindings([keys, sg, wsgi], 'resource');
    expect(groups.map((g) => g.title)).toEqual(['Environments', 'Security groups', 'Access keys']);
  });

  it('keeps accepted findings apart', () => {
    const accepted = { ...props, accepted: { note: 'known', at: '2026-01-01T00:00:00.000Z' } };
    const { open, accepted: done } = splitAccepted([wsgi, accepted]);
    expect(open.map((f) => f.id)).toEqual(['F3:env']);
    expect(done.map((f) => f.id)).toEqual(['F8:env']);
  });
});

describe('filter', () => {
  it('matches every word against summary, rule, resource and environment, case-insensitively', () => {
    expect(filterFindings([wsgi, sg, keys], 'wsgipath').map((f) => f.id)).toEqual(['F3:env']);
    expect(filterFindings([wsgi, sg, keys], 'f5 sg-db').map((f) => f.id)).toEqual(['F5:sg']);
    expect(filterFindings([wsgi, sg, keys], 'account-wide').map((f) => f.id)).toEqual(['F14:key']);
    expect(filterFindings([wsgi, sg, keys], 'f5 wsgipath')).toEqual([]);
    expect(filterFindings([wsgi, sg], '  ')).toHaveLength(2);
  });
});

describe('fix order', () => {
  it('puts the recommended fix first and keeps the others in order', () => {
    const fixes = [
      { id: 'a', recommended: false },
      { id: 'b', recommended: false },
      { id: 'c', recommended: true },
    ];
    expect(orderedFixes(fixes).map((f) => f.id)).toEqual(['c', 'a', 'b']);
  });
});
