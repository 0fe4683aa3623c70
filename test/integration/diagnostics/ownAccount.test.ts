/**
 * The Doctor on an account that is not the training lab: built from an empty
 * sandbox through the public API, as the AWS CLI would, with other names,
 * PostgreSQL on 6543, roles instead of users, and region eu-west-1. Every
 * finding must come from the account's own state, and every fix must verify
 * there. The tests run in order over one built account.
 */
import { DescribeConfigurationSettingsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../../src/sandbox';
import type { Channel, ChannelInput, Finding, ScanResult } from '../../../src/shared/contract';
import {
  type BuilderConnection,
  buildOrdersAccount,
  environmentStatus,
  ORDERS,
  type OrdersAccount,
  TRAINING_LAB_NAMES,
} from '../../support/accountBuilder';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';

const REGION = 'eu-west-1';
const target = { profile: 'sandbox', region: REGION };
const ENV = ORDERS.environment;
const F5_ID = `F5:db-instance/${ORDERS.db}@${ENV}`;
const F13_ID = `F13:search-domain/${ORDERS.openDomain}@open`;
const F1_ID = `F1:user/${ORDERS.deployer}`;
const F11_ID = `F11:environment/${ENV}`;

let ctx: AppContext;
let conn: BuilderConnection;
let built: OrdersAccount;

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    if ((await environmentStatus(conn, ENV)) === 'Ready') return;
    ctx.sandbox?.advanceClock(60_000);
  }
  throw new Error(`${ENV} never became Ready`);
}

function findingOf(scan: { findings: Finding[] }, id: string): Finding {
  const found = scan.findings.find((f) => f.id === id);
  expect(found, `${id} among ${scan.findings.map((f) => f.id).join(', ')}`).toBeDefined();
  return found as Finding;
}

/** Plans the finding's fix through the Doctor, applies it through the change mechanism, and returns the entry. */
async function applyFix(findingId: string, fixId: string) {
  const plan = await call('diagnostics.planFix', { target, findingId, fixId });
  expect(plan.blocked).toBeUndefined();
  expect(plan.target).toEqual(target);
  const out = await call('changes.apply', { planId: plan.id });
  expect(out.entry.status, JSON.stringify(out.entry.steps)).toBe('applied');
  return { plan, entry: out.entry };
}

async function verify(findingId: string) {
  return call('diagnostics.verify', { target, findingId });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-ownaccount-'));
  // The app console over an EMPTY sandbox: nothing of the lab exists, so every finding comes from what we build.
  ctx = await consoleIn(dir, { sandbox: { scenario: 'empty' }, dataDir: join(dir, 'data') });
  const sandbox = ctx.sandbox;
  if (!sandbox) throw new Error('the sandbox did not start');
  conn = { endpoint: sandbox.endpoint, region: REGION, credentials: SANDBOX_ADMIN_CREDENTIALS };
  built = await buildOrdersAccount(conn, sandbox.accountId);
  await settle();
  await call('diagnostics.saveSettings', {
    target,
    settings: { deployers: [{ type: 'user', name: ORDERS.deployer }], requiredProperties: {}, parameterPaths: {} },
  });
}, 30_000);

afterAll(async () => {
  await ctx?.close();
});

