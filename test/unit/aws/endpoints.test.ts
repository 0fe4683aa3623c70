import { afterEach, describe, expect, it } from 'vitest';
import {
  configuredEndpoint,
  endpointConfigKey,
  endpointEnvName,
  endpointProblems,
  endpointUrlProblem,
} from '../../../src/main/aws/endpoints';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import { parseIni } from '../../../src/main/aws/sharedConfig';
import { lines, tempAws, type TempAws } from './fixtures';

describe('endpoint names', () => {
  it.each([
    ['IAM', 'AWS_ENDPOINT_URL_IAM', 'iam'],
    ['STS', 'AWS_ENDPOINT_URL_STS', 'sts'],
    ['Elastic Beanstalk', 'AWS_ENDPOINT_URL_ELASTIC_BEANSTALK', 'elastic_beanstalk'],
    ['OpenSearch', 'AWS_ENDPOINT_URL_OPENSEARCH', 'opensearch'],
    ['EC2', 'AWS_ENDPOINT_URL_EC2', 'ec2'],
    ['RDS', 'AWS_ENDPOINT_URL_RDS', 'rds'],
    ['SSM', 'AWS_ENDPOINT_URL_SSM', 'ssm'],
    ['S3', 'AWS_ENDPOINT_URL_S3', 's3'],
  ])('%s reads %s and the services key %s', (id, envName, key) => {
    expect(endpointEnvName(id)).toBe(envName);
    expect(endpointConfigKey(id)).toBe(key);
  });
});

describe('configuredEndpoint precedence', () => {
  const file = parseIni(
    lines(
      '[profile p]',
      'endpoint_url = http://profile.local',
      'services = svc',
      '[services svc]',
      'iam =',
      '  endpoint_url = http://services-iam.local',
      'elastic_beanstalk =',
      '  endpoint_url = http://services-eb.local',
    ),
    '/x/config',
    'config',
  );
  const profile = file.sections.find((s) => s.name === 'p')?.values ?? {};
  const services = file.sections.find((s) => s.kind === 'services');
  const allEnv = {
    AWS_ENDPOINT_URL_IAM: 'http://env-iam.local',
    AWS_ENDPOINT_URL_ELASTIC_BEANSTALK: 'http://env-eb.local',
    AWS_ENDPOINT_URL: 'http://env-all.local',
  };
  const url = (id: string, env: NodeJS.ProcessEnv, withServices = true, values = profile) =>
    configuredEndpoint(id, { env, profile: values, services: withServices ? services : undefined })?.url;

  it('1. AWS_ENDPOINT_URL_<SERVICE> beats everything', () => {
    expect(url('IAM', allEnv)).toBe('http://env-iam.local');
    expect(url('Elastic Beanstalk', allEnv)).toBe('http://env-eb.local');
  });

  it('2. AWS_ENDPOINT_URL beats the config file', () => {
    expect(url('IAM', { AWS_ENDPOINT_URL: 'http://env-all.local' })).toBe('http://env-all.local');
    expect(url('STS', allEnv)).toBe('http://env-all.local');
  });

  it("3. the profile's services section beats its endpoint_url", () => {
    expect(url('IAM', {})).toBe('http://services-iam.local');
    expect(url('Elastic Beanstalk', {})).toBe('http://services-eb.local');
  });

  it("4. the profile's endpoint_url applies to services without their own", () => {
    expect(url('STS', {})).toBe('http://profile.local');
    expect(url('IAM', {}, false)).toBe('http://profile.local');
  });

  it('nothing configured means no endpoint', () => {
    expect(url('IAM', {}, false, {})).toBeUndefined();
  });

  it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true switches every level off', () => {
    expect(url('IAM', { ...allEnv, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBeUndefined();
    expect(url('STS', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' })).toBeUndefined();
  });

  it("the profile's ignore_configured_endpoint_urls does too, unless the environment says false", () => {
    const ignoring = { ...profile, ignore_configured_endpoint_urls: 'true' };
    expect(url('IAM', allEnv, true, ignoring)).toBeUndefined();
    expect(url('STS', {}, true, ignoring)).toBeUndefined();
    expect(url('STS', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }, true, ignoring)).toBe('http://profile.local');
  });
});

describe('endpoint validation', () => {
  it.each([
    ['http://127.0.0.1:4566', undefined],
    ['https://iam.example.com/base/path', undefined],
    ['ftp://files.example.com', 'must start with http:// or https://'],
    ['localhost:4566', 'must start with http:// or https://'],
    ['not a url', 'is not a valid URL'],
  ])('%s → %s', (candidate, problem) => {
    expect(endpointUrlProblem(candidate)).toBe(problem);
  });

  it('reports bad URLs at every level and a services section that does not exist', () => {
    const problems = endpointProblems(['IAM', 'STS'], {
      env: { AWS_ENDPOINT_URL_IAM: 'nope' },
      profile: { endpoint_url: 'ftp://x', services: 'missing' },
    });
    expect(problems).toEqual([
      'services = missing names a [services missing] section that does not exist in the config file',
      'AWS_ENDPOINT_URL_IAM = nope is not a valid URL',
      'endpoint_url = ftp://x must start with http:// or https://',
    ]);
  });
});

describe('endpoints through the registry', () => {
  let aws: TempAws;
  let registry: ProfileRegistry | undefined;
  afterEach(() => {
    registry?.close();
    aws.cleanup();
  });

  const config = lines(
    '[profile local]',
    'credential_process = x',
    'endpoint_url = http://127.0.0.1:4566',
    '[profile split]',
    'credential_process = x',
    'services = onlyiam',
    '[services onlyiam]',
    'iam =',
    '  endpoint_url = http://127.0.0.1:5000',
    '[profile badurl]',
    'credential_process = x',
    'endpoint_url = ftp://127.0.0.1',
    '[profile real]',
    'credential_process = x',
  );

  it("resolves each profile's endpoints independently of AWS_PROFILE", () => {
    aws = tempAws({ config });
    registry = new ProfileRegistry({ env: { AWS_PROFILE: 'local' }, homeDir: aws.home, watch: false });
    const local = registry.resolve('local');
    expect([local.endpointFor('iam'), local.endpointFor('sts')]).toEqual([
      'http://127.0.0.1:4566',
      'http://127.0.0.1:4566',
    ]);
    expect(local.summary.endpoint).toBe('http://127.0.0.1:4566');
    const split = registry.resolve('split');
    expect([split.endpointFor('iam'), split.endpointFor('sts')]).toEqual(['http://127.0.0.1:5000', undefined]);
    expect(split.summary.endpoint).toBeUndefined();
    expect(registry.resolve('real').endpointFor('iam')).toBeUndefined();
  });

  it('makes a bad endpoint a profile problem', () => {
    aws = tempAws({ config });
    registry = new ProfileRegistry({ env: {}, homeDir: aws.home, watch: false });
    expect(registry.list().profiles.find((p) => p.name === 'badurl')?.problem).toBe(
      'endpoint_url = ftp://127.0.0.1 must start with http:// or https://',
    );
  });

  it('lets AWS_ENDPOINT_URL_IAM beat a profile endpoint for IAM only', () => {
    aws = tempAws({ config });
    registry = new ProfileRegistry({
      env: { AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:7000' },
      homeDir: aws.home,
      watch: false,
    });
    const local = registry.resolve('local');
    expect([local.endpointFor('iam'), local.endpointFor('sts')]).toEqual([
      'http://127.0.0.1:7000',
      'http://127.0.0.1:4566',
    ]);
  });
});
