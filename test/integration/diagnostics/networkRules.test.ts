/**
 * F4, F5, F12 and F13 against the training lab: each family reads through the
 * real ScanSource (SDK clients → sandbox), its fixes are planned by the real
 * planners, and a re-scan after applying a fix shows the check passing.
 */
import { describe, expect, it } from 'vitest';
import { labDoctor, labEvaluation } from '../../support/diagnostics';
import { TRAINING_LAB } from '../../support/sandbox';
import { networkFamily } from '../../../src/main/diagnostics/rules/network';
import { searchDomainsFamily } from '../../../src/main/diagnostics/rules/searchDomains';
import type { FindingDraft, RuleOutput, RunnableFamily } from '../../../src/main/diagnostics/types';
import type { ChangeIntent } from '../../../src/shared/contract';

const doctor = labDoctor('netrules', labEvaluation({ now: new Date('2026-01-01T00:00:00Z') }));
const { call, apply, target } = doctor;

/** Scoped to one environment when named, as the Doctor panel scans. */
const scan = (family: RunnableFamily, environmentName?: string): Promise<RuleOutput> =>
  doctor.scan(family, environmentName ? { environmentName } : {});

function findingOf(out: RuleOutput, id: string): FindingDraft {
  const found = out.findings.find((f) => f.id === id);
  expect(found, `finding ${id} among ${out.findings.map((f) => f.id).join(', ')}`).toBeDefined();
  return found as FindingDraft;
}

function intentOf(finding: FindingDraft, fixId: string): ChangeIntent {
  const fix = finding.fixes.find((f) => f.id === fixId);
  expect(fix, `fix ${fixId}`).toBeDefined();
  return (fix as { intent: ChangeIntent }).intent;
}

/** An UpdateEnvironment deploys over simulated minutes; the deployed settings change when it is Ready again. */
async function settled(environmentName: string): Promise<void> {
  for (let i = 0; i < 30; i += 1) {
    const listed = await doctor.source().environments();
    if (listed.find((e) => e.name === environmentName)?.status === 'Ready') return;
    doctor.ctx.sandbox?.advanceClock(60_000);
  }
  throw new Error(`${environmentName} never became Ready`);
}

const F4_ID = 'F4:db-instance/edx-photos-db@Bbruceeb1-env';
const F5_ID = `F5:db-instance/edx-photos-db@${TRAINING_LAB.learnerEnvironment.environmentName}`;
const F12_ID = 'F12:environment/flask-ssm-demo-staging@aws:autoscaling:launchconfiguration:SecurityGroups';