describe('the Doctor on an account built from scratch in eu-west-1', () => {
  let scan: ScanResult;

  it('finds the account’s own failures, in its region, and nothing of the training lab', async () => {
    scan = await call('diagnostics.scan', { target });
    expect(scan.problems).toEqual([]);
    expect(scan.account).toBe(built.account);
    expect(scan.environments).toEqual([expect.objectContaining({ name: ENV, applicationName: ORDERS.application })]);

    const f5 = findingOf(scan, F5_ID);
    expect(f5.summary).toContain('6543');
    expect(f5.resource.arn).toBe(`arn:aws:rds:${REGION}:${built.account}:db:${ORDERS.db}`);
    expect(f5.evidence.map((e) => e.text).join('\n')).toContain(
      `${built.dbGroupId} (${ORDERS.dbGroup}): no inbound rules`,
    );
    expect(f5.evidence.map((e) => e.text).join('\n')).toContain(`${built.webGroupId} (${ORDERS.webGroup})`);

    const f3 = findingOf(scan, `F3:environment/${ENV}`);
    expect(f3.evidence).toContainEqual(
      expect.objectContaining({ source: 'health', text: 'Following services are not running: web.' }),
    );
    expect(f3.evidence).toContainEqual(expect.objectContaining({ source: 'setting', text: 'application:application' }));
    expect(f3.explanation).toContain('module:callable');

    const f7 = findingOf(scan, `F7:environment/${ENV}`);
    expect(f7.evidence.map((e) => e.text).join('\n')).toContain('ORDERS_MEDIA_BUCKET');

    const f8 = findingOf(scan, `F8:environment/${ENV}`);
    expect(f8.summary).toBe(`${ENV}: missing environment property SIGNING_KEY`);
    expect(f8.evidence).toContainEqual(
      expect.objectContaining({ source: 'bundle', text: "os.environ['SIGNING_KEY']" }),
    );

    const f9 = findingOf(scan, `F9:environment/${ENV}@DB_PASSWORD`);
    expect(f9.summary).toMatch(/& % \$/);
    const f11 = findingOf(scan, F11_ID);
    expect(f11.summary).toContain('DB_PASSWORD');
    expect(f11.related).toContainEqual(
      expect.objectContaining({
        type: 'ssm-parameter',
        arn: `arn:aws:ssm:${REGION}:${built.account}:parameter/${ORDERS.application}/${ENV}/DB_PASSWORD`,
      }),
    );
    expect(f11.related).toContainEqual({ type: 'role', name: ORDERS.instanceRole });

    const f1 = findingOf(scan, F1_ID);
    expect(f1.evidence).toContainEqual(
      expect.objectContaining({ source: 'simulation', text: 'iam:PassRole: implicitDeny — SimulatePrincipalPolicy' }),
    );

    // The open-but-FGAC domain passes; only the IP-holed one without FGAC is flagged.
    // aws:SourceIp 0.0.0.0/0 restricts nothing: as open, and as critical, as a bare "*".
    const f13 = findingOf(scan, F13_ID);
    expect(f13.summary).toContain('its aws:SourceIp list includes 0.0.0.0/0');
    expect(f13.severity).toBe('critical');
    expect(f13.resource.arn).toBe(`arn:aws:es:${REGION}:${built.account}:domain/${ORDERS.openDomain}`);
    expect(scan.findings.filter((f) => f.rule === 'F13').map((f) => f.resource.name)).toEqual([ORDERS.openDomain]);
    expect(scan.checks.filter((c) => c.subject.name === ORDERS.fgacDomain).every((c) => c.passed)).toBe(true);
    expect(scan.checks.some((c) => c.subject.name === ORDERS.fgacDomain)).toBe(true);

    // A secret value never crosses to the renderer, and nothing names the lab or its region.
    const visible = JSON.stringify(scan.findings);
    expect(visible).not.toContain(ORDERS.dbPassword);
    for (const name of TRAINING_LAB_NAMES) expect(visible, name).not.toContain(name);
    expect(visible).not.toContain('us-east-1');
  });

  it('offers the package module app.main:application for the gunicorn WSGIPath (F3)', () => {
    const f3 = findingOf(scan, `F3:environment/${ENV}`);
    // The callable lives in app/main.py; the fix (or at least the manual step) must name its module form.
    const offered = JSON.stringify([f3.fixes, f3.manual, f3.summary]);
    expect(offered).toContain('app.main:application');
  });

  it('plans F5 ingress on 6543 from the environment’s own group orders-web-sg', async () => {
    const plan = await call('diagnostics.planFix', { target, findingId: F5_ID, fixId: 'authorize-ingress' });
    expect(plan.intent).toMatchObject({
      kind: 'ec2.authorizeIngress',
      groupId: built.dbGroupId,
      protocol: 'tcp',
      fromPort: 6543,
      toPort: 6543,
      source: { groupId: built.webGroupId },
    });
  });

  it('applies the F5 fix, verifies it, and sees the finding return after undo', async () => {
    const { plan, entry } = await applyFix(F5_ID, 'authorize-ingress');
    expect(plan.cli.join('\n')).toContain('--region eu-west-1');
    expect(plan.cli.join('\n')).toContain('6543');
    expect((await verify(F5_ID)).status).toBe('verified');

    const source = plan.intent.kind === 'ec2.authorizeIngress' ? plan.intent.source : undefined;
    const ec2 = new EC2Client({ ...conn, maxAttempts: 1 });
    try {
      const groups = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [built.dbGroupId] }));
      const rules = groups.SecurityGroups?.[0]?.IpPermissions ?? [];
      expect(rules).toEqual([
        expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: 6543,
          ToPort: 6543,
          UserIdGroupPairs: [
            expect.objectContaining({
              GroupId: source && 'groupId' in source ? source.groupId : 'missing',
              Description: expect.stringContaining(ENV),
            }),
          ],
        }),
      ]);
    } finally {
      ec2.destroy();
    }

    const undo = await call('journal.planUndo', { entryId: entry.id });
    expect(undo.intent.kind).toBe('ec2.revokeIngress');
    expect((await call('changes.apply', { planId: undo.id })).entry.status).toBe('applied');
    const again = await verify(F5_ID);
    expect(again.status).toBe('not-yet');
    expect(again.finding?.summary).toContain('6543');
  });

  it('closes the internet-wide IP condition of orders-logs (F13) and leaves orders-search alone', async () => {
    const { plan } = await applyFix(F13_ID, 'drop-open');
    expect(plan.intent).toMatchObject({ kind: 'search.updateAccessPolicy', domainName: ORDERS.openDomain });
    expect((await verify(F13_ID)).status).toBe('verified');
    const after = await call('diagnostics.scan', { target });
    expect(after.findings.filter((f) => f.rule === 'F13')).toEqual([]);
  });

  it('grants the declared deployer what eb create needs (F1)', async () => {
    const { plan } = await applyFix(F1_ID, 'attach-managed');
    expect(plan.intent.kind).toBe('composite');
    const verified = await verify(F1_ID);
    expect(verified.status, verified.reason).toBe('verified');
  });

  it('moves the plain secret to SSM under the environment’s path (F11), verified once the update settles', async () => {
    const { plan } = await applyFix(F11_ID, 'move-to-ssm');
    const kinds = plan.intent.kind === 'composite' ? plan.intent.parts.map((p) => p.kind) : [];
    expect(kinds).toEqual(['ssm.putParameter', 'beanstalk.updateOptions', 'iam.putInlinePolicy']);
    await settle();
    const verified = await verify(F11_ID);
    expect(verified.status, verified.reason).toBe('verified');

    const ssm = new SSMClient({ ...conn, maxAttempts: 1 });
    const eb = new ElasticBeanstalkClient({ ...conn, maxAttempts: 1 });
    try {
      const params = await ssm.send(
        new GetParametersByPathCommand({ Path: `/${ORDERS.application}/${ENV}/`, WithDecryption: true }),
      );
      expect(params.Parameters?.map((p) => [p.Name, p.Type, p.Value])).toEqual([
        [`/${ORDERS.application}/${ENV}/DB_PASSWORD`, 'SecureString', ORDERS.dbPassword],
      ]);
      const config = await eb.send(
        new DescribeConfigurationSettingsCommand({ ApplicationName: ORDERS.application, EnvironmentName: ENV }),
      );
      const options = config.ConfigurationSettings?.[0]?.OptionSettings ?? [];
      const named = (namespace: string) =>
        options.filter((o) => o.Namespace === namespace && o.OptionName === 'DB_PASSWORD').map((o) => o.Value);
      expect(named('aws:elasticbeanstalk:application:environment')).toEqual([]);
      expect(named('aws:elasticbeanstalk:application:environmentsecrets')).toEqual([
        `arn:aws:ssm:${REGION}:${built.account}:parameter/${ORDERS.application}/${ENV}/DB_PASSWORD`,
      ]);
    } finally {
      ssm.destroy();
      eb.destroy();
    }
  });

  const deniedText = () =>
    `An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::${built.account}:assumed-role/${ORDERS.instanceRole}/i-0123456789abcdef0 is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::orders-media/avatars/1.png" because no identity-based policy allows the s3:GetObject action`;

  async function explainDenied(): Promise<Finding> {
    const out = await call('diagnostics.explainText', { target, text: deniedText() });
    const denied = out.matches.find((m) => m.kind === 'access-denied');
    expect(denied?.rule).toBe('F2');
    expect(JSON.stringify(denied?.fields)).toContain(ORDERS.instanceRole);
    const f2 = out.findings.find((f) => f.rule === 'F2');
    expect(f2, JSON.stringify(out.findings.map((f) => f.id))).toBeDefined();
    return f2 as Finding;
  }

  async function roleMayGetObject(): Promise<string | undefined> {
    const iam = new IAMClient({ ...conn, maxAttempts: 1 });
    try {
      const out = await iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${built.account}:role/${ORDERS.instanceRole}`,
          ActionNames: ['s3:GetObject'],
          ResourceArns: ['arn:aws:s3:::orders-media/avatars/1.png'],
        }),
      );
      return out.EvaluationResults?.[0]?.EvalDecision;
    } finally {
      iam.destroy();
    }
  }

  it('does not call an explained AccessDenied verified while the denial is still live (F2)', async () => {
    const finding = await explainDenied();
    expect(await roleMayGetObject()).toBe('implicitDeny');
    const early = await verify(finding.id);
    expect(early.status, early.reason).toBe('not-yet');
  });

  it('explains an AccessDenied of the app’s role and fixes it (F2)', async () => {
    const finding = await explainDenied();
    expect(finding.resource).toMatchObject({ type: 'role', name: ORDERS.instanceRole });
    expect(finding.evidence.map((e) => e.text).join('\n')).toContain('s3:GetObject');
    const fix = finding.fixes.find((f) => f.recommended) ?? finding.fixes[0];
    expect(fix, 'an F2 fix').toBeDefined();
    const { plan } = await applyFix(finding.id, fix?.id ?? '');
    expect(JSON.stringify(plan.intent)).toContain(ORDERS.instanceRole);
    expect(await roleMayGetObject()).toBe('allowed');
    const verified = await verify(finding.id);
    expect(verified.status, verified.reason).toBe('verified');
  });
});
