/**
 * The four places issue 13 names, each proven against the administrator's
 * view of the same training lab:
 * - IAM without GetAccountAuthorizationDetails reads the same principals with
 *   the List calls, streams them in the same page shape, and says so;
 * - a SecureString under a customer managed key needs kms:Decrypt on that
 *   key, one under aws/ssm needs only ssm:GetParameter, in the sandbox as in
 *   AWS, and the console names the key when it is refused;
 * - the Doctor without iam:SimulatePrincipalPolicy labels its decisions as
 *   estimates and names the permission, and reaches the same findings;
 * - without s3:GetObject the bundle is named as unreadable and the rules
 *   that judge it are reported not checked, never passed or failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { SANDBOX_REGION } from '../../../src/sandbox';
import {
  iamSnapshotPageSchema,
  type IamSnapshot,
  type IamSnapshotPage,
  type Result,
  type ScanResult,
} from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import {
  adminClients,
  CMK_ALIAS,
  CMK_PARAMETER,
  CMK_VALUE,
  createOperatorProfiles,
  OPERATOR_POLICIES,
  putCmkParameter,
  targetOf,
} from '../../support/leastPrivilege';
import { TRAINING_LAB } from '../../support/sandbox';
import { createUserWithKey } from '../../support/sandboxUsers';

const ACCOUNT = TRAINING_LAB.accountId;
const ENV = TRAINING_LAB.learnerEnvironment;
const LAB_SECRET = '/flaskapp/flaskenv/RDS_PASSWORD';
const KEY_ARN = new RegExp(
  `^arn:aws:kms:${SANDBOX_REGION}:${ACCOUNT}:key/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$`,
);

let ctx: AppContext;
let dir: string;
let admin: { iam: IAMClient; ssm: SSMClient };
const sandbox = targetOf('sandbox');
const custom = targetOf('custom');
const viewOnly = targetOf('view-only');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-leastpriv-fallbacks-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  admin = adminClients(ctx.sandbox!.endpoint);
  await putCmkParameter(admin.ssm);
  await createOperatorProfiles(
    admin.iam,
    ctx.sandbox!.endpoint,
    OPERATOR_POLICIES.filter((p) => p.profile === 'custom' || p.profile === 'view-only'),
    { config: join(dir, 'config'), credentials: join(dir, 'credentials') },
  );
  await mustCall(ctx.router, 'profiles.reload', {});
}, 60_000);

afterAll(async () => {
  admin?.iam.destroy();
  admin?.ssm.destroy();
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * A role as both sources show it: RoleLastUsed comes only with
 * GetAccountAuthorizationDetails, a description and session length only with ListRoles.
 */
function comparable(snapshot: IamSnapshot) {
  // Each call lists attached policies in its own order; the view sorts them anyway.
  const strip = <T extends { attachedPolicies: Array<{ policyArn: string }> }>(p: T) => ({
    ...p,
    attachedPolicies: [...p.attachedPolicies].sort((a, b) => a.policyArn.localeCompare(b.policyArn)),
    lastUsed: undefined,
    description: undefined,
    maxSessionDuration: undefined,
  });
  return {
    roles: snapshot.roles.map(strip),
    users: snapshot.users.map(strip),
    groups: snapshot.groups.map(strip),
    // ListPolicies carries no Description, as in AWS; GetAccountAuthorizationDetails does.
    localPolicies: snapshot.localPolicies.map((p) => ({ ...p, description: undefined })),
  };
}

