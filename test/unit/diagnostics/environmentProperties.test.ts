import { describe, expect, it } from 'vitest';
import type { EnvironmentFacts, EventFact, ParameterFact } from '../../../src/main/diagnostics/facts';
import type { EvaluationContext, FindingDraft } from '../../../src/main/diagnostics/types';
import {
  awsUseSignals,
  evaluateEnvironmentProperties,
  type PropertiesEnvironmentFacts,
} from '../../../src/main/diagnostics/rules/environmentProperties';
import { fingerprint } from '../../../src/main/services/secretNames';
import { mergeFetchPolicy } from '../../../src/main/diagnostics/beanstalk/fetchPolicy';
import { generateSafeSecret } from '../../../src/main/diagnostics/beanstalk/generatedSecrets';
import { parameterNameFromArn, secretsPathFor } from '../../../src/main/diagnostics/beanstalk/parameters';

const PROPS = 'aws:elasticbeanstalk:application:environment';
const SECRETS = 'aws:elasticbeanstalk:application:environmentsecrets';
const ARN = 'arn:aws:ssm:eu-west-1:111122223333:parameter';

function context(settings: Partial<EvaluationContext['settings']> = {}, partition = 'aws'): EvaluationContext {
  return {
    account: '111122223333',
    region: 'eu-west-1',
    partition,
    now: new Date('2026-03-01T12:00:00Z'),
    settings: { deployers: [], requiredProperties: {}, parameterPaths: {}, ...settings },
  };
}

function environment(overrides: Partial<EnvironmentFacts> = {}): EnvironmentFacts {
  return {
    name: 'billing-prod',
    id: 'e-bill01',
    applicationName: 'billing',
    status: 'Ready',
    health: 'Green',
    causes: [],
    solutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
    versionLabel: 'v12',
    tier: 'WebServer',
    ...overrides,
  };
}

function facts(overrides: Partial<PropertiesEnvironmentFacts> = {}): PropertiesEnvironmentFacts {
  return {
    environment: environment(),
    options: [],
    properties: {},
    secrets: {},
    events: [],
    referencedParameters: {},
    parameterValues: {},
    existingTargetParameters: [],
    generated: {},
    ...overrides,
  };
}

function parameter(name: string, type = 'SecureString'): ParameterFact {
  return { name, arn: `${ARN}${name}`, type, version: 3, keyId: 'alias/aws/ssm' };
}

function run(envs: PropertiesEnvironmentFacts[], ctx = context()) {
  return evaluateEnvironmentProperties({ environments: envs }, ctx);
}

function only(findings: FindingDraft[], rule: string): FindingDraft | undefined {
  const matching = findings.filter((f) => f.rule === rule);
  expect(matching.length).toBeLessThanOrEqual(1);
  return matching[0];
}

/** Everything that reaches the renderer: the finding minus the intents. */
function visible(finding: FindingDraft | undefined): string {
  return JSON.stringify({ ...finding, fixes: finding?.fixes.map((f) => ({ ...f, intent: undefined })) });
}

