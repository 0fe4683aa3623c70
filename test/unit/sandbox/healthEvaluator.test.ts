/** The health evaluator on fixture states: each problem appears when its cause is in the state, and only then. */
import { describe, expect, it } from 'vitest';
import { createStoredZip } from '../../../src/shared/zip';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { evaluateEnvironment } from '../../../src/sandbox/simulation/healthEvaluator';
import { platformFacts } from '../../../src/sandbox/simulation/platform';
import type { EnvironmentState, OptionSettingState } from '../../../src/sandbox/state/beanstalkState';
import type { StateDocument } from '../../../src/sandbox/state/document';

const NOW = new Date('2026-11-22T04:00:00Z');
const LEGACY = '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6';
const AL2023 = '64bit Amazon Linux 2023 v4.3.0 running Python 3.11';
const AL2 = '64bit Amazon Linux 2 v3.5.0 running Python 3.8';

const PYTHON_NS = 'aws:elasticbeanstalk:container:python';
const ENV_NS = 'aws:elasticbeanstalk:application:environment';
const wsgi = (value: string): OptionSettingState => ({ namespace: PYTHON_NS, optionName: 'WSGIPath', value });
const prop = (name: string, value = 'x'): OptionSettingState => ({ namespace: ENV_NS, optionName: name, value });

interface Fixture {
  readonly stack: string;
  readonly files: readonly string[];
  readonly options?: readonly OptionSettingState[];
  readonly required?: readonly string[];
  readonly usesAwsSdk?: boolean;
  readonly profile?: string;
}

/** The training lab's IAM (with its EB instance profile), plus one app, one bundle and one environment. */
function fixture(f: Fixture): { doc: StateDocument; env: EnvironmentState } {
  const doc = buildScenario('training-lab', NOW);
  const bytes = createStoredZip(f.files.map((path) => ({ path, content: path.endsWith('/') ? '' : 'x' })));
  doc.s3.buckets.push({
    name: 'fixture-bucket',
    creationDate: '2026-01-01T00:00:00Z',
    region: 'us-east-1',
    objects: [
      {
        key: 'b.zip',
        bodyBase64: Buffer.from(bytes).toString('base64'),
        etag: `"${'0'.repeat(32)}"`,
        size: bytes.length,
        lastModified: '2026-01-01T00:00:00Z',
      },
    ],
  });
  doc.elasticbeanstalk.applications.push({
    name: 'fx',
    dateCreated: '2026-01-01T00:00:00Z',
    dateUpdated: '2026-01-01T00:00:00Z',
    requirements: { environmentProperties: [...(f.required ?? [])], usesAwsSdk: f.usesAwsSdk ?? false },
  });
  doc.elasticbeanstalk.applicationVersions.push({
    applicationName: 'fx',
    versionLabel: 'v1',
    sourceBundle: { s3Bucket: 'fixture-bucket', s3Key: 'b.zip' },
    dateCreated: '2026-01-01T00:00:00Z',
    status: 'PROCESSED',
  });
  const env: EnvironmentState = {
    id: 'e-abcdefghij',
    name: 'fx-env',
    applicationName: 'fx',
    versionLabel: 'v1',
    solutionStackName: f.stack,
    tier: { name: 'WebServer', type: 'Standard', version: '1.0' },
    cname: 'fx-env.abc.us-east-1.elasticbeanstalk.com',
    dateCreated: '2026-01-01T00:00:00Z',
    dateUpdated: '2026-01-01T00:00:00Z',
    status: 'Ready',
    optionSettings: [
      {
        namespace: 'aws:autoscaling:launchconfiguration',
        optionName: 'IamInstanceProfile',
        value: f.profile ?? 'aws-elasticbeanstalk-ec2-role',
      },
      ...(f.options ?? []),
    ],
    deploymentId: 1,
    lastHealth: { status: 'Ok', causes: [], refreshedAt: '2026-01-01T00:00:00Z' },
  };
  doc.elasticbeanstalk.environments.push(env);
  return { doc, env };
}

function codes(f: Fixture): string[] {
  const { doc, env } = fixture(f);
  return evaluateEnvironment(doc, env).problems.map((p) => p.code);
}

const ROOT_APP = ['application.py', 'requirements.txt'];
const NESTED_APP = ['Deploy/', 'Deploy/app.ini', 'FlaskApp/', 'FlaskApp/application.py', 'FlaskApp/requirements.txt'];

