import { describe, expect, it } from 'vitest';
import type { ApplicationVersion, OptionSetting } from '../../../src/shared/contract';
import type { EnvironmentFacts, EventFact } from '../../../src/main/diagnostics/facts';
import { context } from './support/evaluation';
import { type BundleEnvironmentFacts, evaluateBundle } from '../../../src/main/diagnostics/rules/bundle';
import { pythonPlatform } from '../../../src/main/diagnostics/beanstalk/platform';
import { resolveWsgi, wsgiPathAfterRebundle, wsgiSatisfied } from '../../../src/main/diagnostics/beanstalk/wsgi';

const PY = 'aws:elasticbeanstalk:container:python';
const LEGACY_STACK = '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6';
const AL2023_STACK = '64bit Amazon Linux 2023 v4.3.0 running Python 3.11';

const ctx = context();

function environment(overrides: Partial<EnvironmentFacts> = {}): EnvironmentFacts {
  return {
    name: 'orders-prod',
    id: 'e-abc123',
    applicationName: 'orders',
    status: 'Ready',
    health: 'Red',
    causes: [],
    solutionStackName: LEGACY_STACK,
    versionLabel: 'release-7',
    tier: 'WebServer',
    ...overrides,
  };
}

function version(paths: string[], label = 'release-7'): ApplicationVersion {
  const files = paths.filter((p) => !p.endsWith('/'));
  const top = [...new Set(paths.filter((p) => p.includes('/')).map((p) => p.slice(0, p.indexOf('/'))))];
  return {
    applicationName: 'orders',
    versionLabel: label,
    sourceBundle: { bucket: 'elasticbeanstalk-eu-west-1-111122223333', key: `orders/${label}.zip` },
    bundle: {
      entries: paths.map((path) => ({ path, size: path.endsWith('/') ? 0 : 100 })),
      rootFolders: top,
      hasApplicationPy: files.includes('application.py'),
      hasRequirementsTxt: files.includes('requirements.txt'),
      nestedApplicationPy: files.filter((f) => f.endsWith('/application.py')),
      nestedRequirementsTxt: files.filter((f) => f.endsWith('/requirements.txt')),
    },
  };
}

const NESTED = [
  'Deploy/',
  'Deploy/app.ini',
  'FlaskApp/',
  'FlaskApp/application.py',
  'FlaskApp/config.py',
  'FlaskApp/requirements.txt',
  'FlaskApp/templates/index.html',
];
const ROOT = ['application.py', 'config.py', 'requirements.txt', 'templates/', 'templates/index.html'];

function wsgi(value: string): OptionSetting {
  return { namespace: PY, optionName: 'WSGIPath', value };
}

function facts(overrides: Partial<BundleEnvironmentFacts> = {}): BundleEnvironmentFacts {
  return {
    environment: environment(),
    options: [wsgi('application.py')],
    events: [],
    version: version(NESTED),
    logs: [],
    ...overrides,
  };
}

const WSGI_EVENT: EventFact = {
  at: '2026-03-01T10:15:00Z',
  severity: 'ERROR',
  message: 'Your WSGIPath refers to a file that does not exist.',
};

