/** Roles, users and sessions made through the real SDK, for the STS tests. */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  type IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { type Credentials, STSClient } from '@aws-sdk/client-sts';
import type { SandboxCredentials, TestSandbox } from '../../support/sandbox';

export interface SessionCredentials extends SandboxCredentials {
  readonly sessionToken: string;
}

export const policy = (statements: unknown[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const allowAssume = (principal: unknown, condition?: unknown): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: 'sts:AssumeRole',
  ...(condition === undefined ? {} : { Condition: condition }),
});

export interface RoleSpec {
  readonly trust: unknown[];
  /** Statements of the role's one inline permissions policy. */
  readonly permissions?: unknown[];
  readonly maxSessionDuration?: number;
}

/** Creates a role and returns its ARN. */
export async function createRole(admin: IAMClient, name: string, spec: RoleSpec): Promise<string> {
  const { Role: role } = await admin.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: policy(spec.trust),
      ...(spec.maxSessionDuration === undefined ? {} : { MaxSessionDuration: spec.maxSessionDuration }),
    }),
  );
  if (spec.permissions) {
    await admin.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: `${name}-inline`,
        PolicyDocument: policy(spec.permissions),
      }),
    );
  }
  if (!role?.Arn) throw new Error('CreateRole returned no ARN');
  return role.Arn;
}

/** Creates a user with one inline policy (none when `statements` is empty) and returns its new key. */
export async function createUser(admin: IAMClient, name: string, statements: unknown[]): Promise<SandboxCredentials> {
  await admin.send(new CreateUserCommand({ UserName: name }));
  if (statements.length > 0) {
    await admin.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: `${name}-inline`, PolicyDocument: policy(statements) }),
    );
  }
  const { AccessKey: key } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

export function sessionCredentials(credentials: Credentials | undefined): SessionCredentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    throw new Error('STS returned no credentials');
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
  };
}

/** Runs `use` with an STS client for these credentials and destroys it afterwards. */
export async function withSts<T>(
  sandbox: TestSandbox,
  credentials: SandboxCredentials,
  use: (sts: STSClient) => Promise<T>,
): Promise<T> {
  const sts = new STSClient(sandbox.clientConfig(credentials));
  try {
    return await use(sts);
  } finally {
    sts.destroy();
  }
}