describe('platform detection', () => {
  it('tells the legacy AMI from Amazon Linux 2 and 2023', () => {
    expect(platformFacts(LEGACY, undefined)).toMatchObject({ python: true, generation: 'legacy' });
    expect(platformFacts(AL2, undefined)).toMatchObject({ python: true, generation: 'gunicorn' });
    expect(
      platformFacts(
        undefined,
        'arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.11 running on 64bit Amazon Linux 2023/4.3.0',
      ),
    ).toMatchObject({ python: true, generation: 'gunicorn' });
    expect(platformFacts('64bit Amazon Linux 2023 v6.1.0 running Node.js 20', undefined).python).toBe(false);
  });
});

describe('WSGIPath', () => {
  it('legacy: a file path, default application.py; a bundle with the app in a folder fails with the AWS event', () => {
    expect(codes({ stack: LEGACY, files: ROOT_APP })).toEqual([]);
    const { doc, env } = fixture({ stack: LEGACY, files: NESTED_APP });
    const diagnosis = evaluateEnvironment(doc, env);
    expect(diagnosis.problems.map((p) => p.code)).toEqual(['wsgi-path']);
    expect(diagnosis.problems[0]?.events).toContainEqual({
      severity: 'ERROR',
      message: 'Your WSGIPath refers to a file that does not exist.',
    });
    expect(diagnosis).toMatchObject({ health: 'Severe', operationFailed: true });
    expect(codes({ stack: LEGACY, files: NESTED_APP, options: [wsgi('FlaskApp/application.py')] })).toEqual([]);
  });

  it('AL2/AL2023: module:callable, default application:application, create_app() factories allowed', () => {
    expect(codes({ stack: AL2023, files: ROOT_APP })).toEqual([]);
    expect(codes({ stack: AL2, files: ROOT_APP, options: [wsgi('application:create_app()')] })).toEqual([]);
    expect(
      codes({
        stack: AL2023,
        files: ['api/application.py', 'requirements.txt'],
        options: [wsgi('api.application:app')],
      }),
    ).toEqual([]);
    const { doc, env } = fixture({ stack: AL2023, files: ROOT_APP, options: [wsgi('app:create_app()')] });
    const diagnosis = evaluateEnvironment(doc, env);
    expect(diagnosis.causes).toEqual(['Following services are not running: web.']);
    expect(diagnosis.operationFailed).toBe(false);
    expect(codes({ stack: AL2023, files: ROOT_APP, options: [wsgi('application:create app')] })).toEqual(['wsgi-path']);
    // A legacy-style file path is not a module on gunicorn platforms.
    expect(codes({ stack: AL2023, files: NESTED_APP })).toContain('wsgi-path');
  });
});

describe('requirements.txt', () => {
  it('is needed at the bundle root; one only in a sub-folder is reported with a ModuleNotFoundError event', () => {
    const { doc, env } = fixture({ stack: AL2023, files: ['application.py', 'lib/requirements.txt'] });
    const problem = evaluateEnvironment(doc, env).problems.find((p) => p.code === 'requirements');
    expect(problem?.events[0]?.severity).toBe('ERROR');
    expect(problem?.events[0]?.message).toMatch(/ModuleNotFoundError: No module named/);
    expect(problem?.events[0]?.message).toContain('lib/requirements.txt');
    expect(codes({ stack: LEGACY, files: ['application.py'] })).toEqual(['requirements']);
  });
});

describe('environment properties', () => {
  it('missing declared properties make the app fail with HTTP 5xx', () => {
    const { doc, env } = fixture({
      stack: AL2023,
      files: ROOT_APP,
      required: ['DB_HOST', 'SECRET'],
      options: [prop('DB_HOST')],
    });
    const diagnosis = evaluateEnvironment(doc, env);
    expect(diagnosis.problems.map((p) => p.code)).toEqual(['missing-properties']);
    expect(diagnosis.causes).toEqual(['100.0 % of the requests are failing with HTTP 5xx.']);
    expect(diagnosis.problems[0]?.events[0]?.message).toContain('SECRET');
    // environmentsecrets satisfy a requirement too.
    expect(
      codes({
        stack: AL2023,
        files: ROOT_APP,
        required: ['SECRET'],
        options: [
          {
            namespace: 'aws:elasticbeanstalk:application:environmentsecrets',
            optionName: 'SECRET',
            value: 'arn:aws:ssm:us-east-1:1:parameter/x',
          },
        ],
      }),
    ).toEqual([]);
  });

  it('an app that uses the AWS SDK needs AWS_DEFAULT_REGION or AWS_REGION', () => {
    const { doc, env } = fixture({ stack: AL2023, files: ROOT_APP, usesAwsSdk: true });
    const problem = evaluateEnvironment(doc, env).problems[0];
    expect(problem?.code).toBe('no-region');
    expect(problem?.events[0]).toMatchObject({
      severity: 'WARN',
      message: expect.stringContaining('botocore.exceptions.NoRegionError: You must specify a region.'),
    });
    expect(
      codes({ stack: AL2023, files: ROOT_APP, usesAwsSdk: true, options: [prop('AWS_REGION', 'us-east-1')] }),
    ).toEqual([]);
    expect(
      codes({ stack: AL2023, files: ROOT_APP, usesAwsSdk: true, options: [prop('AWS_DEFAULT_REGION', 'us-east-1')] }),
    ).toEqual([]);
  });
});

