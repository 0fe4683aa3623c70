import { describe, expect, it } from 'vitest';
import { collectInstanceRole, evaluateInstanceRole } from '../../../src/main/diagnostics/rules/instanceRole';
import { customerKey } from '../../../src/main/diagnostics/iam/parameterAccess';
import type { EnvironmentDetail, ParameterFact } from '../../../src/main/diagnostics/facts';
import {
  ACCOUNT,
  awsPolicy,
  beanstalkTrust,
  context,
  doc,
  environmentDetail,
  fakeSource,
  role,
  snapshotOf,
  type FakeAccount,
} from './support/iamFixtures';

const EB_POLICIES = [
  'service-role/AWSElasticBeanstalkEnhancedHealth',
  'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
];
const searchPolicyArn = `arn:aws:iam::${ACCOUNT}:policy/SearchAccess`;
const param = (name: string) => `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter${name}`;

function shop(over: Partial<EnvironmentDetail> = {}): EnvironmentDetail {
  return environmentDetail('shop-prod', {
    options: [
      { namespace: 'aws:elasticbeanstalk:environment', optionName: 'ServiceRole', value: 'svc-role' },
      {
        namespace: 'aws:autoscaling:launchconfiguration',
        optionName: 'IamInstanceProfile',
        value: `arn:aws:iam::${ACCOUNT}:instance-profile/app-profile`,
      },
    ],
    ...over,
  });
}

const profiles = [{ name: 'app-profile', arn: 'x', roleNames: ['app-role'] }];

async function run(account: FakeAccount, ctx = context()) {
  const source = fakeSource(account);
  return { out: evaluateInstanceRole(await collectInstanceRole(source, ctx), ctx), source };
}

