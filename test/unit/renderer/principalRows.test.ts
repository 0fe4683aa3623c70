import { describe, expect, it } from 'vitest';
import type { Role, User } from '../../../src/shared/contract';
import { principalRows } from '../../../src/renderer/src/views/iam/principalRows';

const role = (name: string, extra: Partial<Role> = {}): Role => ({
  name,
  arn: `arn:aws:iam::570589970431:role/${name}`,
  id: `AROA${name.toUpperCase().padEnd(17, 'X')}`,
  path: '/',
  createDate: '2024-01-01T00:00:00Z',
  trustPolicy: '{}',
  attachedPolicies: [],
  inlinePolicies: [],
  instanceProfiles: [],
  ...extra,
});
const policy = (policyName: string) => ({ policyName, policyArn: `arn:aws:iam::aws:policy/${policyName}` });

const roles: Role[] = [
  role('role-10', { attachedPolicies: [policy('ReadOnlyAccess'), policy('AmazonS3FullAccess')] }),
  role('role-2', { lastUsed: { date: '2026-11-01T00:00:00Z' } }),
  role('Role-1', { attachedPolicies: [policy('AWSElasticBeanstalkWebTier')], createDate: '2019-05-01T00:00:00Z' }),
  role('role-02b', { lastUsed: { date: '2026-11-20T00:00:00Z' }, instanceProfiles: [{ name: 'web', arn: 'x' }] }),
];
const names = (rows: readonly { name: string }[]) => rows.map((r) => r.name);

describe('principalRows', () => {
  it('sorts names naturally by default', () => {
    expect(names(principalRows(roles, { column: 'name', descending: false }, ''))).toEqual([
      'Role-1',
      'role-2',
      'role-02b',
      'role-10',
    ]);
  });

  it('sorts by a count with names breaking ties, either way round', () => {
    expect(names(principalRows(roles, { column: 'attached', descending: false }, ''))).toEqual([
      'role-2',
      'role-02b',
      'Role-1',
      'role-10',
    ]);
    expect(names(principalRows(roles, { column: 'attached', descending: true }, ''))).toEqual([
      'role-10',
      'Role-1',
      'role-02b',
      'role-2',
    ]);
  });

  it('puts never-used roles first when sorting by last use, oldest first', () => {
    expect(names(principalRows(roles, { column: 'lastUsed', descending: false }, ''))).toEqual([
      'Role-1',
      'role-10',
      'role-2',
      'role-02b',
    ]);
  });

  it('sorts by creation date and by memberships, no memberships last', () => {
    expect(names(principalRows(roles, { column: 'created', descending: false }, ''))[0]).toBe('Role-1');
    expect(names(principalRows(roles, { column: 'memberships', descending: false }, ''))[0]).toBe('role-02b');
  });

  it('filters on name, ARN and attached policy names, in the sort order', () => {
    const byName = { column: 'name', descending: false } as const;
    expect(names(principalRows(roles, byName, 'webtier'))).toEqual(['Role-1']);
    expect(names(principalRows(roles, byName, 'readonly s3full'))).toEqual(['role-10']);
    expect(names(principalRows(roles, byName, ':role/role-2'))).toEqual(['role-2']);
    expect(names(principalRows(roles, { column: 'name', descending: true }, 'role-'))).toEqual([
      'role-10',
      'role-02b',
      'role-2',
      'Role-1',
    ]);
  });

  it('computes each order once per snapshot: the same query answers the same array', () => {
    const sort = { column: 'inline', descending: false } as const;
    expect(principalRows(roles, sort, '')).toBe(principalRows(roles, sort, ''));
    // A new snapshot (new arrays of new objects, as every load brings) is a new table.
    expect(
      principalRows(
        roles.map((r) => ({ ...r })),
        sort,
        '',
      ),
    ).not.toBe(principalRows(roles, sort, ''));
  });

  it('lists users with their groups as memberships', () => {
    const users: User[] = [
      {
        name: 'ana-10',
        arn: 'arn:aws:iam::1:user/ana-10',
        id: 'AIDAXXXXXXXXXXXXXXXXX',
        path: '/',
        createDate: '2024-01-01T00:00:00Z',
        attachedPolicies: [],
        inlinePolicies: [],
        groups: ['ops'],
      },
      {
        name: 'ana-9',
        arn: 'arn:aws:iam::1:user/ana-9',
        id: 'AIDAYYYYYYYYYYYYYYYYY',
        path: '/',
        createDate: '2024-01-01T00:00:00Z',
        attachedPolicies: [],
        inlinePolicies: [],
        groups: [],
      },
    ];
    const rows = principalRows(users, { column: 'name', descending: false }, '');
    expect(rows.map((r) => [r.name, r.memberships])).toEqual([
      ['ana-9', ''],
      ['ana-10', 'ops'],
    ]);
  });
});
