/**
 * The instance logs RequestEnvironmentInfo delivers are derived from state:
 * each cause the health evaluator finds prints what the platform generation's
 * real stack prints, and fixing the state through the API changes the next
 * logs while the lines already read stay as they were.
 */
import {
  CreateApplicationCommand,
  CreateApplicationVersionCommand,
  CreateEnvironmentCommand,
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
  type EnvironmentInfoType,
  type ConfigurationOptionSetting,
  RequestEnvironmentInfoCommand,
  RestartAppServerCommand,
  RetrieveEnvironmentInfoCommand,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { type IpPermission, RevokeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStoredZip } from '../../../src/shared/zip';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { letLabInstancesReadSecrets } from '../../support/trainingLabFixes';

const LEGACY = '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6';
const AL2023 = '64bit Amazon Linux 2023 v4.3.0 running Python 3.11';
const STACKS = [
  ['legacy', LEGACY],
  ['AL2023', AL2023],
] as const;
const ENV_NS = 'aws:elasticbeanstalk:application:environment';
const PHOTOS_DB = 'edx-photos-db.ccd69a3vcffc.us-east-1.rds.amazonaws.com';
const prop = (OptionName: string, Value: string): ConfigurationOptionSetting => ({
  Namespace: ENV_NS,
  OptionName,
  Value,
});

let sandbox: TestSandbox;
let eb: ElasticBeanstalkClient;

// A sandbox clock that moves only when the test moves it: which lines fall before a fix must not depend on
// how long a loaded machine takes between two calls.
const START = new Date();

beforeEach(async () => {
  sandbox = await startTestSandbox({ now: () => START });
  eb = new ElasticBeanstalkClient(sandbox.clientConfig());
});

afterEach(async () => {
  eb.destroy();
  await sandbox.dispose();
});

/** Requests logs, lets the instances deliver, and returns the newest object's text (a bundle's files joined). */
async function logs(name: string, infoType: EnvironmentInfoType = 'tail'): Promise<string> {
  await eb.send(new RequestEnvironmentInfoCommand({ EnvironmentName: name, InfoType: infoType }));
  sandbox.advanceClock(infoType === 'tail' ? 5_000 : 10_000);
  const out = await eb.send(new RetrieveEnvironmentInfoCommand({ EnvironmentName: name, InfoType: infoType }));
  const url = out.EnvironmentInfo?.at(-1)?.Message;
  if (!url) throw new Error(`no logs from ${name}`);
  const response = await fetch(url);
  if (infoType === 'tail') return response.text();
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  return Object.entries(files)
    .map(([path, bytes]) => `== ${path}\n${new TextDecoder().decode(bytes)}`)
    .join('\n');
}

async function ready(name: string): Promise<void> {
  const env = (await eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [name] }))).Environments?.[0];
  expect(env?.Status).toBe('Ready');
}

async function launch(
  application: string,
  name: string,
  stack: string,
  version: string,
  options: ConfigurationOptionSetting[] = [],
): Promise<void> {
  await eb.send(
    new CreateEnvironmentCommand({
      ApplicationName: application,
      EnvironmentName: name,
      VersionLabel: version,
      SolutionStackName: stack,
      OptionSettings: options,
    }),
  );
  // Thirty seconds to launch, then a minute of visitors for the logs to show.
  sandbox.advanceClock(30_000);
  await ready(name);
  sandbox.advanceClock(60_000);
}

async function update(name: string, options: ConfigurationOptionSetting[]): Promise<void> {
  await eb.send(new UpdateEnvironmentCommand({ EnvironmentName: name, OptionSettings: options }));
  sandbox.advanceClock(15_000);
  await ready(name);
}

/** An application of the lab account with one version built from these files. */
async function app(name: string, files: Record<string, string>): Promise<void> {
  const s3 = new S3Client({ ...sandbox.clientConfig(), forcePathStyle: true });
  const body = createStoredZip(Object.entries(files).map(([path, content]) => ({ path, content })));
  await s3.send(new PutObjectCommand({ Bucket: TRAINING_LAB.bundleBucket, Key: `${name}/v1.zip`, Body: body }));
  s3.destroy();
  await eb.send(new CreateApplicationCommand({ ApplicationName: name }));
  await eb.send(
    new CreateApplicationVersionCommand({
      ApplicationName: name,
      VersionLabel: 'v1',
      SourceBundle: { S3Bucket: TRAINING_LAB.bundleBucket, S3Key: `${name}/v1.zip` },
    }),
  );
}

/** The newest line that contains `needle`. */
/** The status of the newest request in an access log. */
function lastStatus(text: string): string | undefined {
  return [...text.matchAll(/"GET \/ HTTP\/1\.1" (\d{3}) \d+ /g)].at(-1)?.[1];
}

function newest(text: string, needle: string): string | undefined {
  return text
    .split('\n')
    .filter((line) => line.includes(needle))
    .at(-1);
}