describe('F3/F15 on the legacy platform', () => {
  it('flags a nested app and recommends the re-bundle when requirements.txt is nested too', () => {
    const out = evaluateBundle({ environments: [facts({ events: [WSGI_EVENT] })] }, ctx);
    const f3 = out.findings.find((f) => f.rule === 'F3');
    expect(f3?.id).toBe('F3:environment/orders-prod');
    expect(f3?.severity).toBe('critical');
    expect(f3?.summary).toContain('FlaskApp/application.py');
    expect(f3?.evidence).toEqual(
      expect.arrayContaining([
        { source: 'event', label: 'ERROR event', text: WSGI_EVENT.message, at: WSGI_EVENT.at },
        { source: 'setting', label: `${PY} WSGIPath`, text: 'application.py' },
        expect.objectContaining({ source: 'bundle', text: 'Deploy/, FlaskApp/' }),
      ]),
    );
    expect(f3?.explanation).toMatch(/re-bundling/i);
    // The one-click re-bundle repairs both F3 and F15, so it comes first; pointing WSGIPath into the folder is the lesser choice.
    expect(f3?.fixes.map((f) => [f.id, f.recommended])).toEqual([
      ['rebundle-deploy', true],
      ['set-wsgi-path', false],
    ]);
    expect(f3?.fixes[0]?.intent).toEqual({ kind: 'beanstalk.rebundleDeploy', environmentName: 'orders-prod' });
    expect(f3?.fixes[0]?.label).toBe('Re-bundle with FlaskApp/ at the zip root and deploy');
    expect(f3?.fixes[1]).toMatchObject({
      id: 'set-wsgi-path',
      recommended: false,
      intent: {
        kind: 'beanstalk.updateOptions',
        environmentName: 'orders-prod',
        set: [{ namespace: PY, optionName: 'WSGIPath', value: 'FlaskApp/application.py' }],
        remove: [],
      },
    });
    expect(f3?.manual?.steps.map((s) => s.command)).toEqual([
      'cd FlaskApp && zip -r ../release-7-rebundled.zip .',
      'aws s3 cp release-7-rebundled.zip s3://elasticbeanstalk-eu-west-1-111122223333/orders/release-7-rebundled.zip --region eu-west-1',
      'aws elasticbeanstalk create-application-version --application-name orders --version-label release-7-rebundled --source-bundle S3Bucket=elasticbeanstalk-eu-west-1-111122223333,S3Key=orders/release-7-rebundled.zip --region eu-west-1',
      'aws elasticbeanstalk update-environment --environment-name orders-prod --version-label release-7-rebundled --region eu-west-1',
    ]);

    const f15 = out.findings.find((f) => f.rule === 'F15');
    expect(f15?.id).toBe('F15:environment/orders-prod');
    expect(f15?.summary).toContain('FlaskApp/requirements.txt');
    expect(f15?.manual?.check).toContain('requirements.txt at the zip root');
    expect(f15?.manual?.steps[0]?.command).toBe('cd FlaskApp && zip -r ../release-7-rebundled.zip .');
    expect(f15?.fixes.map((f) => [f.id, f.recommended])).toEqual([['rebundle-deploy', true]]);
    expect(out.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual([f3?.id, f15?.id]);
  });

  it('recommends setting WSGIPath when the root has requirements.txt but the WSGI file is misnamed', () => {
    const out = evaluateBundle(
      { environments: [facts({ options: [wsgi('app.py')], version: version([...ROOT]) })] },
      ctx,
    );
    const f3 = out.findings.find((f) => f.rule === 'F3');
    expect(f3?.fixes[0]).toMatchObject({ recommended: true });
    expect(f3?.fixes[0]?.intent).toMatchObject({ set: [{ optionName: 'WSGIPath', value: 'application.py' }] });
    expect(out.findings.some((f) => f.rule === 'F15')).toBe(false);
    expect(out.checks.find((c) => c.rule === 'F15')?.passed).toBe(true);
  });

  it('keeps F15 open after WSGIPath points into the folder, and resets WSGIPath in the re-bundle', () => {
    const out = evaluateBundle({ environments: [facts({ options: [wsgi('FlaskApp/application.py')] })] }, ctx);
    expect(out.checks.find((c) => c.rule === 'F3')).toMatchObject({ passed: true, id: 'F3:environment/orders-prod' });
    expect(out.findings.map((f) => f.rule)).toEqual(['F15']);
    // EB takes the WSGIPath change as its own update, so a one-click re-bundle would leave the app broken: manual only.
    expect(out.findings[0]?.fixes).toEqual([]);
    expect(out.findings[0]?.manual?.steps.at(-1)?.command).toBe(
      'aws elasticbeanstalk update-environment --environment-name orders-prod --version-label release-7-rebundled' +
        ' --option-settings Namespace=aws:elasticbeanstalk:container:python,OptionName=WSGIPath,Value=application.py --region eu-west-1',
    );
  });

  it('passes both checks for a bundle with the app at the root', () => {
    const out = evaluateBundle({ environments: [facts({ version: version(ROOT) })] }, ctx);
    expect(out.findings).toEqual([]);
    expect(out.checks.map((c) => [c.id, c.passed])).toEqual([
      ['F3:environment/orders-prod', true],
      ['F15:environment/orders-prod', true],
    ]);
  });

  it('reads the platform ARN of the legacy platform', () => {
    const env = environment({
      solutionStackName: undefined,
      platformArn: 'arn:aws:elasticbeanstalk:eu-west-1::platform/Python 3.6 running on 64bit Amazon Linux/2.9.21',
    });
    const out = evaluateBundle({ environments: [facts({ environment: env, options: [] })] }, ctx);
    const f3 = out.findings.find((f) => f.rule === 'F3');
    expect(f3?.evidence).toContainEqual({
      source: 'setting',
      label: `${PY} WSGIPath`,
      text: '(not set; the platform default is application.py)',
    });
    expect(f3?.fixes.find((f) => f.id === 'set-wsgi-path')?.intent).toMatchObject({
      set: [{ value: 'FlaskApp/application.py' }],
    });
  });

  it('asks to create requirements.txt when there is none anywhere', () => {
    const out = evaluateBundle(
      { environments: [facts({ version: version(['application.py', 'templates/index.html']) })] },
      ctx,
    );
    const f15 = out.findings.find((f) => f.rule === 'F15');
    expect(f15?.evidence).toContainEqual({
      source: 'bundle',
      label: 'requirements.txt below the root',
      text: '(none anywhere in the bundle)',
    });
    expect(f15?.manual?.steps.map((s) => s.command)).toEqual([
      'pip freeze > requirements.txt',
      'zip -r release-7-rebundled.zip .',
      expect.stringContaining('aws s3 cp release-7-rebundled.zip'),
      expect.stringContaining('create-application-version'),
      expect.stringContaining('update-environment'),
    ]);
  });

  it('marks F15 critical when ModuleNotFoundError was seen', () => {
    const event: EventFact = {
      at: '2026-03-01T11:00:00Z',
      severity: 'ERROR',
      message: "ModuleNotFoundError: No module named 'requests'",
    };
    const out = evaluateBundle(
      { environments: [facts({ options: [wsgi('FlaskApp/application.py')], events: [event] })] },
      ctx,
    );
    const f15 = out.findings.find((f) => f.rule === 'F15');
    expect(f15?.severity).toBe('critical');
    expect(f15?.evidence[0]).toEqual({ source: 'event', label: 'ERROR event', text: event.message, at: event.at });
  });

  it('notes a transitional state in the check detail', () => {
    const out = evaluateBundle(
      { environments: [facts({ environment: environment({ status: 'Updating' }), version: version(ROOT) })] },
      ctx,
    );
    expect(out.checks.every((c) => c.detail.includes('Updating'))).toBe(true);
  });
});

describe('F3 on gunicorn platforms', () => {
  const al2023 = environment({ name: 'shop-api', applicationName: 'shop', solutionStackName: AL2023_STACK });

  it('passes a factory callable when the module is in the bundle, saying the callable is not checked', () => {
    const out = evaluateBundle(
      {
        environments: [
          facts({ environment: al2023, options: [wsgi('application:create_app()')], version: version(ROOT) }),
        ],
      },
      ctx,
    );
    const f3 = out.checks.find((c) => c.rule === 'F3');
    expect(f3?.passed).toBe(true);
    expect(f3?.detail).toContain('module found');
    expect(out.findings).toEqual([]);
  });

  it('suggests the dotted module for an app in a folder and keeps the callable', () => {
    const out = evaluateBundle(
      {
        environments: [
          facts({
            environment: { ...al2023, causes: ['Following services are not running: web.'] },
            options: [wsgi('app:server')],
            version: version(['web/', 'web/app.py', 'requirements.txt']),
          }),
        ],
      },
      ctx,
    );
    const f3 = out.findings.find((f) => f.rule === 'F3');
    expect(f3?.id).toBe('F3:environment/shop-api');
    expect(f3?.evidence).toContainEqual({
      source: 'health',
      label: 'Health cause (Red)',
      text: 'Following services are not running: web.',
    });
    expect(f3?.fixes[0]).toMatchObject({
      recommended: true,
      intent: { set: [{ namespace: PY, optionName: 'WSGIPath', value: 'web.app:server' }] },
    });
  });

  it('offers only the re-bundle when the folder cannot be imported as a module', () => {
    const out = evaluateBundle(
      {
        environments: [
          facts({
            environment: al2023,
            options: [],
            version: version(['my-app/', 'my-app/application.py', 'my-app/requirements.txt']),
          }),
        ],
      },
      ctx,
    );
    const f3 = out.findings.find((f) => f.rule === 'F3');
    // No WSGIPath value can reach a folder that is not a Python name, so the re-bundle is the fix, in one click or by hand.
    expect(f3?.fixes.map((f) => [f.id, f.recommended])).toEqual([['rebundle-deploy', true]]);
    expect(f3?.manual?.steps[0]?.command).toBe('cd my-app && zip -r ../release-7-rebundled.zip .');
  });
});

describe('platforms and missing listings', () => {
  it('passes both checks as not applicable on a non-Python platform', () => {
    const node = environment({ solutionStackName: '64bit Amazon Linux 2023 v6.1.0 running Node.js 20' });
    const out = evaluateBundle({ environments: [facts({ environment: node })] }, ctx);
    expect(out.findings).toEqual([]);
    expect(out.checks).toHaveLength(2);
    expect(out.checks.every((c) => c.passed && c.detail.includes('not applicable'))).toBe(true);
  });

  it('judges nothing when the bundle listing could not be read', () => {
    const withoutListing = { ...version(NESTED), bundle: undefined };
    const out = evaluateBundle({ environments: [facts({ version: withoutListing })] }, ctx);
    expect(out).toEqual({ findings: [], checks: [] });
  });
});

describe('platform and WSGI helpers', () => {
  it('tells the generations apart from stacks and platform ARNs', () => {
    expect(pythonPlatform(LEGACY_STACK, undefined)).toMatchObject({ python: true, generation: 'legacy' });
    expect(pythonPlatform('64bit Amazon Linux 2 v3.5.0 running Python 3.8', undefined).generation).toBe('gunicorn');
    expect(
      pythonPlatform(
        undefined,
        'arn:aws:elasticbeanstalk:eu-west-1::platform/Python 3.8 running on 64bit Amazon Linux 2/3.5.0',
      ).generation,
    ).toBe('gunicorn');
    expect(pythonPlatform('64bit Amazon Linux 2 v5.8.0 running Node.js 18', undefined).python).toBe(false);
  });

  it('maps a WSGIPath into the new root after a re-bundle', () => {
    expect(wsgiPathAfterRebundle('legacy', 'FlaskApp/application.py', 'FlaskApp')).toBe('application.py');
    expect(wsgiPathAfterRebundle('gunicorn', 'web.app:server', 'web')).toBe('app:server');
    expect(wsgiPathAfterRebundle('legacy', 'application.py', 'FlaskApp')).toBeUndefined();
  });

  it('flags a callable that is not a Python name even when the module exists', () => {
    const resolution = resolveWsgi('gunicorn', 'application:create-app', new Set(['application.py']));
    expect(resolution.found).toBe('application.py');
    expect(wsgiSatisfied(resolution)).toBe(false);
  });
});