describe('F7 region', () => {
  it('raises a medium finding when a property names an AWS resource and no region is set', () => {
    const out = run([facts({ properties: { INVOICE_BUCKET: 'acme-invoices', LOG_LEVEL: 'info' } })]);
    const f7 = only(out.findings, 'F7');
    expect(f7?.id).toBe('F7:environment/billing-prod');
    expect(f7?.severity).toBe('medium');
    expect(f7?.evidence).toContainEqual({
      source: 'state',
      label: 'Why the app is expected to call AWS',
      text: 'property INVOICE_BUCKET names an AWS resource',
    });
    expect(f7?.fixes).toEqual([
      expect.objectContaining({
        id: 'set-region',
        recommended: true,
        intent: {
          kind: 'beanstalk.updateOptions',
          environmentName: 'billing-prod',
          set: [{ namespace: PROPS, optionName: 'AWS_DEFAULT_REGION', value: 'eu-west-1' }],
          remove: [],
        },
      }),
    ]);
  });

  it('is high with the NoRegionError text as evidence', () => {
    const event: EventFact = {
      at: '2026-03-01T11:00:00Z',
      severity: 'WARN',
      message: 'Application returned HTTP 500: botocore.exceptions.NoRegionError: You must specify a region.',
    };
    const out = run([facts({ events: [event] })]);
    const f7 = only(out.findings, 'F7');
    expect(f7?.severity).toBe('high');
    expect(f7?.evidence[0]).toEqual({ source: 'event', label: 'WARN event', text: event.message, at: event.at });
  });

  it('passes when AWS_REGION is set, or when nothing suggests AWS calls', () => {
    const withRegion = run([facts({ properties: { AWS_REGION: 'eu-west-1', UPLOAD_BUCKET: 'x' } })]);
    expect(withRegion.findings.filter((f) => f.rule === 'F7')).toEqual([]);
    expect(withRegion.checks.find((c) => c.rule === 'F7')).toMatchObject({
      passed: true,
      detail: 'AWS_REGION is set (eu-west-1).',
    });

    const plainApp = run([
      facts({ properties: { DB_HOST: 'orders.abc123.eu-west-1.rds.amazonaws.com', PORT: '6543' } }),
    ]);
    expect(plainApp.findings.filter((f) => f.rule === 'F7')).toEqual([]);
    expect(plainApp.checks.find((c) => c.rule === 'F7')?.passed).toBe(true);
  });

  it('counts environmentsecrets, ARNs and AWS endpoints as signs of SDK use', () => {
    expect(
      awsUseSignals(
        facts({
          secrets: { DB_PASSWORD: `${ARN}/billing/prod/DB_PASSWORD` },
          properties: {
            TOPIC: 'arn:aws:sns:eu-west-1:111122223333:alerts',
            SEARCH_URL: 'https://search-x.eu-west-1.es.amazonaws.com',
          },
        }),
      ),
    ).toEqual([
      'it reads 1 environmentsecrets entry',
      'property SEARCH_URL holds an AWS endpoint',
      'property TOPIC holds an ARN',
    ]);
  });
});

describe('F8 missing properties', () => {
  const ctx = context({
    requiredProperties: { 'billing-prod': ['DB_HOST', 'DB_USER', 'DB_PASSWORD', 'SESSION_SECRET'] },
    parameterPaths: { 'billing-prod': '/billing/prod' },
  });
  const keyError: EventFact = {
    at: '2026-03-01T11:30:00Z',
    severity: 'WARN',
    message: "Application returned HTTP 500: KeyError: 'REPORTS_QUEUE'",
  };

  it('links parameters, generates a secret, and leaves plain values to the user', () => {
    const out = run(
      [
        facts({
          properties: { DB_HOST: 'db.internal', AWS_REGION: 'eu-west-1' },
          events: [keyError],
          declaredParameters: [parameter('/billing/prod/DB_PASSWORD')],
          generated: { 'F8:SESSION_SECRET': 'GeneratedValue0123456789abcdefgh' },
        }),
      ],
      ctx,
    );
    const f8 = only(out.findings, 'F8');
    expect(f8?.id).toBe('F8:environment/billing-prod');
    expect(f8?.severity).toBe('critical');
    expect(f8?.summary).toBe(
      'billing-prod: missing environment properties DB_PASSWORD, DB_USER, REPORTS_QUEUE, SESSION_SECRET',
    );
    expect(f8?.evidence[0]).toEqual({ source: 'event', label: 'WARN event', text: keyError.message, at: keyError.at });
    expect(f8?.fixes).toHaveLength(1);
    expect(f8?.fixes[0]?.intent).toEqual({
      kind: 'composite',
      title: 'Add missing secrets of billing-prod from SSM Parameter Store',
      parts: [
        {
          kind: 'ssm.putParameter',
          name: '/billing/prod/SESSION_SECRET',
          type: 'SecureString',
          value: 'GeneratedValue0123456789abcdefgh',
          overwrite: false,
          description: 'Generated by Trellis for billing-prod: SESSION_SECRET',
        },
        {
          kind: 'beanstalk.updateOptions',
          environmentName: 'billing-prod',
          set: [
            { namespace: SECRETS, optionName: 'DB_PASSWORD', value: `${ARN}/billing/prod/DB_PASSWORD` },
            { namespace: SECRETS, optionName: 'SESSION_SECRET', value: `${ARN}/billing/prod/SESSION_SECRET` },
          ],
          remove: [],
        },
      ],
    });
    expect(f8?.manual?.steps.map((s) => s.command)).toEqual([
      `aws elasticbeanstalk update-environment --environment-name billing-prod --option-settings 'Namespace=${PROPS},OptionName=DB_USER,Value=<value>' --region eu-west-1`,
      `aws elasticbeanstalk update-environment --environment-name billing-prod --option-settings 'Namespace=${PROPS},OptionName=REPORTS_QUEUE,Value=<value>' --region eu-west-1`,
    ]);
    expect(visible(f8)).not.toContain('GeneratedValue0123456789abcdefgh');
  });

  it('uses a plain updateOptions when every missing name has a parameter, and passes once all are set', () => {
    const declaredParameters = [parameter('/billing/prod/DB_PASSWORD'), parameter('/billing/prod/DB_USER')];
    const missing = run(
      [facts({ declaredParameters })],
      context({ parameterPaths: { 'billing-prod': '/billing/prod/' } }),
    );
    expect(only(missing.findings, 'F8')?.fixes[0]?.intent).toEqual({
      kind: 'beanstalk.updateOptions',
      environmentName: 'billing-prod',
      set: [
        { namespace: SECRETS, optionName: 'DB_PASSWORD', value: `${ARN}/billing/prod/DB_PASSWORD` },
        { namespace: SECRETS, optionName: 'DB_USER', value: `${ARN}/billing/prod/DB_USER` },
      ],
      remove: [],
    });
    expect(only(missing.findings, 'F8')?.manual).toBeUndefined();

    const fixed = run(
      [
        facts({
          declaredParameters,
          secrets: { DB_PASSWORD: `${ARN}/billing/prod/DB_PASSWORD`, DB_USER: `${ARN}/billing/prod/DB_USER` },
        }),
      ],
      context({ parameterPaths: { 'billing-prod': '/billing/prod/' } }),
    );
    expect(fixed.findings.filter((f) => f.rule === 'F8')).toEqual([]);
    expect(fixed.checks.find((c) => c.rule === 'F8')).toMatchObject({
      id: 'F8:environment/billing-prod',
      passed: true,
    });
  });

  it('passes an environment with nothing required', () => {
    const out = run([facts()]);
    expect(out.checks.find((c) => c.rule === 'F8')?.passed).toBe(true);
    expect(out.findings.filter((f) => f.rule === 'F8')).toEqual([]);
  });
});

