/**
 * Credentials never cross IPC, checked on what main actually answers. The
 * whole main process (router, registry, client factory, embedded sandbox)
 * serves six profiles whose keys the test knows: static keys, an assume-role
 * profile on top of them, the lab user's own keys, an MFA-protected role
 * (LabAdminWithMfa), a credential_process, and the built-in sandbox profile.
 * The temporary credentials STS issues for the role and MFA sessions are read
 * off the wire by a recording proxy in front of the sandbox, so they are
 * known too. Every read channel the views use is called with each profile and
 * every answer, streamed page and error is recorded; no secret access key,
 * session token or the sandbox's admin secret may appear in any of them
 * (plain, base64 at any alignment, or URL-encoded), and an access key id only
 * where the contract names a key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION, totp, TRAINING_LAB_SSO } from '../../../src/sandbox';
import { isStreamedChannel, type Channel, type ChannelInput } from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';
import { TRAINING_LAB } from '../../support/sandbox';
import { recordingProxy } from '../../support/recordingProxy';
import { inspect, type KnownKey, type Recorded } from '../../support/responseLeaks';
import { labSsoConfig } from '../../support/ssoLab';

const { signIn: lab, accountId: ACCOUNT, learnerEnvironment: learner } = TRAINING_LAB;
const REGION = SANDBOX_REGION;
const STATIC = { accessKeyId: 'AKIACREDSCHECK000001', secretAccessKey: 'Static+Secret/ForCredsCheck=01a2b3c4d5e6' };
const PROCESS = { accessKeyId: 'AKIACREDSPROCESS0001', secretAccessKey: 'Process+Secret/ForCredsCheck=9f8e7d6c5b' };
const ROLE_NAME = 'CredentialsCheckRole';

let ctx: AppContext;
let dir: string;
let proxy: Server;
let shift = 0;
const keys: KnownKey[] = [
  { owner: 'static-admin', accessKeyId: STATIC.accessKeyId, secret: STATIC.secretAccessKey },
  { owner: 'proc', accessKeyId: PROCESS.accessKeyId, secret: PROCESS.secretAccessKey },
  {
    owner: 'lab-user',
    accessKeyId: TRAINING_LAB.userCredentials.accessKeyId,
    secret: TRAINING_LAB.userCredentials.secretAccessKey,
  },
  {
    owner: 'sandbox',
    accessKeyId: SANDBOX_ADMIN_CREDENTIALS.accessKeyId,
    secret: SANDBOX_ADMIN_CREDENTIALS.secretAccessKey,
  },
];

/** Keeps every temporary key STS and SSO hand out (STS answers in XML; SSO's GetRoleCredentials, CreateToken and RegisterClient in JSON). */
function learnKeys(text: string): void {
  const field = (name: string) =>
    new RegExp(`<${name}>([^<]+)</${name}>|"${name}"\\s*:\\s*"([^"]+)"`, 'i').exec(text)?.slice(1).find(Boolean);
  const [id, secret, token] = ['AccessKeyId', 'SecretAccessKey', 'SessionToken'].map(field);
  if (id && secret && token) keys.push({ owner: 'temporary', accessKeyId: id, secret, sessionToken: token });
  for (const bearer of ['accessToken', 'refreshToken', 'clientSecret']) {
    const value = field(bearer);
    if (value && !keys.some((k) => k.secret === value)) keys.push({ owner: `sso ${bearer}`, secret: value });
  }
}