describe('IAM without iam:GetAccountAuthorizationDetails', () => {
  it('reads the same roles, users, groups and policies with the List calls, streamed, and says which source it used', async () => {
    const full = await mustCall(ctx.router, 'iam.snapshot', { target: sandbox });
    expect(full.source).toBe('authorization-details');
    expect(full.denied).toBeUndefined();

    const pages: IamSnapshotPage[] = [];
    const answer = (await ctx.router.dispatch('iam.snapshot', { target: custom }, undefined, (page) => {
      pages.push(iamSnapshotPageSchema.parse(page));
    })) as Result<IamSnapshot>;
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data.source).toBe('list-calls');
    expect(answer.data.denied).toEqual([
      // GetAccountAuthorizationDetails acts on no resource, so the refusal names none.
      { action: 'iam:GetAccountAuthorizationDetails', part: 'the one-call listing' },
    ]);
    // Pages carry the rows, the answer none; counts run on page by page.
    expect(answer.data.roles).toEqual([]);
    expect(pages.map((p) => p.pages)).toEqual(pages.map((_, i) => i + 1));
    expect(pages.at(-1)!.loaded).toEqual({
      roles: full.roles.length,
      users: full.users.length,
      localPolicies: full.localPolicies.length,
    });
    // The List calls cost one call per principal and policy, and the count says so.
    expect(answer.data.apiCalls).toBeGreaterThan(full.roles.length + full.users.length);

    const listed = await mustCall(ctx.router, 'iam.snapshot', { target: custom });
    expect(comparable(listed)).toEqual(comparable(full));
  });

  it('with iam:List* alone, lists every principal and names the Get calls whose parts are missing', async () => {
    const full = await mustCall(ctx.router, 'iam.snapshot', { target: sandbox });
    const listed = await mustCall(ctx.router, 'iam.snapshot', { target: viewOnly });
    expect(listed.source).toBe('list-calls');
    expect(listed.denied?.map((d) => [d.action, d.part])).toEqual([
      ['iam:GetAccountAuthorizationDetails', 'the one-call listing'],
      ['iam:GetRolePolicy', 'inline policy documents of roles'],
      ['iam:GetUserPolicy', 'inline policy documents of users'],
    ]);
    const refusal = listed.denied?.find((d) => d.action === 'iam:GetRolePolicy');
    expect(refusal?.resource).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/`));
    expect(listed.roles.map((r) => r.name)).toEqual(full.roles.map((r) => r.name));
    expect(listed.users.map((u) => u.name)).toEqual(full.users.map((u) => u.name));
    // Attached policies and inline policy names are List calls, so they are all there; the documents are not.
    const ec2 = (s: IamSnapshot) => s.roles.find((r) => r.name === 'EC2_Can_Use_Services')!;
    expect(ec2(listed).attachedPolicies).toEqual(ec2(full).attachedPolicies);
    expect(ec2(listed).trustPolicy).toEqual(ec2(full).trustPolicy);
    const withInline = full.roles.find((r) => r.inlinePolicies.length > 0)!;
    const same = listed.roles.find((r) => r.name === withInline.name)!;
    expect(same.inlinePolicies.map((p) => p.name)).toEqual(withInline.inlinePolicies.map((p) => p.name));
    expect(same.inlinePolicies.every((p) => p.document === '')).toBe(true);
  });
});

describe('SecureString reveal and kms:Decrypt, in the sandbox as in AWS', () => {
  async function ssmAs(name: string, statements: unknown[]): Promise<SSMClient> {
    const key = await createUserWithKey(admin.iam, name, statements);
    return new SSMClient({ endpoint: ctx.sandbox!.endpoint, region: SANDBOX_REGION, credentials: key, maxAttempts: 1 });
  }
  const getParameter = { Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: '*' };

  it('aws/ssm: ssm:GetParameter alone reveals; a customer managed key refuses with KMS words naming the key ARN', async () => {
    const ssm = await ssmAs('reveal-no-kms', [getParameter]);
    const lab = await ssm.send(new GetParameterCommand({ Name: LAB_SECRET, WithDecryption: true }));
    expect(lab.Parameter?.Value).toBeTruthy();
    expect(lab.Parameter?.Value).not.toBe(
      (await ssm.send(new GetParameterCommand({ Name: LAB_SECRET, WithDecryption: false }))).Parameter?.Value,
    );

    // Without decryption the ciphertext comes back: SSM's own permission is enough.
    const sealed = await ssm.send(new GetParameterCommand({ Name: CMK_PARAMETER }));
    expect(sealed.Parameter?.Value).not.toBe(CMK_VALUE);

    const refused = await ssm.send(new GetParameterCommand({ Name: CMK_PARAMETER, WithDecryption: true })).then(
      () => undefined,
      (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => e,
    );
    expect(refused?.name).toBe('AccessDeniedException');
    expect(refused?.$metadata.httpStatusCode).toBe(400);
    const match = new RegExp(
      `^User: arn:aws:iam::${ACCOUNT}:user/reveal-no-kms is not authorized to perform: kms:Decrypt on resource: (\\S+) because no identity-based policy allows the kms:Decrypt action \\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [\\w-]+; Proxy: null\\)$`,
    ).exec(refused?.message ?? '');
    expect(match?.[1]).toMatch(KEY_ARN);
    // GetParameters refuses the whole call, not just the one name.
    await expect(
      ssm.send(new GetParametersCommand({ Names: [LAB_SECRET, CMK_PARAMETER], WithDecryption: true })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    ssm.destroy();
  });

  it('kms:Decrypt on that key ARN reveals; on another key it does not; the alias always names the same key', async () => {
    const keyArn = await keyArnOfRefusal();
    const allowed = await ssmAs('reveal-with-kms', [
      getParameter,
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
    ]);
    const out = await allowed.send(new GetParameterCommand({ Name: CMK_PARAMETER, WithDecryption: true }));
    expect(out.Parameter?.Value).toBe(CMK_VALUE);
    allowed.destroy();

    const other = await ssmAs('reveal-other-key', [
      getParameter,
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:${SANDBOX_REGION}:${ACCOUNT}:key/00000000-0000-4000-a000-000000000000`,
      },
    ]);
    await expect(
      other.send(new GetParameterCommand({ Name: CMK_PARAMETER, WithDecryption: true })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    other.destroy();
  });

  it('the console lists the parameter and its key, and the reveal says "Missing permission: kms:Decrypt on <key ARN>"', async () => {
    const keyArn = await keyArnOfRefusal();
    const list = await mustCall(ctx.router, 'ssm.listParameters', {
      target: custom,
      path: '/leastprivilege',
      recursive: true,
    });
    expect(list.parameters).toEqual([
      expect.objectContaining({ name: CMK_PARAMETER, type: 'SecureString', keyId: CMK_ALIAS }),
    ]);
    const reveal = await dispatch(ctx.router, 'ssm.revealParameter', { target: custom, name: CMK_PARAMETER });
    expect(reveal).toMatchObject({
      ok: false,
      error: {
        code: 'access-denied',
        message: `Missing permission: kms:Decrypt on ${keyArn}`,
        awsCode: 'AccessDeniedException',
        service: 'ssm',
        operation: 'GetParameter',
      },
    });
    if (reveal.ok) return;
    expect(reveal.error.hint).toMatch(/customer managed KMS key/);
    // The lab's aws/ssm secrets still reveal for the same profile.
    const lab = await mustCall(ctx.router, 'ssm.revealParameter', { target: custom, name: LAB_SECRET });
    expect(lab.value).toBe(
      (await mustCall(ctx.router, 'ssm.revealParameter', { target: sandbox, name: LAB_SECRET })).value,
    );
  });

  async function keyArnOfRefusal(): Promise<string> {
    const res = await dispatch(ctx.router, 'ssm.revealParameter', { target: custom, name: CMK_PARAMETER });
    const arn = res.ok ? undefined : /kms:Decrypt on (\S+)$/.exec(res.error.message)?.[1];
    if (!arn) throw new Error(`no key ARN in the refusal: ${JSON.stringify(res)}`);
    expect(arn).toMatch(KEY_ARN);
    return arn;
  }
});