describe('F9 risky characters', () => {
  const dbPassword = parameter('/billing/prod/DB_PASSWORD');
  const riskyValue = 'pa$$w0rd&x#1';

  it('flags a credential parameter without revealing its value, with a non-recommended rotation', () => {
    const out = run([
      facts({
        secrets: { DB_PASSWORD: dbPassword.arn ?? '' },
        referencedParameters: { DB_PASSWORD: dbPassword },
        parameterValues: { [dbPassword.name]: riskyValue },
        generated: { [`F9:${dbPassword.name}`]: 'SafeNewValue0123456789abcdefghij' },
      }),
    ]);
    const f9 = only(out.findings, 'F9');
    expect(f9?.id).toBe('F9:ssm-parameter//billing/prod/DB_PASSWORD');
    expect(f9?.severity).toBe('medium');
    expect(f9?.environmentName).toBe('billing-prod');
    expect(f9?.evidence[0]).toEqual({
      source: 'state',
      label: 'SecureString parameter /billing/prod/DB_PASSWORD (version 3)',
      text: `value ${fingerprint(riskyValue)} contains ampersand (&), dollar sign ($), hash (#)`,
    });
    expect(f9?.evidence.map((e) => e.label)).toContain('Why ampersand is risky');
    expect(visible(f9)).not.toContain(riskyValue);
    expect(f9?.fixes).toEqual([
      expect.objectContaining({
        recommended: false,
        intent: {
          kind: 'ssm.putParameter',
          name: '/billing/prod/DB_PASSWORD',
          type: 'SecureString',
          value: 'SafeNewValue0123456789abcdefghij',
          overwrite: true,
          description: 'Rotated by Trellis to letters and digits only',
        },
      }),
    ]);
    expect(f9?.fixes[0]?.description).toMatch(/same value/);
    expect(f9?.manual?.steps.some((s) => s.command?.startsWith('ALTER USER'))).toBe(true);
  });

  it('reports a parameter shared by two environments once', () => {
    const shared = (name: string) =>
      facts({
        environment: environment({ name }),
        referencedParameters: { DB_PASSWORD: dbPassword },
        parameterValues: { [dbPassword.name]: riskyValue },
      });
    const out = run([shared('billing-prod'), shared('billing-stage')]);
    const f9s = out.findings.filter((f) => f.rule === 'F9');
    expect(f9s).toHaveLength(1);
    expect(f9s[0]?.environmentName).toBeUndefined();
    expect(f9s[0]?.related.map((r) => r.name)).toEqual(['billing-prod', 'billing-stage']);
  });

  it('flags a credential property and passes safe ones; ignores non-credential names', () => {
    const out = run([
      facts({
        properties: { API_TOKEN: 'abc%41def', SESSION_SECRET: 'LettersAndDigits123', LOG_FORMAT: '%(message)s' },
      }),
    ]);
    const f9 = only(out.findings, 'F9');
    expect(f9?.id).toBe('F9:environment/billing-prod@API_TOKEN');
    expect(visible(f9)).not.toContain('abc%41def');
    expect(out.checks.filter((c) => c.rule === 'F9').map((c) => [c.id, c.passed])).toEqual([
      ['F9:environment/billing-prod@API_TOKEN', false],
      ['F9:environment/billing-prod@SESSION_SECRET', true],
    ]);
  });
});