function writeProfiles(endpoint: string): void {
  const refused = keys.find((k) => k.owner === 'refused')!;
  const script = join(dir, 'creds.cjs');
  writeFileSync(
    script,
    `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(PROCESS.accessKeyId)}, SecretAccessKey: ${JSON.stringify(PROCESS.secretAccessKey)} }));`,
  );
  const common = [`region = ${REGION}`, `endpoint_url = ${endpoint}`];
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile static-admin]',
      ...common,
      '[profile role]',
      `role_arn = arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`,
      'source_profile = static-admin',
      ...common,
      '[profile lab-user]',
      ...common,
      '[profile lab-admin]',
      `role_arn = ${lab.roleArn}`,
      'source_profile = lab-user',
      `mfa_serial = ${lab.mfaSerialNumber}`,
      ...common,
      '[profile refused]',
      ...common,
      '[profile proc]',
      `credential_process = "${process.execPath}" "${script}"`,
      ...common,
      // IAM Identity Center: the lab's directory user, ReadOnlyAccess, signed in through the device flow.
      labSsoConfig(endpoint, 'ReadOnlyAccess', REGION),
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'credentials'),
    [
      '[static-admin]',
      `aws_access_key_id = ${STATIC.accessKeyId}`,
      `aws_secret_access_key = ${STATIC.secretAccessKey}`,
      '[lab-user]',
      `aws_access_key_id = ${TRAINING_LAB.userCredentials.accessKeyId}`,
      `aws_secret_access_key = ${TRAINING_LAB.userCredentials.secretAccessKey}`,
      '[refused]',
      `aws_access_key_id = ${refused.accessKeyId}`,
      `aws_secret_access_key = ${refused.secret}`,
    ].join('\n'),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-creds-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  const sandbox = ctx.sandbox!;
  // A role the static keys may assume (AdministratorAccess), as an operator's cross-role profile would.
  const iam = new IAMClient({ endpoint: sandbox.endpoint, region: REGION, credentials: STATIC, maxAttempts: 1 });
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
  };
  await iam.send(new CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
  );
  // A key that AWS refuses (deleted): its profile's errors offer "Replace access key" with a 4-character hint.
  await iam.send(new CreateUserCommand({ UserName: 'credentials-check-refused' }));
  const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'credentials-check-refused' }));
  const refused = created.AccessKey!;
  await iam.send(
    new DeleteAccessKeyCommand({ UserName: 'credentials-check-refused', AccessKeyId: refused.AccessKeyId }),
  );
  keys.push({ owner: 'refused', accessKeyId: refused.AccessKeyId!, secret: refused.SecretAccessKey! });
  iam.destroy();
  const recorder = await recordingProxy(new URL(sandbox.endpoint), learnKeys);
  proxy = recorder.server;
  writeProfiles(recorder.endpoint);
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const recorded: Recorded[] = [];

async function record<C extends Channel>(profile: string, channel: C, input: ChannelInput<C>) {
  const onPage = isStreamedChannel(channel)
    ? (page: unknown) => recorded.push({ channel, profile, kind: 'page', body: page })
    : undefined;
  const result = await ctx.router.dispatch(channel, input, undefined, onPage);
  recorded.push({ channel, profile, kind: result.ok ? 'answer' : 'error', body: result });
  return result;
}

