/**
 * F4, F5, F12 and F13 against the training lab: each family reads through the
 * real ScanSource (SDK clients → sandbox), its fixes are planned by the real
 * planners, and a re-scan after applying a fix shows the check passing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';
import { TRAINING_LAB } from '../../support/sandbox';
import { ClientFactory } from '../../../src/main/aws/clientFactory';
import { type AppContext } from '../../../src/main/context';
import { createScanSource } from '../../../src/main/diagnostics/scanSource';
import { networkFamily } from '../../../src/main/diagnostics/rules/network';
import { searchDomainsFamily } from '../../../src/main/diagnostics/rules/searchDomains';
import type { EvaluationContext, FindingDraft, RuleOutput, RunnableFamily } from '../../../src/main/diagnostics/types';
import type { Channel, ChannelInput, ChangeIntent } from '../../../src/shared/contract';

let ctx: AppContext;
let aws: ClientFactory;
const target = { profile: 'sandbox', region: 'us-east-1' };
const evalCtx: EvaluationContext = {
  account: TRAINING_LAB.accountId,
  region: 'us-east-1',
  partition: 'aws',
  now: new Date('2026-01-01T00:00:00Z'),
  settings: { deployers: [], requiredProperties: {}, parameterPaths: {} },
};

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

/** A fresh source per scan, as the service makes one per scan: nothing memoised survives a fix. */
async function scan(family: RunnableFamily, environmentName?: string): Promise<RuleOutput> {
  const source = createScanSource(aws, target);
  const out = await family.run(source, { ...evalCtx, ...(environmentName ? { environmentName } : {}) });
  expect(source.problems).toEqual([]);
  return out;
}

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

async function apply(intent: ChangeIntent): Promise<void> {
  const plan = await call('changes.plan', { target, intent });
  expect(plan.blocked).toBeUndefined();
  const out = await call('changes.apply', { planId: plan.id });
  expect(out.entry.status).toBe('applied');
}

/** An UpdateEnvironment deploys over simulated minutes; the deployed settings change when it is Ready again. */
async function settled(environmentName: string): Promise<void> {
  for (let i = 0; i < 30; i += 1) {
    const listed = await createScanSource(aws, target).environments();
    if (listed.find((e) => e.name === environmentName)?.status === 'Ready') return;
    ctx.sandbox?.advanceClock(60_000);
  }
  throw new Error(`${environmentName} never became Ready`);
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-netrules-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  aws = new ClientFactory(ctx.registry, { maxAttempts: 1 });
});
afterAll(async () => {
  aws?.destroy();
  await ctx?.close();
});

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
