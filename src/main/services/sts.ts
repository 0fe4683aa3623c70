import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { CallerIdentity, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';

export async function getCallerIdentity(aws: ClientFactory, target: Target): Promise<CallerIdentity> {
  const out = await aws.call(target, 'sts', 'GetCallerIdentity', (c) => c.send(new GetCallerIdentityCommand({})));
  return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
}
