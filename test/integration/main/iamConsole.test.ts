import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';
import { type AppContext } from '../../../src/main/context';
import type { ChannelInput, Channel } from '../../../src/shared/contract';

// The whole main process as the renderer sees it: router → services → real
// SDK clients → the practice sandbox on a random loopback port.
let ctx: AppContext;
const target = { profile: 'sandbox', region: 'us-east-1' };

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

const IAM_FULL = 'arn:aws:iam::aws:policy/IAMFullAccess';
const role = { type: 'role' as const, name: 'EC2_Can_Use_Services' };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-int-'));
  ctx = await consoleIn(dir, {
    sandbox: true,
    // A data directory that does not exist yet, as on a first run.
    dataDir: join(dir, 'fresh', 'trellis'),
  });
});
afterAll(() => ctx?.close());

describe('IAM through the router against the sandbox', () => {
  it('creates its data directory on first run and keeps the sandbox state there', async () => {
    expect(existsSync(join(ctx.dataDir, 'sandbox-state.json'))).toBe(true);
  });

  it('lists the sandbox profile first and knows its identity', async () => {
    const { profiles } = await call('profiles.list', {});
    expect(profiles[0]).toMatchObject({ name: 'sandbox', source: 'sandbox', readOnly: false });
    const id = await call('sts.getCallerIdentity', { target });
    expect(id.account).toBe('570589970431');
  });

  it('loads roles and users in one GetAccountAuthorizationDetails page, documents decoded', async () => {
    const snap = await call('iam.snapshot', { target });
    expect(snap.apiCalls).toBe(1);
    const ec2 = snap.roles.find((r) => r.name === 'EC2_Can_Use_Services');
    expect(ec2?.attachedPolicies).toHaveLength(1);
    expect(JSON.parse(ec2!.trustPolicy).Statement[0].Principal.Service).toBe('ec2.amazonaws.com');
    expect(snap.roles.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'aws-elasticbeanstalk-ec2-role',
        'aws-elasticbeanstalk-service-role',
        'ec2-webserver-role',
      ]),
    );
    const user = snap.users.find((u) => u.name === 'edXProjectUser3');
    expect(user?.attachedPolicies.map((p) => p.policyName)).toContain('edXProjectPolicy');
    expect(snap.localPolicies.map((p) => p.name)).toContain('edXProjectPolicy');
  });

  it('reads one role call by call with the same answer as the snapshot', async () => {
    const snap = await call('iam.snapshot', { target });
    const fresh = await call('iam.getRole', { target, roleName: 'aws-elasticbeanstalk-ec2-role' });
    const listed = snap.roles.find((r) => r.name === 'aws-elasticbeanstalk-ec2-role')!;
    expect(fresh.attachedPolicies.map((p) => p.policyArn).sort()).toEqual(
      listed.attachedPolicies.map((p) => p.policyArn).sort(),
    );
    expect(fresh.instanceProfiles.map((p) => p.name)).toEqual(['aws-elasticbeanstalk-ec2-role']);
  });

  it('fetches an AWS-managed document on request', async () => {
    const doc = await call('iam.getPolicyDocument', { target, policyArn: IAM_FULL });
    expect(
      JSON.parse(doc.document).Statement.some((s: { Action: unknown }) => JSON.stringify(s.Action).includes('iam:*')),
    ).toBe(true);
  });

  it('searches all managed policies', async () => {
    const all = await call('iam.listPolicies', { target, scope: 'AWS' });
    expect(all.find((p) => p.name === 'AdministratorAccess-AWSElasticBeanstalk')?.awsManaged).toBe(true);
  });

  it('reports access keys with last use', async () => {
    const keys = await call('iam.listAccessKeys', { target, userName: 'edXProjectUser3' });
    expect(keys.length).toBeGreaterThan(0);
    expect(keys[0]!.accessKeyId).toMatch(/^AKIA/);
  });

  it('returns a missing role as not-found data, not a crash', async () => {
    const res = await ctx.router.dispatch('iam.getRole', { target, roleName: 'NoSuchRole' });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'not-found', awsCode: 'NoSuchEntity', service: 'iam', operation: 'GetRole' },
    });
  });

  it('attaches IAMFullAccess through a plan, verifies it, and undoes it from the journal', async () => {
    const plan = await call('changes.plan', {
      target,
      intent: { kind: 'iam.attachPolicy', principal: role, policyArn: IAM_FULL },
    });
    expect(plan.account).toBe('570589970431');
    expect(plan.blocked).toBeUndefined();
    expect(plan.risk.level).toBe('high');
    expect(plan.diff).toEqual([
      { change: 'add', label: 'Attached managed policy', after: `IAMFullAccess (${IAM_FULL})` },
    ]);
    expect(plan.cli[0]).toMatch(
      new RegExp(
        `^AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox aws iam attach-role-policy --role-name EC2_Can_Use_Services --policy-arn ${IAM_FULL} --region us-east-1 --endpoint-url http://127\\.0\\.0\\.1:\\d+$`,
      ),
    );
    expect(plan.permissions).toContain('iam:AttachRolePolicy');

    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.entry.status).toBe('applied');
    expect(applied.entry.verification?.verified).toBe(true);
    expect(applied.entry.steps[0]?.requestId).toBeTruthy();
    expect((await call('iam.getRole', { target, roleName: role.name })).attachedPolicies).toHaveLength(2);

    const again = await call('changes.plan', {
      target,
      intent: { kind: 'iam.attachPolicy', principal: role, policyArn: IAM_FULL },
    });
    expect(again.blocked).toMatch(/already attached/);
    await call('changes.discard', { planId: again.id });

    const undo = await call('journal.planUndo', { entryId: applied.entry.id });
    expect(undo.intent.kind).toBe('iam.detachPolicy');
    const undone = await call('changes.apply', { planId: undo.id });
    expect(undone.entry.verification?.verified).toBe(true);
    expect((await call('iam.getRole', { target, roleName: role.name })).attachedPolicies).toHaveLength(1);

    const journal = await call('journal.list', {});
    expect(journal[0]?.id).toBe(undone.entry.id);
    expect(journal.find((e) => e.id === applied.entry.id)?.undoneBy).toBe(undone.entry.id);
  });

  it('refuses writes on a read-only profile in main, whatever the UI shows', async () => {
    await call('profiles.setReadOnly', { profile: 'sandbox', readOnly: true });
    try {
      const plan = await call('changes.plan', {
        target,
        intent: { kind: 'iam.attachPolicy', principal: role, policyArn: IAM_FULL },
      });
      expect(plan.blocked).toMatch(/read-only/);
      const res = await ctx.router.dispatch('changes.apply', { planId: plan.id });
      expect(res).toMatchObject({ ok: false, error: { code: 'read-only' } });
      expect((await call('iam.getRole', { target, roleName: role.name })).attachedPolicies).toHaveLength(1);
    } finally {
      await call('profiles.setReadOnly', { profile: 'sandbox', readOnly: false });
    }
  });

  it('answers an unknown profile with a specific error', async () => {
    const res = await ctx.router.dispatch('iam.snapshot', { target: { profile: 'prod-admn', region: 'us-east-1' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown-profile' } });
    if (!res.ok) expect(res.error.message).toContain('prod-admn');
  });
});