describe('F6 app permissions on the service role', () => {
  const serviceRole = (extra: string[], over = {}) =>
    role('svc-role', {
      trustPolicy: beanstalkTrust,
      attachedPolicies: [...EB_POLICIES, ...extra].map(awsPolicy),
      ...over,
    });
  const appRole = (extra: string[] = []) =>
    role('app-role', { attachedPolicies: ['AWSElasticBeanstalkWebTier', ...extra].map(awsPolicy) });

  it('flags the app policies on the service role and attaches the missing ones to the instance role', async () => {
    const svc = serviceRole(['AmazonS3FullAccess', 'AmazonRekognitionReadOnlyAccess']);
    svc.attachedPolicies.push({ policyName: 'SearchAccess', policyArn: searchPolicyArn });
    const { out } = await run({
      snapshot: snapshotOf([svc, appRole()]),
      environments: [shop()],
      profiles,
      documents: {
        [searchPolicyArn]: doc({ Effect: 'Allow', Action: ['es:ESHttpGet', 'es:ESHttpPost'], Resource: '*' }),
      },
    });
    const f6 = out.findings.filter((f) => f.rule === 'F6');
    expect(f6.map((f) => [f.id, f.severity])).toEqual([['F6:role/svc-role@shop-prod', 'high']]);
    const [finding] = f6;
    expect(finding?.summary).toBe(
      'shop-prod: AmazonS3FullAccess, AmazonRekognitionReadOnlyAccess, SearchAccess are on the service role svc-role, not on the instance role app-role',
    );
    expect(finding?.evidence.find((e) => e.label === 'App policies on svc-role')?.text).toBe(
      'AmazonS3FullAccess: S3; AmazonRekognitionReadOnlyAccess: Rekognition; SearchAccess: OpenSearch HTTP',
    );
    const attach = (name: string, arn = `arn:aws:iam::aws:policy/${name}`) => ({
      kind: 'iam.attachPolicy',
      principal: { type: 'role', name: 'app-role' },
      policyArn: arn,
    });
    const detach = (arn: string) => ({
      kind: 'iam.detachPolicy',
      principal: { type: 'role', name: 'svc-role' },
      policyArn: arn,
    });
    const attaches = [
      attach('AmazonS3FullAccess'),
      attach('AmazonRekognitionReadOnlyAccess'),
      attach('SearchAccess', searchPolicyArn),
    ];
    expect(finding?.fixes.map((f) => [f.id, f.recommended])).toEqual([
      ['attach-to-instance-role', true],
      ['move-to-instance-role', false],
    ]);
    expect(finding?.fixes[0]?.intent).toMatchObject({ kind: 'composite', parts: attaches });
    expect(finding?.fixes[1]?.intent).toMatchObject({
      kind: 'composite',
      parts: [
        ...attaches,
        detach('arn:aws:iam::aws:policy/AmazonS3FullAccess'),
        detach('arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess'),
        detach(searchPolicyArn),
      ],
    });
  });

  it('gives the instance role only what the deployed code calls, and only detaches the rest', async () => {
    const svc = serviceRole(['AmazonS3FullAccess', 'AmazonRekognitionReadOnlyAccess']);
    const version = (awsServices: string[]) => ({
      applicationName: 'shop',
      versionLabel: 'v9',
      bundle: {
        entries: [],
        rootFolders: [],
        hasApplicationPy: true,
        hasRequirementsTxt: true,
        nestedApplicationPy: [],
        nestedRequirementsTxt: [],
        awsServices,
      },
    });
    const usesS3 = await run({
      snapshot: snapshotOf([svc, appRole()]),
      environments: [shop({ version: version(['dynamodb', 's3']) })],
      profiles,
    });
    const partial = usesS3.out.findings.find((f) => f.rule === 'F6');
    expect(partial?.severity).toBe('high');
    expect(partial?.fixes[0]).toMatchObject({
      id: 'attach-to-instance-role',
      recommended: true,
      intent: {
        kind: 'iam.attachPolicy',
        principal: { type: 'role', name: 'app-role' },
        policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      },
    });
    expect(partial?.fixes[0]?.description).toContain('AmazonRekognitionReadOnlyAccess is left out');
    expect(partial?.evidence.find((e) => e.source === 'bundle')?.text).toBe('S3');

    const usesNone = await run({
      snapshot: snapshotOf([svc, appRole()]),
      environments: [shop({ version: version([]) })],
      profiles,
    });
    const tidy = usesNone.out.findings.find((f) => f.rule === 'F6');
    expect(tidy?.severity).toBe('low');
    expect(tidy?.fixes.map((f) => [f.id, f.recommended])).toEqual([['detach-from-service-role', true]]);
    expect(tidy?.fixes[0]?.intent).toMatchObject({
      kind: 'composite',
      parts: [
        { kind: 'iam.detachPolicy', principal: { type: 'role', name: 'svc-role' } },
        { kind: 'iam.detachPolicy', principal: { type: 'role', name: 'svc-role' } },
      ],
    });
  });

  it('moves an inline app policy as an inline policy', async () => {
    const secrets = doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    const { out } = await run({
      snapshot: snapshotOf([
        serviceRole([], { inlinePolicies: [{ name: 'ReadSecrets', document: secrets }] }),
        appRole(),
      ]),
      environments: [shop()],
      profiles,
    });
    const finding = out.findings.find((f) => f.rule === 'F6');
    expect(finding?.fixes[0]?.intent).toEqual({
      kind: 'iam.putInlinePolicy',
      principal: { type: 'role', name: 'app-role' },
      policyName: 'ReadSecrets',
      document: secrets,
    });
    expect(finding?.fixes[1]?.intent).toMatchObject({
      kind: 'composite',
      parts: [
        { kind: 'iam.putInlinePolicy' },
        { kind: 'iam.deleteInlinePolicy', principal: { type: 'role', name: 'svc-role' }, policyName: 'ReadSecrets' },
      ],
    });
  });

  it('is low severity with only the detach when the instance role already has them', async () => {
    const { out } = await run({
      snapshot: snapshotOf([serviceRole(['AmazonS3FullAccess']), appRole(['AmazonS3FullAccess'])]),
      environments: [shop()],
      profiles,
    });
    const finding = out.findings.find((f) => f.rule === 'F6');
    expect(finding?.severity).toBe('low');
    expect(finding?.fixes.map((f) => [f.id, f.recommended])).toEqual([['detach-from-service-role', true]]);
    expect(finding?.fixes[0]?.intent).toEqual({
      kind: 'iam.detachPolicy',
      principal: { type: 'role', name: 'svc-role' },
      policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    });
  });

  it('passes when the service role has only its own policies (defaults resolved when options are unset)', async () => {
    const { out } = await run({
      snapshot: snapshotOf([
        role('aws-elasticbeanstalk-service-role', {
          trustPolicy: beanstalkTrust,
          attachedPolicies: EB_POLICIES.map(awsPolicy),
        }),
        role('aws-elasticbeanstalk-ec2-role', { attachedPolicies: [awsPolicy('AmazonS3FullAccess')] }),
      ]),
      environments: [environmentDetail('blog')],
      profiles: [{ name: 'aws-elasticbeanstalk-ec2-role', arn: 'x', roleNames: ['aws-elasticbeanstalk-ec2-role'] }],
    });
    expect(out.findings).toEqual([]);
    expect(out.checks).toEqual([
      expect.objectContaining({
        id: 'F6:role/aws-elasticbeanstalk-service-role@blog',
        passed: true,
        environmentName: 'blog',
      }),
    ]);
  });
});