/** The SSO device flow as the sign-in dialog runs it, the user's approval given on the sandbox's own page. */
async function signInWithSso(): Promise<void> {
  const target = { profile: 'lab-sso', region: REGION };
  await record('lab-sso', 'sts.getCallerIdentity', { target });
  const started = await record('lab-sso', 'sso.startSignIn', { profile: 'lab-sso' });
  if (!started.ok) throw new Error(`sso.startSignIn: ${started.error.message}`);
  const device = started.data as { signInId: string; userCode: string };
  const approved = await fetch(`${ctx.sandbox!.endpoint}/_trellis/sso/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userCode: device.userCode, decision: 'approve' }),
  });
  expect(approved.status).toBe(200);
  let status = 'pending';
  for (let i = 0; i < 30 && status === 'pending'; i++) {
    const polled = await record('lab-sso', 'sso.pollSignIn', { signInId: device.signInId });
    const poll = polled.ok ? (polled.data as { status: string; intervalSeconds?: number }) : { status: 'failed' };
    status = poll.status;
    if (status === 'pending') await new Promise((r) => setTimeout(r, (poll.intervalSeconds ?? 1) * 1000));
  }
  expect(status).toBe('done');
  await record('lab-sso', 'sso.listAccounts', { profile: 'lab-sso' });
  await record('lab-sso', 'sso.listAccountRoles', { profile: 'lab-sso', accountId: TRAINING_LAB_SSO.accountId });
}

/** Every read a view makes, for one profile; answers are recorded whether they succeed or fail. */
async function sweep(profile: string): Promise<void> {
  const target = { profile, region: REGION };
  const env = { target, environmentName: learner.environmentName };
  await record(profile, 'sts.getCallerIdentity', { target });
  await record(profile, 'iam.snapshot', { target });
  await record(profile, 'iam.getRole', { target, roleName: 'EC2_Can_Use_Services' });
  await record(profile, 'iam.getUser', { target, userName: TRAINING_LAB.userName });
  await record(profile, 'iam.listAccessKeys', { target, userName: TRAINING_LAB.userName });
  await record(profile, 'iam.listPolicies', { target, scope: 'Local', onlyAttached: false });
  await record(profile, 'iam.listManagedPolicies', { target });
  await record(profile, 'iam.getPolicyDocument', {
    target,
    policyArn: `arn:aws:iam::${ACCOUNT}:policy/${TRAINING_LAB.customerPolicies[0]}`,
  });
  await record(profile, 'beanstalk.listEnvironments', { target });
  await record(profile, 'beanstalk.health', env);
  await record(profile, 'beanstalk.describeEvents', { ...env, maxRecords: 100 });
  await record(profile, 'beanstalk.configuration', env);
  await record(profile, 'beanstalk.revealProperty', { ...env, name: 'DATABASE_PASSWORD' });
  await record(profile, 'beanstalk.applicationVersion', {
    target,
    applicationName: learner.applicationName,
    versionLabel: learner.versionLabel,
  });
  await record(profile, 'beanstalk.resources', env);
  await record(profile, 'beanstalk.logStreaming', env);
  await record(profile, 'beanstalk.tailLiveLogs', { ...env, since: new Date(Date.now() - 3_600_000).toISOString() });
  await record(profile, 'beanstalk.instancesLive', env);
  await record(profile, 'deploy.listVersions', { target, applicationName: learner.applicationName });
  await record(profile, 'ssm.listParameters', { target, recursive: true });
  await record(profile, 'ssm.getValues', { target, names: ['/flaskapp/config/LOG_LEVEL', '/photos/app/S3_BUCKET'] });
  await record(profile, 'ssm.revealParameter', { target, name: '/flaskapp/flaskenv/RDS_PASSWORD' });
  await record(profile, 'ssm.parameterHistory', { target, name: '/flaskapp/flaskenv/RDS_PASSWORD' });
  await record(profile, 'rds.listDatabases', { target });
  await record(profile, 'ec2.securityGroups', { target, groupIds: [learner.securityGroupId], dbPort: 5432 });
  await record(profile, 'ec2.securityGroupChoices', { target });
  const domains = await record(profile, 'search.listDomains', { target });
  const domain = domains.ok ? (domains.data as { name: string }[])[0]?.name : undefined;
  if (domain) await record(profile, 'search.getDomain', { target, domainName: domain });
  const scan = await record(profile, 'diagnostics.scan', { target, readLogs: false });
  // A fix's plan, as the finding's Preview button asks for it.
  const findings = scan.ok ? (scan.data as { findings: { id: string; fixes: { id: string }[] }[] }).findings : [];
  const fixable = findings.find((f) => f.fixes.length > 0);
  if (fixable) {
    const fix = { target, findingId: fixable.id, fixId: fixable.fixes[0]!.id };
    const planned = await record(profile, 'diagnostics.planFix', fix);
    if (planned.ok) await record(profile, 'changes.discard', { planId: (planned.data as { id: string }).id });
    await record(profile, 'diagnostics.verify', { target, findingId: fixable.id });
  }
  await record(profile, 'diagnostics.connectivity', env);
  await record(profile, 'diagnostics.labChecklist', { target });
  await record(profile, 'diagnostics.getSettings', { target });
  await record(profile, 'diagnostics.explainText', {
    target,
    text: `User: arn:aws:iam::${ACCOUNT}:user/${TRAINING_LAB.userName} is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/flaskapp/flaskenv/RDS_PASSWORD`,
  });
  // Previews are reads too: a key's deactivation (its id on purpose) and a SecureString write.
  for (const intent of [
    {
      kind: 'iam.updateAccessKey' as const,
      userName: TRAINING_LAB.userName,
      accessKeyId: TRAINING_LAB.userCredentials.accessKeyId,
      status: 'Inactive' as const,
    },
    {
      kind: 'ssm.putParameter' as const,
      name: `/flaskapp/flaskenv/CREDS_CHECK_${profile}`,
      type: 'SecureString' as const,
      value: 'not-a-credential-value',
      overwrite: false,
    },
  ]) {
    const plan = await record(profile, 'changes.plan', { target, intent });
    if (!plan.ok) continue;
    const planId = (plan.data as { id: string }).id;
    // One write per profile that may make it, with its journal entry and its undo's preview.
    if (intent.kind !== 'ssm.putParameter' || ['lab-user', 'refused', 'lab-sso'].includes(profile)) {
      await record(profile, 'changes.discard', { planId });
      continue;
    }
    const applied = await record(profile, 'changes.apply', { planId });
    const entryId = applied.ok ? (applied.data as { entry: { id: string } }).entry.id : undefined;
    const undo = entryId ? await record(profile, 'journal.planUndo', { entryId }) : undefined;
    if (undo?.ok) await record(profile, 'changes.discard', { planId: (undo.data as { id: string }).id });
  }
}

describe('credentials in IPC responses', () => {
  it('keeps every secret key, session token and the sandbox admin secret out of every response', async () => {
    // The MFA session first: a code from the lab user's device, on the sandbox clock.
    shift += 30_000;
    ctx.sandbox!.advanceClock(30_000);
    await record('lab-admin', 'profiles.reload', {});
    // Before the code: each read answers with the MFA sign-in request.
    await record('lab-admin', 'sts.getCallerIdentity', { target: { profile: 'lab-admin', region: REGION } });
    const code = totp(lab.mfaSecretBase32, new Date(Date.now() + shift));
    await record('lab-admin', 'profiles.submitMfaCode', { profile: 'lab-admin', code });
    const listed = await mustCall(ctx.router, 'profiles.list', {});
    expect(listed.profiles.map((p) => p.name)).toEqual(
      expect.arrayContaining(['static-admin', 'role', 'lab-user', 'lab-admin', 'proc', 'sandbox', 'refused']),
    );
    await record('proc', 'profiles.approveCredentialProcess', {
      profile: 'proc',
      command: `"${process.execPath}" "${join(dir, 'creds.cjs')}"`,
    });
    await record('-', 'profiles.list', {});
    await record('-', 'app.info', {});
    await signInWithSso();

    for (const profile of ['static-admin', 'role', 'lab-user', 'lab-admin', 'proc', 'sandbox', 'refused', 'lab-sso'])
      await sweep(profile);
    const replaceKeys = recorded.filter(
      (r) => r.profile === 'refused' && JSON.stringify(r.body).includes('"kind":"replace-keys"'),
    );
    expect(replaceKeys.length).toBeGreaterThan(10);

    // Instance logs through a role session, polled as the renderer polls, with the sandbox clock moved past EB's delay.
    for (const profile of ['role', 'lab-admin']) {
      const target = { profile, region: REGION };
      const requested = await record(profile, 'beanstalk.requestLogs', {
        target,
        environmentName: learner.environmentName,
        infoType: 'tail',
        waitLimitSeconds: 120,
      });
      expect(requested.ok, JSON.stringify(requested)).toBe(true);
      const requestId = requested.ok ? (requested.data as { requestId: string }).requestId : '';
      let state = 'pending';
      for (let i = 0; i < 20 && state === 'pending'; i++) {
        ctx.sandbox!.advanceClock(6_000);
        const retrieved = await record(profile, 'beanstalk.retrieveLogs', { target, requestId });
        state = retrieved.ok ? (retrieved.data as { state: string }).state : 'failed';
      }
      expect(state, profile).toBe('ready');
    }
    await record('-', 'journal.list', {});

    // Each profile really signed in: the sessions were issued (and seen by the proxy), the reads answered.
    const answered = (p: string) => recorded.filter((r) => r.profile === p && r.kind === 'answer').length;
    for (const p of ['static-admin', 'role', 'lab-admin', 'proc', 'sandbox', 'lab-sso'])
      expect(answered(p), p).toBeGreaterThan(30);
    expect(answered('lab-user')).toBeGreaterThan(3);
    const sessions = keys.filter((k) => k.sessionToken);
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    expect(keys.filter((k) => k.owner.startsWith('sso ')).map((k) => k.owner)).toEqual(
      expect.arrayContaining(['sso accessToken', 'sso clientSecret']),
    );

    const { hits, keyIdsSeen } = inspect(recorded, keys);
    const channels = new Set(recorded.map((r) => r.channel));
    console.log(`credentials check: ${recorded.length} responses over ${channels.size} channels, hits: ${hits.length}`);
    const count = (kind: string) => recorded.filter((r) => r.kind === kind).length;
    console.log(
      `(${count('page')} streamed pages and ${count('error')} errors among them; ${keys.length} secrets known, ${sessions.length} of them temporary sessions; access key ids seen at: ${[...new Set(keyIdsSeen)].join('; ')})`,
    );
    expect(recorded.filter((r) => r.kind === 'page').length).toBeGreaterThan(0);
    const answers = (channel: string) => recorded.filter((r) => r.channel === channel && r.kind === 'answer').length;
    expect(answers('changes.apply')).toBeGreaterThanOrEqual(5);
    expect(answers('journal.planUndo')).toBe(answers('changes.apply'));
    expect(answers('diagnostics.planFix')).toBeGreaterThanOrEqual(5);
    expect(hits).toEqual([]);
    // The check looks where a key id is meant to be: the lab user's own key in the IAM view.
    expect(keyIdsSeen).toContain('iam.listAccessKeys data[].accessKeyId');
  }, 240_000);

  it('would catch a secret however it is encoded, and a key id out of place', () => {
    const session = keys.find((k) => k.sessionToken)!;
    const planted: Recorded[] = [
      {
        channel: 'app.info',
        profile: '-',
        kind: 'answer',
        body: { ok: true, data: { note: `x${STATIC.secretAccessKey}` } },
      },
      {
        channel: 'app.info',
        profile: '-',
        kind: 'error',
        body: { ok: false, error: { message: Buffer.from(`ab${session.sessionToken!}`).toString('base64') } },
      },
      {
        channel: 'app.info',
        profile: '-',
        kind: 'answer',
        body: { data: { url: encodeURIComponent(PROCESS.secretAccessKey) } },
      },
      { channel: 'iam.getUser', profile: '-', kind: 'answer', body: { data: { keys: [PROCESS.accessKeyId] } } },
    ];
    expect(inspect(planted, keys).hits).toEqual([
      '#0 app.info (-, answer): static-admin secret',
      '#1 app.info (-, error): temporary session token (base64)',
      '#2 app.info (-, answer): proc secret (url)',
      '#3 iam.getUser (-, answer) data.keys[]: proc access key id',
    ]);
  });
});
