import {
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  AttachRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { motoClientConfig } from '../support/moto';
import { motoConsole } from '../support/motoConsole';

// The same console code, pointed at moto through an ordinary profile with
// endpoint_url, exactly as a user would point it at LocalStack or moto.
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const moto = motoConsole('iam', async (endpoint) => {
  const iam = new IAMClient(motoClientConfig(endpoint));
  await iam.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: trust }));
  await iam.send(new CreateUserCommand({ UserName: 'deployer' }));
  const local = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'search-access',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'es:ESHttp*', Resource: '*' }],
      }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: local.Policy!.Arn! }));
  iam.destroy();
});
const { call, target } = moto;

describe('IAM service layer against moto', () => {
  it('reads roles, users and local policies from GetAccountAuthorizationDetails', async () => {
    const snap = await call('iam.snapshot', { target });
    const role = snap.roles.find((r) => r.name === 'app-role');
    expect(role?.attachedPolicies.map((p) => p.policyName)).toEqual(['search-access']);
    expect(JSON.parse(role!.trustPolicy)).toEqual(JSON.parse(trust));
    expect(snap.users.map((u) => u.name)).toContain('deployer');
    // moto omits PolicyName in this call; the name must come from the ARN.
    expect(snap.localPolicies.map((p) => p.name)).toContain('search-access');
  });

  it('reads a role call by call, decoding the trust policy moto URL-encodes in GetRole', async () => {
    const role = await call('iam.getRole', { target, roleName: 'app-role' });
    expect(JSON.parse(role.trustPolicy).Statement[0].Principal.Service).toBe('ec2.amazonaws.com');
  });

  it('finds AWS managed policies and their documents', async () => {
    const aws = await call('iam.listPolicies', { target, scope: 'AWS' });
    expect(aws.some((p) => p.arn === 'arn:aws:iam::aws:policy/IAMFullAccess')).toBe(true);
    const doc = await call('iam.getPolicyDocument', { target, policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' });
    expect(doc.document).toContain('iam:*');
  });

  it('attaches through a plan, verifies by re-reading, and undoes', async () => {
    const intent = {
      kind: 'iam.attachPolicy' as const,
      principal: { type: 'user' as const, name: 'deployer' },
      policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
    };
    const plan = await call('changes.plan', { target, intent });
    expect(plan.account).toBe('123456789012');
    expect(plan.cli[0]).toContain(`--profile moto --region us-east-1 --endpoint-url ${moto.endpoint}`);
    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.entry.verification).toEqual({
      verified: true,
      detail: 'Verified: IAMFullAccess is attached to user deployer (1 attached).',
    });
    expect(
      (await call('iam.getUser', { target, userName: 'deployer' })).attachedPolicies.map((p) => p.policyName),
    ).toEqual(['IAMFullAccess']);
    const undo = await call('changes.apply', {
      planId: (await call('journal.planUndo', { entryId: applied.entry.id })).id,
    });
    expect(undo.entry.verification?.verified).toBe(true);
    expect((await call('iam.getUser', { target, userName: 'deployer' })).attachedPolicies).toEqual([]);
  });
});