describe('F11 plain secrets', () => {
  const existingPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadConfig', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `${ARN}/billing/config/*` },
    ],
  });

  it('moves every secret in one composite and merges the instance role policy', () => {
    const values = { DB_PASSWORD: 'Sup3r&Secret', STRIPE_API_KEY: 'sk_live_abcdef' };
    const out = run([
      facts({
        properties: { ...values, DB_HOST: 'db.internal', AWS_REGION: 'eu-west-1' },
        instanceRole: {
          profileName: 'billing-profile',
          roleName: 'billing-instance-role',
          fetchPolicy: existingPolicy,
        },
      }),
    ]);
    const f11 = only(out.findings, 'F11');
    expect(f11?.id).toBe('F11:environment/billing-prod');
    expect(f11?.severity).toBe('high');
    expect(f11?.evidence).toEqual([
      { source: 'setting', label: `${PROPS} DB_PASSWORD`, text: `plain-text value ${fingerprint(values.DB_PASSWORD)}` },
      {
        source: 'setting',
        label: `${PROPS} STRIPE_API_KEY`,
        text: `plain-text value ${fingerprint(values.STRIPE_API_KEY)}`,
      },
    ]);
    expect(visible(f11)).not.toContain(values.DB_PASSWORD);
    expect(visible(f11)).not.toContain(values.STRIPE_API_KEY);

    const intent = f11?.fixes[0]?.intent;
    expect(f11?.fixes[0]?.recommended).toBe(true);
    expect(intent?.kind).toBe('composite');
    if (intent?.kind !== 'composite') throw new Error('expected a composite');
    expect(intent.parts.slice(0, 3)).toEqual([
      {
        kind: 'ssm.putParameter',
        name: '/billing/billing-prod/DB_PASSWORD',
        type: 'SecureString',
        value: values.DB_PASSWORD,
        overwrite: false,
        description: 'Moved by Trellis from environment property DB_PASSWORD of billing-prod',
      },
      {
        kind: 'ssm.putParameter',
        name: '/billing/billing-prod/STRIPE_API_KEY',
        type: 'SecureString',
        value: values.STRIPE_API_KEY,
        overwrite: false,
        description: 'Moved by Trellis from environment property STRIPE_API_KEY of billing-prod',
      },
      {
        kind: 'beanstalk.updateOptions',
        environmentName: 'billing-prod',
        set: [
          { namespace: SECRETS, optionName: 'DB_PASSWORD', value: `${ARN}/billing/billing-prod/DB_PASSWORD` },
          { namespace: SECRETS, optionName: 'STRIPE_API_KEY', value: `${ARN}/billing/billing-prod/STRIPE_API_KEY` },
        ],
        remove: [
          { namespace: PROPS, optionName: 'DB_PASSWORD' },
          { namespace: PROPS, optionName: 'STRIPE_API_KEY' },
        ],
      },
    ]);
    const policy = intent.parts[3];
    expect(policy).toMatchObject({
      kind: 'iam.putInlinePolicy',
      principal: { type: 'role', name: 'billing-instance-role' },
      policyName: 'FetchSSMParameters',
    });
    if (policy?.kind !== 'iam.putInlinePolicy') throw new Error('expected the inline policy');
    expect(JSON.parse(policy.document)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadConfig', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `${ARN}/billing/config/*` },
        {
          Sid: 'TrellisFetchEnvironmentSecrets',
          Effect: 'Allow',
          Action: ['ssm:GetParameter', 'ssm:GetParameters'],
          Resource: [`${ARN}/billing/billing-prod/DB_PASSWORD`, `${ARN}/billing/billing-prod/STRIPE_API_KEY`],
        },
      ],
    });
  });

  it('uses the declared path and partition, and skips the policy when the role already reads it', () => {
    const ctx = context({ parameterPaths: { 'billing-prod': '/billing/secrets/' } }, 'aws-cn');
    const covering = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ssm:GetParameter*',
          Resource: 'arn:aws-cn:ssm:eu-west-1:111122223333:parameter/billing/*',
        },
      ],
    });
    const out = run(
      [
        facts({
          properties: { SMTP_PASSWORD: 'mailpass1' },
          instanceRole: { profileName: 'billing-profile', roleName: 'billing-instance-role', fetchPolicy: covering },
          existingTargetParameters: ['SMTP_PASSWORD'],
        }),
      ],
      ctx,
    );
    const intent = only(out.findings, 'F11')?.fixes[0]?.intent;
    if (intent?.kind !== 'composite') throw new Error('expected a composite');
    expect(intent.parts.map((p) => p.kind)).toEqual(['ssm.putParameter', 'beanstalk.updateOptions']);
    expect(intent.parts[0]).toMatchObject({ name: '/billing/secrets/SMTP_PASSWORD', overwrite: true });
    expect(intent.parts[1]).toMatchObject({
      set: [
        {
          namespace: SECRETS,
          optionName: 'SMTP_PASSWORD',
          value: 'arn:aws-cn:ssm:eu-west-1:111122223333:parameter/billing/secrets/SMTP_PASSWORD',
        },
      ],
    });
  });

  it('stays silent on an environment whose secrets already come from SSM', () => {
    const out = run([
      facts({
        properties: { AWS_REGION: 'eu-west-1', FEATURE_FLAGS: 'beta' },
        secrets: { DB_PASSWORD: `${ARN}/billing/prod/DB_PASSWORD` },
        referencedParameters: { DB_PASSWORD: parameter('/billing/prod/DB_PASSWORD') },
        parameterValues: { '/billing/prod/DB_PASSWORD': 'OnlyLettersAnd123' },
      }),
    ]);
    expect(out.findings).toEqual([]);
    expect(out.checks.map((c) => [c.id, c.passed])).toEqual([
      ['F7:environment/billing-prod', true],
      ['F8:environment/billing-prod', true],
      ['F11:environment/billing-prod', true],
      ['F9:ssm-parameter//billing/prod/DB_PASSWORD', true],
    ]);
  });
});

