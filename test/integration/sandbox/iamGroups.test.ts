import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxCredentials, startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { createUserWithKey } from '../../support/sandboxUsers';
import { awsError } from './awsErrors';

const ACCOUNT = TRAINING_LAB.accountId;

let sandbox: TestSandbox;
let admin: IAMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  admin = new IAMClient(sandbox.clientConfig());
});

afterEach(async () => {
  admin.destroy();
  await sandbox.dispose();
});

const newUser = (name: string) => createUserWithKey(admin, name);

async function describeParameters(credentials: SandboxCredentials): Promise<unknown> {
  const ssm = new SSMClient(sandbox.clientConfig(credentials));
  try {
    return await ssm.send(new DescribeParametersCommand({}));
  } finally {
    ssm.destroy();
  }
}

describe('IAM groups in the sandbox', () => {
  it('creates a group with AWS identifiers, lists it, and refuses a second with the same name in any case', async () => {
    const { Group: group } = await admin.send(new CreateGroupCommand({ GroupName: 'Operators', Path: '/teams/' }));
    expect(group?.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(group?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:group/teams/Operators`);

    const listed = await admin.send(new ListGroupsCommand({ PathPrefix: '/teams/' }));
    expect(listed.Groups?.map((g) => g.GroupName)).toEqual(['Operators']);

    const clash = await awsError(admin.send(new CreateGroupCommand({ GroupName: 'operators' })));
    expect(clash.code).toBe('EntityAlreadyExists');
    expect(clash.message).toBe('Group with name operators already exists.');
  });

  it("grants a member its group's attached and inline policies, and takes them away on removal", async () => {
    const credentials = await newUser('carol');
    await admin.send(new CreateGroupCommand({ GroupName: 'Readers' }));
    await admin.send(new AddUserToGroupCommand({ GroupName: 'Readers', UserName: 'carol' }));

    const before = await awsError(describeParameters(credentials));
    expect(before.name).toBe('AccessDeniedException');

    await admin.send(
      new AttachGroupPolicyCommand({ GroupName: 'Readers', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    await expect(describeParameters(credentials)).resolves.toBeDefined();

    const attached = await admin.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Readers' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['ReadOnlyAccess']);

    await admin.send(new RemoveUserFromGroupCommand({ GroupName: 'Readers', UserName: 'carol' }));
    expect((await awsError(describeParameters(credentials))).name).toBe('AccessDeniedException');

    // An inline group policy counts too, and an explicit Deny in a group wins over the user's own Allow.
    await admin.send(new AddUserToGroupCommand({ GroupName: 'Readers', UserName: 'carol' }));
    await admin.send(
      new PutGroupPolicyCommand({
        GroupName: 'Readers',
        PolicyName: 'no-ssm',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'ssm:DescribeParameters', Resource: '*' }],
        }),
      }),
    );
    const denied = await awsError(describeParameters(credentials));
    expect(denied.message).toContain('with an explicit deny in an identity-based policy');
    const inline = await admin.send(new GetGroupPolicyCommand({ GroupName: 'Readers', PolicyName: 'no-ssm' }));
    expect(decodeURIComponent(inline.PolicyDocument ?? '')).toContain('"Deny"');
  });

  it('simulates a member with its groups, naming the group policy that matched', async () => {
    await newUser('dave');
    await admin.send(new CreateGroupCommand({ GroupName: 'Deployers' }));
    await admin.send(new AddUserToGroupCommand({ GroupName: 'Deployers', UserName: 'dave' }));
    await admin.send(
      new PutGroupPolicyCommand({
        GroupName: 'Deployers',
        PolicyName: 'deploy',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'elasticbeanstalk:CreateApplicationVersion', Resource: '*' }],
        }),
      }),
    );
    const result = await admin.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/dave`,
        ActionNames: ['elasticbeanstalk:CreateApplicationVersion', 'elasticbeanstalk:TerminateEnvironment'],
      }),
    );
    const decisions = Object.fromEntries(
      (result.EvaluationResults ?? []).map((r) => [r.EvalActionName, r.EvalDecision]),
    );
    expect(decisions).toEqual({
      'elasticbeanstalk:CreateApplicationVersion': 'allowed',
      'elasticbeanstalk:TerminateEnvironment': 'implicitDeny',
    });
    const matched = result.EvaluationResults?.[0]?.MatchedStatements?.map((s) => s.SourcePolicyId);
    expect(matched).toEqual(['Deployers/deploy']);
  });

  it('pages GetGroup members and lists a user\u2019s groups', async () => {
    await admin.send(new CreateGroupCommand({ GroupName: 'Big' }));
    await admin.send(new CreateGroupCommand({ GroupName: 'Another' }));
    for (const name of ['u3', 'u1', 'u2']) {
      await admin.send(new CreateUserCommand({ UserName: name }));
      await admin.send(new AddUserToGroupCommand({ GroupName: 'Big', UserName: name }));
    }
    await admin.send(new AddUserToGroupCommand({ GroupName: 'Another', UserName: 'u1' }));
    // Adding twice is a no-op, as in AWS.
    await admin.send(new AddUserToGroupCommand({ GroupName: 'Another', UserName: 'u1' }));

    const first = await admin.send(new GetGroupCommand({ GroupName: 'Big', MaxItems: 2 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(['u1', 'u2']);
    expect(first.IsTruncated).toBe(true);
    const second = await admin.send(new GetGroupCommand({ GroupName: 'Big', Marker: first.Marker }));
    expect(second.Users?.map((u) => u.UserName)).toEqual(['u3']);
    expect(second.Group?.GroupName).toBe('Big');

    const groups = await admin.send(new ListGroupsForUserCommand({ UserName: 'u1' }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['Another', 'Big']);

    // GetAccountAuthorizationDetails carries the groups and each user's membership, in AWS's list order.
    const details = await admin.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'] }));
    expect(details.GroupDetailList?.map((g) => g.GroupName)).toEqual(['Another', 'Big']);
    expect(details.UserDetailList?.find((u) => u.UserName === 'u1')?.GroupList).toEqual(['Another', 'Big']);
    const onlyRoles = await admin.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(onlyRoles.GroupDetailList).toEqual([]);
  });

  it('refuses to delete a group or a user while membership or policies remain, with AWS wording', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'erin' }));
    await admin.send(new CreateGroupCommand({ GroupName: 'Team' }));
    await admin.send(new AddUserToGroupCommand({ GroupName: 'Team', UserName: 'erin' }));
    await admin.send(
      new AttachGroupPolicyCommand({ GroupName: 'Team', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }),
    );

    const groupInUse = await awsError(admin.send(new DeleteGroupCommand({ GroupName: 'Team' })));
    expect([groupInUse.code, groupInUse.status]).toEqual(['DeleteConflict', 409]);
    expect(groupInUse.message).toBe('Cannot delete entity, must remove users from group first.');
    const userInGroup = await awsError(admin.send(new DeleteUserCommand({ UserName: 'erin' })));
    expect(userInGroup.message).toBe('Cannot delete entity, must remove users from group first.');

    await admin.send(new RemoveUserFromGroupCommand({ GroupName: 'Team', UserName: 'erin' }));
    const attachedLeft = await awsError(admin.send(new DeleteGroupCommand({ GroupName: 'Team' })));
    expect(attachedLeft.message).toBe('Cannot delete entity, must detach all policies first.');
    await admin.send(
      new DetachGroupPolicyCommand({ GroupName: 'Team', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }),
    );
    await admin.send(
      new PutGroupPolicyCommand({
        GroupName: 'Team',
        PolicyName: 'p',
        PolicyDocument:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}',
      }),
    );
    const inlineLeft = await awsError(admin.send(new DeleteGroupCommand({ GroupName: 'Team' })));
    expect(inlineLeft.message).toBe('Cannot delete entity, must delete policies first.');
    await admin.send(new DeleteGroupPolicyCommand({ GroupName: 'Team', PolicyName: 'p' }));
    await admin.send(new DeleteGroupCommand({ GroupName: 'Team' }));
    await admin.send(new DeleteUserCommand({ UserName: 'erin' }));

    const gone = await awsError(admin.send(new GetGroupCommand({ GroupName: 'Team' })));
    expect([gone.code, gone.message]).toEqual(['NoSuchEntity', 'The group with name Team cannot be found.']);
    const notMember = await awsError(
      admin.send(new RemoveUserFromGroupCommand({ GroupName: 'Nope', UserName: 'erin' })),
    );
    expect(notMember.code).toBe('NoSuchEntity');
  });
});
