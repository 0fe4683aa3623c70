/** IAM users made through the API for sandbox tests, with keys to sign as them. */
import { CreateAccessKeyCommand, CreateUserCommand, type IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { SandboxCredentials } from './sandbox';

/** Creates the user and an access key; with `statements`, an inline policy named `<name>-inline` first. */
export async function createUserWithKey(
  admin: IAMClient,
  name: string,
  statements?: unknown[],
): Promise<SandboxCredentials> {
  await admin.send(new CreateUserCommand({ UserName: name }));
  if (statements) {
    await admin.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: `${name}-inline`,
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    );
  }
  const { AccessKey: key } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}
