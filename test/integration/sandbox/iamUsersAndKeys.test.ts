import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/sandbox';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError } from './awsErrors';

const NOW = new Date('2026-11-22T03:49:14Z');
const USER = TRAINING_LAB.userName;

let sandbox: TestSandbox;
let iam: IAMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox({ now: () => NOW });
  iam = new IAMClient(sandbox.clientConfig());
});

afterEach(async () => {
  iam.destroy();
  await sandbox.dispose();
});

describe('IAM users', () => {
  it('lists and gets the course user', async () => {
    const list = await iam.send(new ListUsersCommand({}));
    expect(list.Users?.map((user) => user.UserName)).toEqual([USER]);
    expect(list.IsTruncated).toBe(false);
    const { User: user } = await iam.send(new GetUserCommand({ UserName: USER }));
    expect(user).toMatchObject({ UserName: USER, Path: '/', Arn: 'arn:aws:iam::570589970431:user/edXProjectUser3' });
    expect(user?.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(user?.CreateDate?.toISOString()).toBe('2018-07-02T01:14:37.000Z');
  });

  it('describes the caller when GetUser has no UserName', async () => {
    const asAdmin = await iam.send(new GetUserCommand({}));
    expect(asAdmin.User?.Arn).toBe('arn:aws:iam::570589970431:root');
    expect(asAdmin.User?.UserId).toBe('570589970431');
    const asUser = new IAMClient(sandbox.clientConfig(TRAINING_LAB.userCredentials));
    try {
      expect((await asUser.send(new GetUserCommand({}))).User?.UserName).toBe(USER);
    } finally {
      asUser.destroy();
    }
  });

  it('creates users, pages them, and deletes them', async () => {
    for (const name of ['alice', 'bob', 'carol']) await iam.send(new CreateUserCommand({ UserName: name }));
    const first = await iam.send(new ListUsersCommand({ MaxItems: 2 }));
    expect(first.Users?.map((user) => user.UserName)).toEqual(['alice', 'bob']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.Users?.map((user) => user.UserName)).toEqual(['carol', USER]);
    expect(second.Marker).toBeUndefined();
    const duplicate = await awsError(iam.send(new CreateUserCommand({ UserName: 'Alice' })));
    expect(duplicate).toMatchObject({ code: 'EntityAlreadyExists', status: 409 });
    await iam.send(new DeleteUserCommand({ UserName: 'alice' }));
    const gone = await awsError(iam.send(new GetUserCommand({ UserName: 'alice' })));
    expect(gone).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    expect(gone.message).toBe('The user with name alice cannot be found.');
  });

  it('refuses to delete a user who still has keys or policies', async () => {
    const keys = await awsError(iam.send(new DeleteUserCommand({ UserName: USER })));
    expect(keys).toMatchObject({ code: 'DeleteConflict', status: 409 });
    expect(keys.message).toBe('Cannot delete entity, must delete access keys first.');
  });
});

describe('access keys', () => {
  it("lists the user's two keys and reports last use for each (F14)", async () => {
    const list = await iam.send(new ListAccessKeysCommand({ UserName: USER }));
    expect(list.AccessKeyMetadata?.map((key) => [key.AccessKeyId, key.Status])).toEqual([
      [TRAINING_LAB.staleAccessKeyId, 'Active'],
      [TRAINING_LAB.userCredentials.accessKeyId, 'Active'],
    ]);
    const stale = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: TRAINING_LAB.staleAccessKeyId }));
    expect(stale.UserName).toBe(USER);
    expect(stale.AccessKeyLastUsed).toMatchObject({ ServiceName: 'rekognition', Region: 'us-west-2' });
    expect(stale.AccessKeyLastUsed?.LastUsedDate?.toISOString()).toBe('2018-07-06T21:45:12.000Z');
    const recent = await iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: TRAINING_LAB.userCredentials.accessKeyId }),
    );
    expect(recent.AccessKeyLastUsed?.ServiceName).toBe('s3');
    expect(recent.AccessKeyLastUsed?.LastUsedDate?.toISOString()).toBe('2026-11-21T03:01:14.000Z');
  });

  it('records use of a scenario key: service, region and time', async () => {
    const sts = new STSClient(sandbox.clientConfig(TRAINING_LAB.userCredentials));
    try {
      await sts.send(new GetCallerIdentityCommand({}));
    } finally {
      sts.destroy();
    }
    const used = await iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: TRAINING_LAB.userCredentials.accessKeyId }),
    );
    expect(used.AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'us-east-1' });
    expect(used.AccessKeyLastUsed?.LastUsedDate?.toISOString()).toBe(NOW.toISOString());
  });

  it('enforces two keys per user, then rotates: deactivate, delete, create', async () => {
    const full = await awsError(iam.send(new CreateAccessKeyCommand({ UserName: USER })));
    expect(full).toMatchObject({ code: 'LimitExceeded', status: 409 });
    expect(full.message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');

    await iam.send(
      new UpdateAccessKeyCommand({ UserName: USER, AccessKeyId: TRAINING_LAB.staleAccessKeyId, Status: 'Inactive' }),
    );
    const afterUpdate = await iam.send(new ListAccessKeysCommand({ UserName: USER }));
    expect(
      afterUpdate.AccessKeyMetadata?.find((key) => key.AccessKeyId === TRAINING_LAB.staleAccessKeyId)?.Status,
    ).toBe('Inactive');
    await iam.send(new DeleteAccessKeyCommand({ UserName: USER, AccessKeyId: TRAINING_LAB.staleAccessKeyId }));

    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: USER }));
    expect(key?.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(key?.SecretAccessKey).toHaveLength(40);
    expect(key?.Status).toBe('Active');
    const never = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key?.AccessKeyId }));
    expect(never.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });

    const sts = new STSClient(
      sandbox.clientConfig({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' }),
    );
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(
        'arn:aws:iam::570589970431:user/edXProjectUser3',
      );
    } finally {
      sts.destroy();
    }
  });

  it('rejects an inactive key instead of treating it as unknown', async () => {
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: USER,
        AccessKeyId: TRAINING_LAB.userCredentials.accessKeyId,
        Status: 'Inactive',
      }),
    );
    const sts = new STSClient(sandbox.clientConfig(TRAINING_LAB.userCredentials));
    try {
      const error = await awsError(sts.send(new GetCallerIdentityCommand({})));
      expect(error).toMatchObject({ code: 'InvalidClientTokenId', status: 403 });
    } finally {
      sts.destroy();
    }
  });

  it("refuses a deleted key as AWS does, in each protocol's words, instead of treating it as unknown", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'deleted-key-user' }));
    const { AccessKey: created } = await iam.send(new CreateAccessKeyCommand({ UserName: 'deleted-key-user' }));
    const keys = { accessKeyId: created?.AccessKeyId ?? '', secretAccessKey: created?.SecretAccessKey ?? '' };
    const sts = new STSClient(sandbox.clientConfig(keys));
    const ec2 = new EC2Client(sandbox.clientConfig(keys));
    const s3 = new S3Client({ ...sandbox.clientConfig(keys), forcePathStyle: true });
    const ssm = new SSMClient(sandbox.clientConfig(keys));
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(
        'arn:aws:iam::570589970431:user/deleted-key-user',
      );
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'deleted-key-user', AccessKeyId: keys.accessKeyId }));
      expect(await awsError(sts.send(new GetCallerIdentityCommand({})))).toEqual({
        name: 'InvalidClientTokenId',
        code: 'InvalidClientTokenId',
        status: 403,
        message: 'The security token included in the request is invalid.',
      });
      expect(await awsError(ec2.send(new DescribeVpcsCommand({})))).toMatchObject({
        code: 'AuthFailure',
        status: 401,
        message: 'AWS was not able to validate the provided access credentials',
      });
      expect(await awsError(s3.send(new ListBucketsCommand({})))).toMatchObject({
        name: 'InvalidAccessKeyId',
        status: 403,
        message: 'The AWS Access Key Id you provided does not exist in our records.',
      });
      expect(await awsError(ssm.send(new DescribeParametersCommand({})))).toMatchObject({
        name: 'UnrecognizedClientException',
        status: 400,
        message: 'The security token included in the request is invalid.',
      });
    } finally {
      for (const client of [sts, ec2, s3, ssm]) client.destroy();
    }
  });

  it('keeps refusing a deleted key after a restart, while a key it never issued still acts as the administrator', async () => {
    await iam.send(new DeleteAccessKeyCommand({ UserName: USER, AccessKeyId: TRAINING_LAB.staleAccessKeyId }));
    await sandbox.close();
    const again = await startSandbox({ stateFile: sandbox.stateFile, now: () => NOW });
    const stale = { accessKeyId: TRAINING_LAB.staleAccessKeyId, secretAccessKey: 'whatever-it-was' };
    const config = { endpoint: again.endpoint, region: 'us-east-1', maxAttempts: 1 };
    const deleted = new STSClient({ ...config, credentials: stale });
    const madeUp = new STSClient({
      ...config,
      credentials: { accessKeyId: 'AKIAMADEUPBYTHETEST1', secretAccessKey: 'any' },
    });
    try {
      expect(await awsError(deleted.send(new GetCallerIdentityCommand({})))).toMatchObject({
        code: 'InvalidClientTokenId',
        status: 403,
      });
      expect((await madeUp.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::570589970431:root');
    } finally {
      deleted.destroy();
      madeUp.destroy();
      await again.close();
    }
  });

  it('reports unknown keys as NoSuchEntity', async () => {
    const error = await awsError(
      iam.send(new UpdateAccessKeyCommand({ UserName: USER, AccessKeyId: 'AKIAUNKNOWNKEY000000', Status: 'Inactive' })),
    );
    expect(error).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    expect(error.message).toBe('The Access Key with id AKIAUNKNOWNKEY000000 cannot be found.');
  });
});
