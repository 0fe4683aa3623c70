import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../../src/sandbox';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';

let sandbox: TestSandbox;

beforeEach(async () => {
  sandbox = await startTestSandbox();
});

afterEach(async () => {
  await sandbox.dispose();
});

async function whoAmI(credentials: { accessKeyId: string; secretAccessKey: string }): Promise<unknown> {
  const sts = new STSClient(sandbox.clientConfig(credentials));
  try {
    const { Arn, UserId, Account } = await sts.send(new GetCallerIdentityCommand({}));
    return { Arn, UserId, Account };
  } finally {
    sts.destroy();
  }
}

describe('STS GetCallerIdentity', () => {
  it('answers the built-in sandbox key as the account root', async () => {
    expect(await whoAmI(SANDBOX_ADMIN_CREDENTIALS)).toEqual({
      Arn: 'arn:aws:iam::570589970431:root',
      UserId: '570589970431',
      Account: '570589970431',
    });
  });

  it('treats any unknown key as the account administrator', async () => {
    expect(await whoAmI({ accessKeyId: 'AKIAANYTHINGATALL123', secretAccessKey: 'whatever' })).toMatchObject({
      Arn: 'arn:aws:iam::570589970431:root',
    });
  });

  it("answers a scenario user's key as that user", async () => {
    expect(await whoAmI(TRAINING_LAB.userCredentials)).toEqual({
      Arn: 'arn:aws:iam::570589970431:user/edXProjectUser3',
      UserId: 'AIDAYLQ4JS7X5QHNBCW3K',
      Account: '570589970431',
    });
  });

  it('ignores the secret: the sandbox identifies callers by access key id alone', async () => {
    expect(
      await whoAmI({ accessKeyId: TRAINING_LAB.userCredentials.accessKeyId, secretAccessKey: 'wrong-secret' }),
    ).toMatchObject({ Arn: 'arn:aws:iam::570589970431:user/edXProjectUser3' });
  });
});