describe('instance profile', () => {
  it('a profile that does not exist, or whose role does not trust EC2, stops the launch', () => {
    const { doc, env } = fixture({ stack: AL2023, files: ROOT_APP, profile: 'no-such-profile' });
    const diagnosis = evaluateEnvironment(doc, env);
    expect(diagnosis.problems.map((p) => p.code)).toEqual(['instance-profile']);
    expect(diagnosis.problems[0]?.events.map((e) => e.message)).toContain(
      'Unable to assume role "arn:aws:iam::570589970431:role/no-such-profile". Verify that the role exists and is configured correctly.',
    );
    const untrusted = fixture({ stack: AL2023, files: ROOT_APP });
    const role = untrusted.doc.iam.roles.find((r) => r.name === 'aws-elasticbeanstalk-ec2-role');
    if (!role) throw new Error('fixture role missing');
    role.assumeRolePolicyDocument = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(evaluateEnvironment(untrusted.doc, untrusted.env).problems.map((p) => p.code)).toEqual(['instance-profile']);
    expect(
      codes({
        stack: AL2023,
        files: ROOT_APP,
        profile: 'arn:aws:iam::570589970431:instance-profile/aws-elasticbeanstalk-ec2-role',
      }),
    ).toEqual([]);
  });
});

describe('service role', () => {
  it('a service role that is missing or does not trust Elastic Beanstalk leaves the environment Grey with the F16 text', () => {
    const serviceRole = (value: string): OptionSettingState => ({
      namespace: 'aws:elasticbeanstalk:environment',
      optionName: 'ServiceRole',
      value,
    });
    expect(
      codes({ stack: AL2023, files: ROOT_APP, options: [serviceRole('aws-elasticbeanstalk-service-role')] }),
    ).toEqual([]);
    const { doc, env } = fixture({
      stack: AL2023,
      files: ROOT_APP,
      options: [serviceRole('arn:aws:iam::570589970431:role/ec2-webserver-role')],
    });
    const diagnosis = evaluateEnvironment(doc, env);
    expect(diagnosis.health).toBe('Unknown');
    expect(diagnosis.problems.map((p) => p.code)).toEqual(['service-role']);
    expect(diagnosis.problems[0]?.events[0]?.message).toBe(
      'Unable to assume role "arn:aws:iam::570589970431:role/ec2-webserver-role". Verify that the role exists and is configured correctly.',
    );
    expect(codes({ stack: AL2023, files: ROOT_APP, options: [serviceRole('gone-role')] })).toEqual(['service-role']);
  });
});

describe('the training lab', () => {
  it("derives each environment's failures from the state: WSGIPath, database and app permissions, secrets, launch", () => {
    const doc = buildScenario('training-lab', NOW);
    const byName = (name: string): EnvironmentState => {
      const env = doc.elasticbeanstalk.environments.find((e) => e.name === name);
      if (!env) throw new Error(`${name} missing`);
      return env;
    };
    const codes = (name: string): string[] => evaluateEnvironment(doc, byName(name)).problems.map((p) => p.code);
    expect(codes('Bbruceeb2-env')).toEqual(['wsgi-path']);
    expect(codes('Bbruceeb1-env')).toEqual(['database', 'app-permissions']);
    expect(codes('flask-ssm-demo-prod')).toEqual(['secrets']);
    expect(codes('flask-ssm-demo-staging')).toEqual(['instance-profile', 'security-groups']);
    for (const env of doc.elasticbeanstalk.environments) expect(env.lastHealth.status).toBe('Severe');
    expect(byName('Bbruceeb1-env').lastHealth.operationFailed).toBeUndefined();
    expect(byName('flask-ssm-demo-prod').lastHealth.operationFailed).toBe(true);
  });
});