describe.each(STACKS)('%s: each cause prints what the platform prints', (generation, stack) => {
  const legacy = generation === 'legacy';

  it('a WSGI target that is not there, and a missing requirements.txt', async () => {
    await app('shop', {
      'application.py': 'import os\nimport requests\nfrom flask import Flask\napplication = Flask(__name__)\n',
    });
    await launch('shop', 'shop-nodeps', stack, 'v1');
    const noDeps = await logs('shop-nodeps');
    expect(noDeps).toContain(`${legacy ? '/var/log/httpd/error_log' : '/var/log/web.stdout.log'}\n`);
    const line = newest(noDeps, "ModuleNotFoundError: No module named 'requests'");
    expect(line).toMatch(
      legacy
        ? /^\[\w{3} \w{3} \d{2} [\d:.]+ \d{4}\] \[:error\] \[pid \d+\] \[remote [\d.]+:\d+\] ModuleNotFoundError: No module named 'requests'$/
        : /^\w{3} [ \d]\d [\d:]+ ip-[\d-]+ web\[\d+\]: ModuleNotFoundError: No module named 'requests'$/,
    );
    if (!legacy) expect(noDeps).toContain('[INFO] Reason: Worker failed to boot.');

    await launch('shop', 'shop-wsgi', stack, 'v1', [
      {
        Namespace: 'aws:elasticbeanstalk:container:python',
        OptionName: 'WSGIPath',
        Value: legacy ? 'shop/main.py' : 'shop.main:app',
      },
    ]);
    const wsgi = await logs('shop-wsgi');
    if (legacy) {
      expect(wsgi).toContain('Activity execution failed, because: Your WSGIPath refers to a file that does not exist.');
      expect(wsgi).toContain('Target WSGI script not found or unable to stat: /opt/python/current/app/shop/main.py');
    } else {
      expect(wsgi).toMatch(/web\[\d+\]: ModuleNotFoundError: No module named 'shop\.main'\n/);
      expect(wsgi).toContain('connect() failed (111: Connection refused) while connecting to upstream');
      expect(wsgi).toMatch(/"GET \/ HTTP\/1\.1" 502 157 /);
    }
  });

  it('KeyError, then NoRegionError, then MySQL 2003 and AccessDenied, as each fix reveals the next', async () => {
    // The photos app at the bundle root (the learner's second try), in the default VPC: its database is out of reach.
    await launch('bbruceeb2', 'photos-check', stack, 'deploy-app-v2');
    const first = await logs('photos-check');
    expect(newest(first, 'KeyError:')).toMatch(/KeyError: 'DATABASE_HOST'$/);
    if (legacy) expect(first).toContain('File "/opt/python/current/app/config.py", line 2, in <module>');

    const properties = [
      prop('DATABASE_HOST', PHOTOS_DB),
      prop('DATABASE_USER', 'web_user'),
      prop('DATABASE_PASSWORD', 'x'),
      prop('DATABASE_DB_NAME', 'Photos'),
      prop('FLASK_SECRET', 'y'),
      prop('PHOTOS_BUCKET', 'photos-bucket'),
    ];
    await update('photos-check', properties);
    sandbox.advanceClock(60_000);
    const second = await logs('photos-check');
    expect(newest(second, 'NoRegionError')).toMatch(
      /botocore\.exceptions\.NoRegionError: You must specify a region\.$/,
    );
    // The line read before the fix is still there, word for word.
    const before = newest(first, "KeyError: 'DATABASE_HOST'") ?? '';
    expect((await logs('photos-check', 'bundle')).includes(before)).toBe(true);

    await update('photos-check', [prop('AWS_DEFAULT_REGION', 'us-east-1')]);
    sandbox.advanceClock(120_000);
    const third = await logs('photos-check');
    expect(third).toContain(
      `mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server on '${PHOTOS_DB}:3306' (110 Connection timed out)`,
    );
    expect(third).toMatch(
      /botocore\.exceptions\.ClientError: An error occurred \((AccessDenied|AccessDeniedException)\) when calling the (GetObject|DetectLabels) operation: User: arn:aws:sts::570589970431:assumed-role\/aws-elasticbeanstalk-ec2-role\/i-[0-9a-f]+ is not authorized to perform/,
    );
    // The region is fixed: the newest SDK error is the role's refusal, no longer NoRegionError.
    expect(newest(third, 'botocore.exceptions.')).toContain('botocore.exceptions.ClientError');
  });

  it('a secret the instance role cannot fetch fails the deployment, then a PostgreSQL timeout once it is plain', async () => {
    const arn = (name: string): string => `arn:aws:ssm:us-east-1:570589970431:parameter/flaskapp/flaskenv/${name}`;
    const secrets = ['RDS_USERNAME', 'RDS_PASSWORD', 'RDS_DB_NAME', 'RDS_HOSTNAME', 'RDS_PORT', 'APP_SECRET'];
    await launch('flask-ssm-demo', 'orders-check', stack, 'app-v3', [
      ...secrets.map((name) => ({
        Namespace: 'aws:elasticbeanstalk:application:environmentsecrets',
        OptionName: name,
        Value: arn(name),
      })),
      prop('AWS_REGION', 'us-east-1'),
      ...(legacy
        ? [{ Namespace: 'aws:elasticbeanstalk:container:python', OptionName: 'WSGIPath', Value: 'application.py' }]
        : []),
    ]);
    const failed = await logs('orders-check');
    const failure =
      'Instance deployment failed to get one or more secrets: AccessDeniedException: User: arn:aws:sts::570589970431:assumed-role/aws-elasticbeanstalk-ec2-role/';
    expect(failed).toContain(failure);
    expect(failed).toMatch(
      legacy
        ? /INFO {2}\[\d+\] {2}- \[Initialization\/AppDeployStage0\/AppDeployPreHook\/02_get_environment_secrets\.py\] : Activity execution failed, because: Instance deployment failed/
        : /\[ERROR\] An error occurred during execution of command \[app-deploy\] - \[FlipApplication\]\. Stop running the command\. Error: Instance deployment failed/,
    );

    const pgHost = await (async () => {
      const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
      const ssm = new SSMClient(sandbox.clientConfig());
      const value = (
        await ssm.send(new GetParameterCommand({ Name: '/flaskapp/flaskenv/RDS_HOSTNAME', WithDecryption: true }))
      ).Parameter?.Value;
      ssm.destroy();
      return value ?? '';
    })();
    await eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: 'orders-check',
        OptionsToRemove: secrets.map((name) => ({
          Namespace: 'aws:elasticbeanstalk:application:environmentsecrets',
          OptionName: name,
        })),
        OptionSettings: secrets.map((name) =>
          prop(name, name === 'RDS_HOSTNAME' ? pgHost : name === 'RDS_PORT' ? '5432' : 'v'),
        ),
      }),
    );
    sandbox.advanceClock(75_000);
    const plain = await logs('orders-check');
    expect(plain).toMatch(
      /psycopg2\.OperationalError: could not connect to server: Connection timed out\. Is the server running on host "[^"]+\.rds\.amazonaws\.com" and accepting TCP\/IP connections on port 5432\?/,
    );
  });
});

