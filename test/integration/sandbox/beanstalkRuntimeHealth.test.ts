/**
 * Runtime health follows the state on the next read, without an operation:
 * revoking the database rule of a Green environment turns it Red, restoring it
 * turns it Green again; launch failures still need an operation.
 */
import {
  DescribeEnvironmentHealthCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  RestartAppServerCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import {
  AuthorizeSecurityGroupIngressCommand,
  type IpPermission,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { sandboxClients, type SandboxClients } from '../../support/sandboxClients';
import { letLabInstancesReadSecrets } from '../../support/trainingLabFixes';

const ACCOUNT = '570589970431';
const FLASK_DB_SG = 'sg-0e5d4c3b2a1f00103';
const FLASK_DB_RULE: IpPermission = {
  IpProtocol: 'tcp',
  FromPort: 5432,
  ToPort: 5432,
  UserIdGroupPairs: [{ GroupId: 'sg-0e5d4c3b2a1f00102' }],
};

let sandbox: TestSandbox;
let aws: SandboxClients;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  aws = sandboxClients(sandbox);
});

afterEach(async () => {
  aws.destroy();
  await sandbox.dispose();
});

async function health(name: string): Promise<{ Health?: string; HealthStatus?: string; Status?: string }> {
  const out = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [name] }));
  return out.Environments?.[0] ?? {};
}

async function newestEvents(name: string, count: number): Promise<string[]> {
  const out = await aws.eb.send(new DescribeEventsCommand({ EnvironmentName: name, MaxRecords: count }));
  return (out.Events ?? []).map((e) => e.Message ?? '');
}

/** Makes flask-ssm-demo-prod Green: its secrets readable (F10), then a restart to redeploy. */
async function greenProd(): Promise<void> {
  await letLabInstancesReadSecrets(aws.iam, ACCOUNT);
  await aws.eb.send(new RestartAppServerCommand({ EnvironmentName: 'flask-ssm-demo-prod' }));
  sandbox.advanceClock(15_000);
  expect(await health('flask-ssm-demo-prod')).toMatchObject({ Status: 'Ready', Health: 'Green' });
}

describe('runtime health without an operation', () => {
  it('follows a revoked and a restored database rule on the next read', async () => {
    await greenProd();
    await aws.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: FLASK_DB_SG, IpPermissions: [FLASK_DB_RULE] }));
    sandbox.advanceClock(5_000);
    const red = await aws.eb.send(
      new DescribeEnvironmentHealthCommand({ EnvironmentName: 'flask-ssm-demo-prod', AttributeNames: ['All'] }),
    );
    expect(red).toMatchObject({ Status: 'Ready', Color: 'Red', HealthStatus: 'Severe' });
    expect(red.Causes).toEqual(['100.0 % of the requests are failing with HTTP 5xx.']);
    expect(await newestEvents('flask-ssm-demo-prod', 1)).toEqual([
      'Environment health has transitioned from Ok to Severe. 100.0 % of the requests are failing with HTTP 5xx.',
    ]);
    // A second read changes nothing and adds no event.
    expect(await health('flask-ssm-demo-prod')).toMatchObject({ Health: 'Red' });
    expect(await newestEvents('flask-ssm-demo-prod', 1)).toHaveLength(1);
    expect((await newestEvents('flask-ssm-demo-prod', 1))[0]).toContain('from Ok to Severe');

    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: FLASK_DB_SG, IpPermissions: [FLASK_DB_RULE] }),
    );
    expect(await health('flask-ssm-demo-prod')).toMatchObject({ Status: 'Ready', Health: 'Green', HealthStatus: 'Ok' });
    expect(await newestEvents('flask-ssm-demo-prod', 1)).toEqual([
      'Environment health has transitioned from Severe to Ok.',
    ]);
  });

  it('does not clear a launch failure on read: the missing profile needs a rebuild', async () => {
    await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'flask-staging-ec2-profile' }));
    await aws.iam.send(
      new AddRoleToInstanceProfileCommand({
        InstanceProfileName: 'flask-staging-ec2-profile',
        RoleName: 'aws-elasticbeanstalk-ec2-role',
      }),
    );
    sandbox.advanceClock(60_000);
    expect(await health('flask-ssm-demo-staging')).toMatchObject({ Health: 'Red', HealthStatus: 'Severe' });
    const causes = await aws.eb.send(
      new DescribeEnvironmentHealthCommand({ EnvironmentName: 'flask-ssm-demo-staging', AttributeNames: ['Causes'] }),
    );
    expect(causes.Causes).toEqual(['None of the instances are sending data.']);
  });
});