describe('helpers behind the fixes', () => {
  it('generates letters-and-digits secrets of the requested length', () => {
    const values = new Set(Array.from({ length: 20 }, () => generateSafeSecret()));
    expect(values.size).toBe(20);
    for (const v of values) expect(v).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('builds the secrets path from the names, avoiding the reserved aws/ssm prefixes', () => {
    const ctx = context();
    expect(secretsPathFor(ctx, 'Billing App', 'billing-prod')).toBe('/Billing-App/billing-prod/');
    expect(secretsPathFor(ctx, 'aws-demo', 'demo-env')).toBe('/app-aws-demo/demo-env/');
    expect(secretsPathFor(context({ parameterPaths: { 'demo-env': 'team/demo' } }), 'aws-demo', 'demo-env')).toBe(
      '/team/demo/',
    );
  });

  it('refuses to merge into a policy it cannot parse', () => {
    expect(mergeFetchPolicy('not json', [`${ARN}/a/B`])).toBeUndefined();
    expect(mergeFetchPolicy(undefined, [`${ARN}/a/B`])).toContain('TrellisFetchEnvironmentSecrets');
  });

  it('extends its own statement instead of adding a second one', () => {
    const first = mergeFetchPolicy(undefined, [`${ARN}/a/B`]) ?? '';
    const second = JSON.parse(mergeFetchPolicy(first, [`${ARN}/a/C`]) ?? '{}') as {
      Statement: { Resource: string[] }[];
    };
    expect(second.Statement).toHaveLength(1);
    expect(second.Statement[0]?.Resource).toEqual([`${ARN}/a/B`, `${ARN}/a/C`]);
    expect(mergeFetchPolicy(first, [`${ARN}/a/B`])).toBeNull();
  });

  it('reads parameter names back from SSM ARNs only', () => {
    expect(parameterNameFromArn(`${ARN}/billing/prod/DB_PASSWORD`)).toBe('/billing/prod/DB_PASSWORD');
    expect(parameterNameFromArn('arn:aws:ssm:eu-west-1:111122223333:parameter/SINGLE')).toBe('SINGLE');
    expect(parameterNameFromArn('arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf')).toBeUndefined();
  });
});