describe('fixing the state changes the next logs', () => {
  it('flask-ssm-demo-prod: the secrets failure stays until a restart redeploys; then gunicorn serves, until the database rule goes', async () => {
    const iam = new IAMClient(sandbox.clientConfig());
    const ec2 = new EC2Client(sandbox.clientConfig());
    try {
      const broken = await logs('flask-ssm-demo-prod');
      expect(broken).toContain(
        '[ERROR] An error occurred during execution of command [app-deploy] - [FlipApplication]',
      );
      expect(lastStatus(broken)).toBe('502');
      await letLabInstancesReadSecrets(iam);
      sandbox.advanceClock(30_000);
      // EB has not redeployed, so the instance still runs the failed deployment.
      expect(lastStatus(await logs('flask-ssm-demo-prod'))).toBe('502');

      await eb.send(new RestartAppServerCommand({ EnvironmentName: 'flask-ssm-demo-prod' }));
      sandbox.advanceClock(15_000 + 60_000);
      const fixed = await logs('flask-ssm-demo-prod');
      expect(fixed).toMatch(/\[INFO\] Engine received EB command restart-app-server\n/);
      expect(fixed).toMatch(/web\[\d+\]: \[[\d-]+ [\d:]+ \+0000\] \[\d+\] \[INFO\] Starting gunicorn 22\.0\.0\n/);
      expect(lastStatus(fixed)).toBe('200');

      const rule: IpPermission = {
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        UserIdGroupPairs: [{ GroupId: TRAINING_LAB.demoEnvironment.securityGroupId }],
      };
      await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: 'sg-0e5d4c3b2a1f00103', IpPermissions: [rule] }));
      sandbox.advanceClock(60_000);
      const cutOff = await logs('flask-ssm-demo-prod');
      expect(newest(cutOff, 'psycopg2.OperationalError')).toMatch(
        /web\[\d+\]: psycopg2\.OperationalError: could not connect to server: Connection timed out\./,
      );
      expect(lastStatus(cutOff)).toBe('500');
      // The 200s served before the rule went are still in the access log as they were.
      const served = fixed
        .split('\n')
        .filter((l) => l.includes('" 200 '))
        .slice(-3);
      const bundle = await logs('flask-ssm-demo-prod', 'bundle');
      for (const line of served) expect(bundle).toContain(line);
    } finally {
      iam.destroy();
      ec2.destroy();
    }
  });
});
