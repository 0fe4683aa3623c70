/**
 * The real AWS CLI (v1, botocore) against the sandbox's Elastic Beanstalk, S3
 * and EC2: the wire formats are what AWS's own tools parse, and a whole
 * environment can be built from scratch the way a learner would.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStoredZip, listZipEntries } from '../../src/shared/zip';
import { sandboxCli } from '../support/awsCli';
import { advanceSandboxClock } from '../support/trainingLabFixes';

// Path-style addressing: the sandbox is one loopback host, not a bucket per subdomain.
const cli = sandboxCli('[default]\ns3 =\n  addressing_style = path\n');
const { aws, awsJson } = cli;

/** Moves the sandbox clock through its admin route, as the console does. */
const advanceClock = (ms: number): Promise<void> => advanceSandboxClock(cli.sandbox.endpoint, ms);

interface EnvironmentsOutput {
  Environments: Array<{
    EnvironmentName: string;
    EnvironmentId: string;
    Status: string;
    Health: string;
    CNAME: string;
  }>;
}

describe('AWS CLI: Elastic Beanstalk, S3 and EC2 against the sandbox', () => {
  it('elasticbeanstalk describe-environments, describe-events and describe-configuration-settings', async () => {
    const envs = await awsJson<EnvironmentsOutput>(['elasticbeanstalk', 'describe-environments']);
    const learner = envs.Environments.find((e) => e.EnvironmentName === 'Bbruceeb2-env');
    expect(learner).toMatchObject({ Status: 'Ready', Health: 'Red' });
    // Its instance role cannot read the /flaskapp/flaskenv/ secrets at start (catalogue F10).
    expect(envs.Environments.find((e) => e.EnvironmentName === 'flask-ssm-demo-prod')).toMatchObject({
      Health: 'Red',
    });

    const events = await awsJson<{ Events: Array<{ Message: string; Severity: string; EventDate: string }> }>([
      'elasticbeanstalk',
      'describe-events',
      '--environment-name',
      'Bbruceeb2-env',
    ]);
    expect(
      events.Events.some(
        (e) => e.Message === 'Your WSGIPath refers to a file that does not exist.' && e.Severity === 'ERROR',
      ),
    ).toBe(true);

    const config = await awsJson<{
      ConfigurationSettings: Array<{
        DeploymentStatus: string;
        OptionSettings: Array<{ Namespace: string; OptionName: string; Value: string }>;
      }>;
    }>([
      'elasticbeanstalk',
      'describe-configuration-settings',
      '--application-name',
      'bbruceeb2',
      '--environment-name',
      'Bbruceeb2-env',
    ]);
    const deployed = config.ConfigurationSettings[0];
    expect(deployed?.DeploymentStatus).toBe('deployed');
    expect(deployed?.OptionSettings).toContainEqual({
      Namespace: 'aws:elasticbeanstalk:application:environment',
      OptionName: 'DATABASE_PASSWORD',
      Value: '1W4&IK%oDoKQpKGQ',
    });
  });

  it('elasticbeanstalk update-environment --option-settings starts an update the clock completes', async () => {
    // The database rule (F5) and the instance role's S3/Rekognition access (F6) are outside EB's options.
    const ingress = await aws([
      'ec2',
      'authorize-security-group-ingress',
      '--group-id',
      'sg-0965722cdbe774e58',
      '--protocol',
      'tcp',
      '--port',
      '3306',
      '--source-group',
      'sg-0f2a6c8e4b1d3a579',
    ]);
    expect(ingress.code).toBe(0);
    for (const policy of ['AmazonS3FullAccess', 'AmazonRekognitionReadOnlyAccess']) {
      const attached = await aws([
        'iam',
        'attach-role-policy',
        '--role-name',
        'aws-elasticbeanstalk-ec2-role',
        '--policy-arn',
        `arn:aws:iam::aws:policy/${policy}`,
      ]);
      expect(attached.code).toBe(0);
    }
    const updated = await awsJson<{ Status: string }>([
      'elasticbeanstalk',
      'update-environment',
      '--environment-name',
      'Bbruceeb2-env',
      '--option-settings',
      'Namespace=aws:elasticbeanstalk:container:python,OptionName=WSGIPath,Value=FlaskApp/application.py',
      'Namespace=aws:elasticbeanstalk:application:environment,OptionName=AWS_DEFAULT_REGION,Value=us-east-1',
      'Namespace=aws:elasticbeanstalk:application:environment,OptionName=FLASK_SECRET,Value=s3cr3t',
    ]);
    expect(updated.Status).toBe('Updating');
    await advanceClock(15_000);
    const envs = await awsJson<EnvironmentsOutput>([
      'elasticbeanstalk',
      'describe-environments',
      '--environment-names',
      'Bbruceeb2-env',
    ]);
    expect(envs.Environments[0]).toMatchObject({ Status: 'Ready', Health: 'Green' });
  });

  it('s3 cp of a zip, then s3 ls, and the object reads back byte for byte', async () => {
    const zipPath = join(cli.sandbox.dir, 'deploy-app.zip');
    const zip = createStoredZip([
      { path: 'application.py', content: 'application = None\n' },
      { path: 'requirements.txt', content: 'flask\n' },
    ]);
    await writeFile(zipPath, zip);
    expect((await aws(['s3', 'mb', 's3://learner-bundles'])).code).toBe(0);
    const copy = await aws(['s3', 'cp', zipPath, 's3://learner-bundles/app/deploy-app.zip']);
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);
    const listing = await aws(['s3', 'ls', 's3://learner-bundles/app/']);
    expect(listing.code).toBe(0);
    expect(listing.stdout).toMatch(new RegExp(`\\s${zip.length} deploy-app\\.zip`));
    const root = await aws(['s3', 'ls', 's3://learner-bundles']);
    expect(root.stdout).toContain('PRE app/');
    const back = join(cli.sandbox.dir, 'back.zip');
    expect((await aws(['s3', 'cp', 's3://learner-bundles/app/deploy-app.zip', back])).code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    expect(new Uint8Array(await readFile(back))).toEqual(zip);
  });

  it('s3api get-object fetches the lab bundle that describe-application-versions points at', async () => {
    const versions = await awsJson<{
      ApplicationVersions: Array<{ VersionLabel: string; SourceBundle: { S3Bucket: string; S3Key: string } }>;
    }>(['elasticbeanstalk', 'describe-application-versions', '--application-name', 'bbruceeb2']);
    const version = versions.ApplicationVersions.find((v) => v.VersionLabel === 'deploy-app-v1');
    expect(version?.SourceBundle).toEqual({
      S3Bucket: 'elasticbeanstalk-us-east-1-570589970431',
      S3Key: 'bbruceeb2/deploy-app.zip',
    });
    const out = join(cli.sandbox.dir, 'bundle.zip');
    const meta = await awsJson<{ ContentLength: number; ETag: string }>([
      's3api',
      'get-object',
      '--bucket',
      version!.SourceBundle.S3Bucket,
      '--key',
      version!.SourceBundle.S3Key,
      out,
    ]);
    const { readFile } = await import('node:fs/promises');
    const bytes = new Uint8Array(await readFile(out));
    expect(meta.ContentLength).toBe(bytes.length);
    expect(meta.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const paths = listZipEntries(bytes).map((e) => e.path);
    // The lab's mistake, visible to the CLI too: the app sits inside FlaskApp/, not at the root.
    expect(paths).toContain('FlaskApp/application.py');
    expect(paths).not.toContain('application.py');
  });

  it('ec2 describe-instances with the EB environment tag filter', async () => {
    const out = await awsJson<{
      Reservations: Array<{
        Instances: Array<{
          InstanceId: string;
          VpcId: string;
          PrivateIpAddress: string;
          SecurityGroups: Array<{ GroupName: string }>;
          IamInstanceProfile: { Arn: string };
        }>;
      }>;
    }>(['ec2', 'describe-instances', '--filters', 'Name=tag:elasticbeanstalk:environment-name,Values=Bbruceeb2-env']);
    const instances = out.Reservations.flatMap((r) => r.Instances);
    expect(instances).toHaveLength(1);
    expect(instances[0]).toMatchObject({
      InstanceId: 'i-0a7f3c9e1b5d24e68',
      VpcId: 'vpc-0e5d4c3b2a1f09876',
      PrivateIpAddress: '10.1.1.190',
    });
    expect(instances[0]?.SecurityGroups[0]?.GroupName).toMatch(
      /^awseb-e-mp3bcgh2vq-stack-AWSEBSecurityGroup-[A-Z0-9]{12}$/,
    );
    expect(instances[0]?.IamInstanceProfile.Arn).toBe(
      'arn:aws:iam::570589970431:instance-profile/aws-elasticbeanstalk-ec2-role',
    );
    const missing = await aws(['ec2', 'describe-instances', '--instance-ids', 'i-0123456789abcdef0']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('InvalidInstanceID.NotFound');
  });

  it('builds an environment from scratch and sees it go Ready after the clock advances', async () => {
    const zipPath = join(cli.sandbox.dir, 'app.zip');
    await writeFile(
      zipPath,
      createStoredZip([
        { path: 'application.py', content: 'from flask import Flask\napplication = Flask(__name__)\n' },
        { path: 'requirements.txt', content: 'flask\n' },
      ]),
    );
    expect((await aws(['elasticbeanstalk', 'create-application', '--application-name', 'scratch'])).code).toBe(0);
    expect(
      (await aws(['s3', 'cp', zipPath, 's3://elasticbeanstalk-us-east-1-570589970431/scratch/app.zip'])).code,
    ).toBe(0);
    const version = await aws([
      'elasticbeanstalk',
      'create-application-version',
      '--application-name',
      'scratch',
      '--version-label',
      'v1',
      '--source-bundle',
      'S3Bucket=elasticbeanstalk-us-east-1-570589970431,S3Key=scratch/app.zip',
    ]);
    expect(version.stderr).toBe('');
    const created = await awsJson<{ EnvironmentId: string; Status: string; CNAME: string }>([
      'elasticbeanstalk',
      'create-environment',
      '--application-name',
      'scratch',
      '--environment-name',
      'scratch-env',
      '--version-label',
      'v1',
      '--solution-stack-name',
      '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
      '--option-settings',
      'Namespace=aws:autoscaling:launchconfiguration,OptionName=IamInstanceProfile,Value=aws-elasticbeanstalk-ec2-role',
      'Namespace=aws:autoscaling:asg,OptionName=MinSize,Value=2',
    ]);
    expect(created.Status).toBe('Launching');
    expect(created.EnvironmentId).toMatch(/^e-[a-z0-9]{10}$/);
    expect(created.CNAME).toMatch(/^scratch-env\.[a-z0-9]{10}\.us-east-1\.elasticbeanstalk\.com$/);
    await advanceClock(30_000);
    const envs = await awsJson<EnvironmentsOutput>([
      'elasticbeanstalk',
      'describe-environments',
      '--environment-names',
      'scratch-env',
    ]);
    expect(envs.Environments[0]).toMatchObject({ Status: 'Ready', Health: 'Green' });
    const instances = await awsJson<{
      Reservations: Array<{ Instances: Array<{ State: { Name: string }; VpcId: string }> }>;
    }>([
      'ec2',
      'describe-instances',
      '--filters',
      `Name=tag:elasticbeanstalk:environment-id,Values=${created.EnvironmentId}`,
      'Name=instance-state-name,Values=running',
    ]);
    const running = instances.Reservations.flatMap((r) => r.Instances);
    expect(running).toHaveLength(2);
    expect(running.every((i) => i.VpcId === 'vpc-0b7e4c1d2a3f45e61')).toBe(true);
  });
});