describe('network rules on the training lab', () => {
  it('finds the first environment outside the database VPC and plans its replacement', async () => {
    const out = await scan(networkFamily);
    const f4 = findingOf(out, F4_ID);
    expect(f4.evidence.some((e) => e.source === 'event' && e.text.includes("Can't connect to MySQL server"))).toBe(
      true,
    );
    const create = intentOf(f4, 'replace-in-db-vpc');
    expect(create).toMatchObject({
      kind: 'beanstalk.createEnvironment',
      applicationName: TRAINING_LAB.learnerEnvironment.applicationName,
      environmentName: 'Bbruceeb1-env-vpc',
      replaces: 'Bbruceeb1-env',
    });
    const settings = create.kind === 'beanstalk.createEnvironment' ? create.optionSettings : [];
    expect(settings).toContainEqual({ namespace: 'aws:ec2:vpc', optionName: 'VPCId', value: TRAINING_LAB.edxVpcId });
    // web-server-sg is admitted by the database and serves HTTP; the Cloud9 group is admitted too but is not a web group.
    expect(settings).toContainEqual({
      namespace: 'aws:autoscaling:launchconfiguration',
      optionName: 'SecurityGroups',
      value: TRAINING_LAB.webServerSecurityGroupId,
    });
    const planned = await call('changes.plan', { target, intent: create });
    expect(planned.blocked).toBeUndefined();
    const terminate = await call('changes.plan', { target, intent: intentOf(f4, 'terminate-old') });
    expect(terminate.blocked).toBeUndefined();
    // The learner's second environment is in the database VPC: F4 passes there.
    expect(out.checks).toContainEqual(
      expect.objectContaining({
        id: `F4:db-instance/edx-photos-db@${TRAINING_LAB.learnerEnvironment.environmentName}`,
        passed: true,
      }),
    );
    expect(out.checks).toContainEqual(
      expect.objectContaining({ id: 'F5:db-instance/flask-db-instance-1@flask-ssm-demo-prod', passed: true }),
    );
  });

  it('admits the learner environment into the database and sees the check pass', async () => {
    const before = await scan(networkFamily, TRAINING_LAB.learnerEnvironment.environmentName);
    const f5 = findingOf(before, F5_ID);
    const intent = intentOf(f5, 'authorize-ingress');
    expect(intent).toMatchObject({
      kind: 'ec2.authorizeIngress',
      protocol: 'tcp',
      fromPort: 3306,
      toPort: 3306,
      source: { groupId: TRAINING_LAB.learnerEnvironment.securityGroupId },
    });
    // Scoped to one environment: nothing about the others.
    expect(before.checks.every((c) => c.environmentName === TRAINING_LAB.learnerEnvironment.environmentName)).toBe(
      true,
    );
    await apply(intent);
    const after = await scan(networkFamily, TRAINING_LAB.learnerEnvironment.environmentName);
    expect(after.findings.map((f) => f.id)).not.toContain(F5_ID);
    expect(after.checks).toContainEqual(expect.objectContaining({ id: F5_ID, passed: true }));
  });

  it('rewrites the staging environment’s group name to its ID', async () => {
    const before = await scan(networkFamily, 'flask-ssm-demo-staging');
    const f12 = findingOf(before, F12_ID);
    expect(f12.evidence[0]).toMatchObject({ text: 'custom_eb_asg' });
    const intent = intentOf(f12, 'use-group-ids');
    expect(intent).toEqual({
      kind: 'beanstalk.updateOptions',
      environmentName: 'flask-ssm-demo-staging',
      set: [
        {
          namespace: 'aws:autoscaling:launchconfiguration',
          optionName: 'SecurityGroups',
          value: TRAINING_LAB.demoEnvironment.securityGroupId,
        },
      ],
      remove: [],
    });
    await apply(intent);
    await settled('flask-ssm-demo-staging');
    const after = await scan(networkFamily, 'flask-ssm-demo-staging');
    expect(after.checks).toContainEqual(expect.objectContaining({ id: F12_ID, passed: true }));
  });
});

describe('search domain rules on the training lab', () => {
  it('flags the open and the IP-holed domains, passes the VPC one, and closes the hole', async () => {
    const before = await scan(searchDomainsFamily);
    const open = findingOf(before, 'F13:search-domain/test-domain@open');
    expect(open.severity).toBe('critical');
    const ip = findingOf(before, 'F13:search-domain/elastic@ip');
    expect(ip.summary).toContain('8.7.6.5');
    expect(before.checks).toContainEqual(
      expect.objectContaining({ id: 'F13:search-domain/secure-search@open', passed: true }),
    );
    expect(before.findings.some((f) => f.resource.name === 'secure-search')).toBe(false);
    const dropPlan = await call('changes.plan', { target, intent: intentOf(open, 'drop-open') });
    expect(dropPlan.blocked).toBeUndefined();

    await apply(intentOf(ip, 'remove-ip'));
    const after = await scan(searchDomainsFamily);
    expect(after.checks).toContainEqual(expect.objectContaining({ id: 'F13:search-domain/elastic@ip', passed: true }));
    expect(after.findings.map((f) => f.id)).not.toContain('F13:search-domain/elastic@ip');
  });
});
