import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  type Role,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError, decodeDocument } from './awsErrors';

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

let sandbox: TestSandbox;
let iam: IAMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox({ now: () => new Date('2026-11-22T03:49:14Z') });
  iam = new IAMClient(sandbox.clientConfig());
});

afterEach(async () => {
  iam.destroy();
  await sandbox.dispose();
});

async function listAllRoles(
  maxItems: number,
): Promise<{ roles: Role[]; pages: number; markers: Array<string | undefined> }> {
  const roles: Role[] = [];
  const markers: Array<string | undefined> = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await iam.send(new ListRolesCommand({ MaxItems: maxItems, Marker: marker }));
    roles.push(...(page.Roles ?? []));
    expect(page.IsTruncated).toBe(page.Marker !== undefined);
    marker = page.Marker;
    markers.push(marker);
    pages += 1;
  } while (marker !== undefined);
  return { roles, pages, markers };
}

describe('IAM roles', () => {
  it('lists the training-lab roles with ARNs and decodable trust policies', async () => {
    const result = await iam.send(new ListRolesCommand({}));
    expect(result.Roles?.map((role) => role.RoleName)).toEqual([...TRAINING_LAB.roles]);
    expect(result.IsTruncated).toBe(false);
    expect(result.Marker).toBeUndefined();
    const jumpbox = result.Roles?.find((role) => role.RoleName === 'EC2_Can_Use_Services');
    expect(jumpbox?.Arn).toBe('arn:aws:iam::570589970431:role/EC2_Can_Use_Services');
    expect(jumpbox?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(jumpbox?.CreateDate?.toISOString()).toBe('2018-07-02T18:31:55.000Z');
    expect(decodeDocument(jumpbox?.AssumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('pages with MaxItems=2 across several pages, with no Marker on the last', async () => {
    for (const name of ['lab-extra-1', 'lab-extra-2', 'lab-extra-3']) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: EC2_TRUST }));
    }
    const { roles, pages, markers } = await listAllRoles(2);
    expect(pages).toBe(5);
    expect(markers.filter((marker) => marker !== undefined)).toHaveLength(4);
    expect(markers[markers.length - 1]).toBeUndefined();
    expect(roles.map((role) => role.RoleName)).toEqual([
      'aws-elasticbeanstalk-ec2-role',
      'aws-elasticbeanstalk-service-role',
      'AWSReservedSSO_AdministratorAccess_5c1e9a7b3d2f4e60',
      'AWSReservedSSO_ReadOnlyAccess_8d4f2a6c1b3e5f79',
      'ec2-webserver-role',
      'EC2_Can_Use_Services',
      'lab-extra-1',
      'lab-extra-2',
      'lab-extra-3',
      'LabAdminWithMfa',
    ]);
  });

  it('filters by path prefix', async () => {
    await iam.send(
      new CreateRoleCommand({ RoleName: 'svc-role', Path: '/service-role/', AssumeRolePolicyDocument: EC2_TRUST }),
    );
    const result = await iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' }));
    expect(result.Roles?.map((role) => role.Arn)).toEqual(['arn:aws:iam::570589970431:role/service-role/svc-role']);
  });

  it('gets a role with its last use and the EB service trust condition', async () => {
    const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: 'aws-elasticbeanstalk-service-role' }));
    expect(role?.RoleLastUsed?.Region).toBe('us-east-1');
    expect(role?.RoleLastUsed?.LastUsedDate?.toISOString()).toBe('2026-11-21T03:37:14.000Z');
    expect(decodeDocument(role?.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [
        {
          Principal: { Service: 'elasticbeanstalk.amazonaws.com' },
          Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
        },
      ],
    });
  });

  it('reports a missing role as NoSuchEntity 404', async () => {
    const error = await awsError(iam.send(new GetRoleCommand({ RoleName: 'nope' })));
    expect(error).toMatchObject({ name: 'NoSuchEntityException', code: 'NoSuchEntity', status: 404 });
    expect(error.message).toBe('The role with name nope cannot be found.');
  });

  it('creates a role with description, tags and the submitted trust policy', async () => {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'lab-app-role',
        AssumeRolePolicyDocument: EC2_TRUST,
        Description: 'App role <for> "the" lab & friends',
        Tags: [{ Key: 'course', Value: 'edX' }],
      }),
    );
    expect(created.Role?.Arn).toBe('arn:aws:iam::570589970431:role/lab-app-role');
    expect(created.Role?.CreateDate?.toISOString()).toBe('2026-11-22T03:49:14.000Z');
    const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: 'lab-app-role' }));
    expect(role?.Description).toBe('App role <for> "the" lab & friends');
    expect(role?.Tags).toEqual([{ Key: 'course', Value: 'edX' }]);
    expect(role?.MaxSessionDuration).toBe(3600);
    expect(decodeURIComponent(role?.AssumeRolePolicyDocument ?? '')).toBe(EC2_TRUST);
  });

  it('refuses duplicates (any case), bad names and malformed trust policies', async () => {
    const duplicate = await awsError(
      iam.send(new CreateRoleCommand({ RoleName: 'ec2_can_use_services', AssumeRolePolicyDocument: EC2_TRUST })),
    );
    expect(duplicate).toMatchObject({ code: 'EntityAlreadyExists', status: 409 });
    expect(duplicate.message).toBe('Role with name ec2_can_use_services already exists.');

    const badName = await awsError(
      iam.send(new CreateRoleCommand({ RoleName: 'has space', AssumeRolePolicyDocument: EC2_TRUST })),
    );
    expect(badName).toMatchObject({ code: 'ValidationError', status: 400 });
    expect(badName.message).toContain("Value 'has space' at 'roleName' failed to satisfy constraint");

    const malformed = await awsError(
      iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: '{"Version":"2012-10-17"}' })),
    );
    expect(malformed).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 });
  });

  it('refuses to delete a role that still has policies or an instance profile', async () => {
    const attached = await awsError(iam.send(new DeleteRoleCommand({ RoleName: 'EC2_Can_Use_Services' })));
    expect(attached).toMatchObject({ code: 'DeleteConflict', status: 409 });
    expect(attached.message).toBe('Cannot delete entity, must remove roles from instance profile first.');

    await iam.send(new CreateRoleCommand({ RoleName: 'short-lived', AssumeRolePolicyDocument: EC2_TRUST }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'short-lived' }));
    const gone = await awsError(iam.send(new GetRoleCommand({ RoleName: 'short-lived' })));
    expect(gone.code).toBe('NoSuchEntity');
  });

  it('replaces a trust policy with UpdateAssumeRolePolicy, which AssumeRole then obeys', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'deploy-target', AssumeRolePolicyDocument: EC2_TRUST }));
    await iam.send(new CreateUserCommand({ UserName: 'deployer' }));
    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: 'deployer' }));
    const sts = new STSClient(
      sandbox.clientConfig({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' }),
    );
    const roleArn = `arn:aws:iam::${TRAINING_LAB.accountId}:role/deploy-target`;
    const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ship' }));
    // A trust policy that names only EC2 does not admit the user.
    expect((await awsError(assume())).code).toBe('AccessDenied');

    const userTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${TRAINING_LAB.accountId}:user/deployer` },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deploy-target', PolicyDocument: userTrust }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'deploy-target' }))).Role;
    expect(decodeDocument(role?.AssumeRolePolicyDocument)).toEqual(JSON.parse(userTrust));
    // A trust policy that names the user grants on its own, as in AWS.
    expect((await assume()).AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${TRAINING_LAB.accountId}:assumed-role/deploy-target/ship`,
    );
    const accountTrust = userTrust;
    const missing = await awsError(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'nope', PolicyDocument: accountTrust })),
    );
    expect([missing.code, missing.message]).toEqual(['NoSuchEntity', 'The role with name nope cannot be found.']);
    const malformed = await awsError(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deploy-target', PolicyDocument: '{"Version":' })),
    );
    expect(malformed.code).toBe('MalformedPolicyDocument');
    sts.destroy();
  });
});