describe('F10 SSM parameters the instance role cannot read', () => {
  const cmk = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const parameters: ParameterFact[] = [
    {
      name: '/shop/prod/DB_PASSWORD',
      arn: param('/shop/prod/DB_PASSWORD'),
      type: 'SecureString',
      version: 2,
      keyId: cmk,
    },
    {
      name: '/shop/prod/API_KEY',
      arn: param('/shop/prod/API_KEY'),
      type: 'SecureString',
      version: 1,
      keyId: 'alias/aws/ssm',
    },
    { name: '/shop/prod/FLAGS', arn: param('/shop/prod/FLAGS'), type: 'String', version: 1 },
  ];
  const devOnly = doc({ Sid: 'Dev', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: param('/shop/dev/*') });
  const appRole = (inline = [{ name: 'DevParameters', document: devOnly }]) =>
    role('app-role', { inlinePolicies: inline });
  const secrets = { DB_PASSWORD: param('/shop/prod/DB_PASSWORD'), API_KEY: param('/shop/prod/API_KEY') };

  it('writes FetchSSMParameters on exactly the denied ARNs, with kms:Decrypt for a customer key', async () => {
    const { out, source } = await run({
      snapshot: snapshotOf([appRole()]),
      environments: [shop({ secrets })],
      profiles,
      parameters,
    });
    expect(source.simulations).toContainEqual({
      principalArn: `arn:aws:iam::${ACCOUNT}:role/app-role`,
      actions: ['ssm:GetParameter'],
      resources: [param('/shop/prod/API_KEY'), param('/shop/prod/DB_PASSWORD')],
    });
    const finding = out.findings.find((f) => f.rule === 'F10');
    expect(finding?.id).toBe('F10:role/app-role@shop-prod');
    expect(finding?.severity).toBe('critical');
    expect(finding?.evidence.map((e) => e.text)).toContain(
      `aws:elasticbeanstalk:application:environmentsecrets DB_PASSWORD = ${param('/shop/prod/DB_PASSWORD')}`,
    );
    expect(finding?.fixes).toHaveLength(1);
    const intent = finding?.fixes[0]?.intent;
    expect(intent).toMatchObject({
      kind: 'iam.putInlinePolicy',
      principal: { type: 'role', name: 'app-role' },
      policyName: 'FetchSSMParameters',
    });
    expect(intent?.kind === 'iam.putInlinePolicy' ? JSON.parse(intent.document).Statement : undefined).toEqual([
      {
        Sid: 'FetchSSMParameters',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: [param('/shop/prod/API_KEY'), param('/shop/prod/DB_PASSWORD')],
      },
      { Sid: 'DecryptSSMParameters', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [cmk] },
    ]);
    expect(out.checks.filter((c) => c.rule === 'F10').map((c) => [c.id, c.passed])).toEqual([
      ['F10:ssm-parameter//shop/prod/API_KEY@shop-prod', true],
      ['F10:ssm-parameter//shop/prod/DB_PASSWORD@shop-prod', true],
      ['F10:role/app-role@shop-prod', false],
    ]);
  });

  it('keeps the statements of an existing FetchSSMParameters policy', async () => {
    const existing = doc({
      Sid: 'Legacy',
      Effect: 'Allow',
      Action: 'ssm:GetParametersByPath',
      Resource: param('/legacy/*'),
    });
    const { out } = await run({
      snapshot: snapshotOf([appRole([{ name: 'FetchSSMParameters', document: existing }])]),
      environments: [shop({ secrets: { API_KEY: secrets.API_KEY } })],
      profiles,
      parameters,
    });
    const intent = out.findings.find((f) => f.rule === 'F10')?.fixes[0]?.intent;
    const statements = intent?.kind === 'iam.putInlinePolicy' ? JSON.parse(intent.document).Statement : [];
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(['Legacy', 'FetchSSMParameters']);
  });

  it('reads the declared parameter path too, and passes once the role may read everything', async () => {
    const prodRead = doc({ Effect: 'Allow', Action: 'ssm:GetParameter*', Resource: param('/shop/prod/*') });
    const ctx = context({
      settings: { deployers: [], requiredProperties: {}, parameterPaths: { 'shop-prod': '/shop/prod/' } },
    });
    const { out, source } = await run(
      {
        snapshot: snapshotOf([appRole([{ name: 'ProdRead', document: prodRead }])]),
        environments: [shop()],
        profiles,
        parameters,
      },
      ctx,
    );
    expect(source.simulations[0]?.resources).toEqual(parameters.map((p) => p.arn));
    expect(out.findings).toEqual([]);
    expect(out.checks.find((c) => c.id === 'F10:role/app-role@shop-prod')?.passed).toBe(true);
  });

  it('flags a referenced parameter that does not exist, with manual steps', async () => {
    const { out } = await run({
      snapshot: snapshotOf([
        appRole([{ name: 'All', document: doc({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }) }]),
      ]),
      environments: [shop({ secrets: { SESSION_KEY: param('/shop/prod/SESSION_KEY') } })],
      profiles,
      parameters,
    });
    expect(out.findings.map((f) => f.id)).toEqual(['F10:ssm-parameter//shop/prod/SESSION_KEY@shop-prod']);
    expect(out.findings[0]?.manual?.steps[0]?.command).toContain('aws ssm put-parameter --name /shop/prod/SESSION_KEY');
  });

  it('estimates from the role policies when simulation is unavailable', async () => {
    const { out } = await run({
      snapshot: snapshotOf([appRole()]),
      environments: [shop({ secrets })],
      profiles,
      parameters,
      simulateFails: true,
    });
    const evidence = out.findings.find((f) => f.rule === 'F10')?.evidence.filter((e) => e.source === 'policy') ?? [];
    expect(evidence[0]?.text).toContain(
      'implicitDeny — estimated from the attached policies: SimulatePrincipalPolicy failed',
    );
  });

  it('maps KMS key ids to what kms:Decrypt is authorized on', () => {
    const ctx = { partition: 'aws', region: 'eu-west-1', account: ACCOUNT };
    expect(customerKey('alias/aws/ssm', ctx)).toBeUndefined();
    expect(customerKey(undefined, ctx)).toBeUndefined();
    expect(customerKey('1234abcd-12ab-34cd-56ef-1234567890ab', ctx)).toEqual({ arn: cmk });
    expect(customerKey('alias/shop', ctx)).toEqual({
      arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`,
      alias: 'alias/shop',
    });
  });
});
