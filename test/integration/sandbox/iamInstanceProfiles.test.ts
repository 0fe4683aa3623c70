import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  GetInstanceProfileCommand,
  IAMClient,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError, decodeDocument } from './awsErrors';

let sandbox: TestSandbox;
let iam: IAMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  iam = new IAMClient(sandbox.clientConfig());
});

afterEach(async () => {
  iam.destroy();
  await sandbox.dispose();
});

describe('instance profiles', () => {
  it('lists the training-lab profiles, each carrying its role', async () => {
    const result = await iam.send(new ListInstanceProfilesCommand({}));
    expect(result.InstanceProfiles?.map((profile) => profile.InstanceProfileName)).toEqual([
      ...TRAINING_LAB.instanceProfiles,
    ]);
    const eb = result.InstanceProfiles?.find(
      (profile) => profile.InstanceProfileName === 'aws-elasticbeanstalk-ec2-role',
    );
    expect(eb?.Arn).toBe('arn:aws:iam::570589970431:instance-profile/aws-elasticbeanstalk-ec2-role');
    expect(eb?.InstanceProfileId).toMatch(/^AIPA[A-Z0-9]{17}$/);
    expect(eb?.Roles?.map((role) => role.RoleName)).toEqual(['aws-elasticbeanstalk-ec2-role']);
    expect(decodeDocument(eb?.Roles?.[0]?.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [{ Principal: { Service: 'ec2.amazonaws.com' } }],
    });
  });

  it('pages profiles with MaxItems=2', async () => {
    const first = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2 }));
    expect(first.InstanceProfiles).toHaveLength(2);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.InstanceProfiles?.map((profile) => profile.InstanceProfileName)).toEqual(['EC2_Can_Use_Services']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });

  it('gets a profile and the profiles of a role', async () => {
    const { InstanceProfile: profile } = await iam.send(
      new GetInstanceProfileCommand({ InstanceProfileName: 'EC2_Can_Use_Services' }),
    );
    expect(profile?.Roles?.[0]?.Arn).toBe('arn:aws:iam::570589970431:role/EC2_Can_Use_Services');
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ec2-webserver-role' }));
    expect(forRole.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['ec2-webserver-role']);
    const none = await iam.send(
      new ListInstanceProfilesForRoleCommand({ RoleName: 'aws-elasticbeanstalk-service-role' }),
    );
    expect(none.InstanceProfiles).toEqual([]);
    const missing = await awsError(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })));
    expect(missing).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    expect(missing.message).toBe('Instance Profile nope cannot be found.');
  });

  it('creates a profile, adds one role, refuses a second, and deletes only when empty (F16)', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'flask-instance-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const created = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'flask-profile' }));
    expect(created.InstanceProfile?.Roles).toEqual([]);
    const duplicate = await awsError(
      iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'flask-profile' })),
    );
    expect(duplicate).toMatchObject({ code: 'EntityAlreadyExists', status: 409 });

    await iam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'flask-profile', RoleName: 'flask-instance-role' }),
    );
    const second = await awsError(
      iam.send(
        new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'flask-profile', RoleName: 'ec2-webserver-role' }),
      ),
    );
    expect(second).toMatchObject({ code: 'LimitExceeded', status: 409 });
    expect(second.message).toBe('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');

    const busy = await awsError(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'flask-profile' })));
    expect(busy).toMatchObject({ code: 'DeleteConflict', status: 409 });
    await iam.send(
      new RemoveRoleFromInstanceProfileCommand({
        InstanceProfileName: 'flask-profile',
        RoleName: 'flask-instance-role',
      }),
    );
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'flask-profile' }));
    const gone = await awsError(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'flask-profile' })));
    expect(gone.code).toBe('NoSuchEntity');
  });

  it('refuses to add a role that does not exist', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'empty-profile' }));
    const error = await awsError(
      iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'empty-profile', RoleName: 'ghost' })),
    );
    expect(error).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    expect(error.message).toBe('The role with name ghost cannot be found.');
  });
});
