/**
 * Every view, for sandbox users that hold exactly ViewOnlyAccess,
 * ReadOnlyAccess, SecurityAudit, or ReadOnlyAccess minus the four permissions
 * issue 13 names, driven through the main process as the renderer drives it.
 * Each outcome is read from the real answers: it works, works in part and
 * names what it could not read, or is refused naming the permission. The
 * table of outcomes is written to test/bench/results/leastPrivilege.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';
import {
  adminClients,
  cellText,
  createOperatorProfiles,
  OPERATOR_POLICIES,
  putCmkParameter,
  targetOf,
  type Outcome,
} from '../../support/leastPrivilege';
import { VIEW_PROBES } from './views';

const RESULTS = join(__dirname, '..', '..', 'bench', 'results', 'leastPrivilege.md');

let ctx: AppContext;
let dir: string;
const outcomes = new Map<string, Map<string, Outcome>>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-leastpriv-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  const admin = adminClients(ctx.sandbox!.endpoint);
  await putCmkParameter(admin.ssm);
  await createOperatorProfiles(admin.iam, ctx.sandbox!.endpoint, OPERATOR_POLICIES, {
    config: join(dir, 'config'),
    credentials: join(dir, 'credentials'),
  });
  admin.iam.destroy();
  admin.ssm.destroy();
  await mustCall(ctx.router, 'profiles.reload', {});
}, 60_000);

afterAll(async () => {
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const works: Outcome = { kind: 'works' };
const partial = (...missing: string[]): Outcome => ({ kind: 'partial', missing: missing.sort() });
const reported = (...missing: string[]): Outcome => ({ kind: 'reported', missing: missing.sort() });

const EB = (action: string) => `elasticbeanstalk:${action}`;

/**
 * What each policy's real document allows, view by view; a change in any
 * cell is a change in behaviour. ViewOnlyAccess lists but reads no contents
 * (no DescribeEvents, DescribeConfigurationSettings, GetRolePolicy,
 * DescribeParameters; its OpenSearch reads go through the 2015 API); SecurityAudit reads metadata but
 * no values (no ssm:GetParameter(s), no s3:GetObject, no
 * RequestEnvironmentInfo); ReadOnlyAccess reads everything but kms:Decrypt.
 */
const EXPECTED: Record<string, Record<string, Outcome>> = {
  'view-only': {
    Overview: partial(EB('DescribeEnvironmentHealth')),
    Environments: partial(EB('DescribeEnvironmentHealth')),
    'Environment: health': partial(EB('DescribeEnvironmentHealth'), EB('DescribeInstancesHealth')),
    'Environment: events': reported(EB('DescribeEvents')),
    'Environment: configuration': reported(EB('DescribeConfigurationSettings')),
    'Environment: logs': reported(EB('DescribeEnvironmentResources')),
    'Environment: resources': reported(EB('DescribeEnvironmentResources')),
    'Environment: bundle contents': partial('s3:GetObject'),
    IAM: partial(
      'iam:GetAccessKeyLastUsed',
      'iam:GetAccountAuthorizationDetails',
      'iam:GetRolePolicy',
      'iam:GetUserPolicy',
    ),
    'Parameters: list': reported('ssm:DescribeParameters'),
    'Parameters: reveal (aws/ssm key)': reported('ssm:GetParameter'),
    'Parameters: reveal (customer managed key)': reported('ssm:GetParameter'),
    Databases: works,
    'Security groups': works,
    // Described through the 2015 API's es:DescribeElasticsearchDomains, which ViewOnlyAccess allows.
    Domains: works,
    'Doctor scan': partial(
      EB('DescribeConfigurationSettings'),
      'iam:GetAccessKeyLastUsed',
      'iam:GetInstanceProfile',
      'iam:SimulatePrincipalPolicy',
    ),
    'Lab checklist': partial(EB('DescribeConfigurationSettings'), 'iam:GetAccessKeyLastUsed', 'iam:GetInstanceProfile'),
  },
  'read-only': {
    ...allWork(),
    'Parameters: reveal (customer managed key)': reported('kms:Decrypt'),
  },
  'security-audit': {
    ...allWork(),
    'Environment: logs': reported(EB('RequestEnvironmentInfo')),
    'Environment: bundle contents': partial('s3:GetObject'),
    'Parameters: list': partial('ssm:GetParameters'),
    'Parameters: reveal (aws/ssm key)': reported('ssm:GetParameter'),
    'Parameters: reveal (customer managed key)': reported('ssm:GetParameter'),
    'Doctor scan': partial('s3:GetObject', 'ssm:GetParameter'),
  },
  custom: {
    ...allWork(),
    'Environment: bundle contents': partial('s3:GetObject'),
    IAM: partial('iam:GetAccountAuthorizationDetails'),
    'Parameters: reveal (customer managed key)': reported('kms:Decrypt'),
    'Doctor scan': partial('iam:SimulatePrincipalPolicy', 's3:GetObject'),
  },
};

function allWork(): Record<string, Outcome> {
  return Object.fromEntries(VIEW_PROBES.map((p) => [p.view, works]));
}

async function outcomesFor(profile: string): Promise<Map<string, Outcome>> {
  const row = new Map<string, Outcome>();
  for (const probe of VIEW_PROBES) row.set(probe.view, await probe.run(ctx, targetOf(profile)));
  outcomes.set(profile, row);
  return row;
}

describe('each view for an operator holding one policy', () => {
  it.each([...OPERATOR_POLICIES])(
    '$label',
    async (policy) => {
      const row = await outcomesFor(policy.profile);
      expect(Object.fromEntries(row)).toEqual(EXPECTED[policy.profile]);
    },
    120_000,
  );

  it('writes the table of outcomes from the run', () => {
    expect(outcomes.size).toBe(OPERATOR_POLICIES.length);
    const header = ['View', ...OPERATOR_POLICIES.map((p) => p.label)];
    const lines = [
      '# Least-privilege operators: what each view does',
      '',
      'Generated by `test/integration/leastPrivilege/matrix.test.ts` from a run against the practice sandbox (training lab).',
      'Each user holds exactly the policy named; "custom" is ReadOnlyAccess with an explicit Deny of',
      '`iam:GetAccountAuthorizationDetails`, `iam:SimulatePrincipalPolicy`, `s3:GetObject` and `kms:Decrypt`.',
      '',
      '- **works**: the view shows everything it shows for an administrator;',
      '- **partial: missing X**: the view shows what it could read and names X where it stops;',
      '- **reported: missing X**: the view cannot load and its error names X.',
      '',
      `| ${header.join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      ...VIEW_PROBES.map(
        (probe) =>
          `| ${probe.view} | ${OPERATOR_POLICIES.map((p) => cellText(outcomes.get(p.profile)!.get(probe.view)!)).join(' | ')} |`,
      ),
      '',
    ];
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, lines.join('\n'));
    console.log(lines.join('\n'));
  });
});