describe('the Doctor without iam:SimulatePrincipalPolicy and s3:GetObject', () => {
  let full: ScanResult;
  let limited: ScanResult;
  beforeAll(async () => {
    full = await mustCall(ctx.router, 'diagnostics.scan', { target: sandbox });
    limited = await mustCall(ctx.router, 'diagnostics.scan', { target: custom });
  }, 60_000);

  it('labels every permission decision as an estimate naming iam:SimulatePrincipalPolicy, and reaches the same findings', () => {
    const decisions = (scan: ScanResult) =>
      scan.findings.flatMap((f) => f.evidence.filter((e) => /decision/i.test(e.label)).map((e) => ({ f: f.id, e })));
    const simulated = decisions(full);
    expect(simulated.length).toBeGreaterThan(0);
    expect(simulated.every(({ e }) => e.label === 'Simulated decision')).toBe(true);

    const estimated = decisions(limited);
    expect(estimated.length).toBe(simulated.length);
    for (const { e } of estimated) {
      expect(e.label).toBe('Estimated decision (iam:SimulatePrincipalPolicy is not allowed)');
      expect(e.source).toBe('policy');
      expect(e.text).toMatch(
        /estimated from the attached policies: iam:SimulatePrincipalPolicy is not allowed for this profile, so this is an estimate/,
      );
    }
    const ids = (scan: ScanResult) => scan.findings.map((f) => f.id).sort();
    // The rules that judge the bundle's contents are not checked (the next test), so they raise nothing.
    const bundleRules = new Set(['F3', 'F8', 'F15']);
    expect(ids(limited)).toEqual(
      ids(full).filter((id) => !bundleRules.has(full.findings.find((f) => f.id === id)!.rule)),
    );
  });

  it('reports the bundle as not checked, naming s3:GetObject on the object, instead of passing or failing F3', async () => {
    const version = await mustCall(ctx.router, 'beanstalk.applicationVersion', {
      target: custom,
      applicationName: ENV.applicationName,
      versionLabel: ENV.versionLabel,
    });
    const { bucket, key } = version.sourceBundle!;
    const message = `s3:GetObject on arn:aws:s3:::${bucket}/${key} is not allowed`;
    // The version's facts still show; only its contents are missing.
    expect(version).toMatchObject({
      applicationName: ENV.applicationName,
      versionLabel: ENV.versionLabel,
      status: expect.any(String),
    });
    expect(version.bundle).toBeUndefined();
    expect(version.bundleProblem).toMatchObject({ code: 'access-denied', message });

    const judged = (scan: ScanResult, rule: string) => [
      ...scan.findings.filter((f) => f.rule === rule && f.environmentName === ENV.environmentName),
      ...scan.checks.filter((c) => c.rule === rule && c.environmentName === ENV.environmentName),
    ];
    for (const rule of ['F3', 'F8', 'F15']) {
      expect(judged(full, rule).length, rule).toBeGreaterThan(0);
      expect(judged(limited, rule), rule).toEqual([]);
    }
    expect(limited.problems).toContainEqual({
      area: `source bundle of ${ENV.environmentName}`,
      rules: ['F3', 'F8', 'F15'],
      error: expect.objectContaining({ code: 'access-denied', message, service: 's3', operation: 'GetObject' }),
    });
    expect(full.problems).toEqual([]);
  });
});

describe('access keys without iam:GetAccessKeyLastUsed', () => {
  it('are listed with their status and age, and the blank last use names the missing permission', async () => {
    const keys = await mustCall(ctx.router, 'iam.listAccessKeys', {
      target: viewOnly,
      userName: TRAINING_LAB.userName,
    });
    const full = await mustCall(ctx.router, 'iam.listAccessKeys', { target: sandbox, userName: TRAINING_LAB.userName });
    expect(keys.map((k) => k.accessKeyId)).toEqual(full.map((k) => k.accessKeyId));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.lastUsedUnknown).toMatch(
        /^Missing permission: iam:GetAccessKeyLastUsed( on arn:aws:iam::\d{12}:user\/.+)?$/,
      );
      expect(key.lastUsedDate).toBeUndefined();
    }
    expect(full.every((k) => k.lastUsedUnknown === undefined)).toBe(true);
  });
});
