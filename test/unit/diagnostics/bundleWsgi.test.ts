/**
 * F3 on bundles whose app is not where the training lab keeps it: the bundle
 * is a real zip read the way a scan reads a deployed version, so the finding
 * rests on what the code binds, not on file names.
 */
import { describe, expect, it } from 'vitest';
import { listingOfZip } from '../../../src/main/deploy/preflight';
import type { EnvironmentFacts } from '../../../src/main/diagnostics/facts';
import { evaluateBundle } from '../../../src/main/diagnostics/rules/bundle';
import type { FindingDraft } from '../../../src/main/diagnostics/types';
import type { ApplicationVersion, OptionSetting } from '../../../src/shared/contract';
import { createStoredZip } from '../../../src/shared/zip';
import { context } from './support/evaluation';

const PY = 'aws:elasticbeanstalk:container:python';
const LEGACY = '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6';
const AL2023 = '64bit Amazon Linux 2023 v4.3.0 running Python 3.11';
const AL2 = '64bit Amazon Linux 2 v3.6.0 running Python 3.8';
const FLASK = 'from flask import Flask\n';
const REQUIREMENTS = { 'requirements.txt': 'flask\n' };

function version(files: Record<string, string>): ApplicationVersion {
  const bytes = createStoredZip(Object.entries(files).map(([path, content]) => ({ path, content })));
  return {
    applicationName: 'billing',
    versionLabel: 'b-42',
    sourceBundle: { bucket: 'billing-artifacts', key: 'builds/b-42.zip' },
    bundle: listingOfZip(bytes),
  };
}

function environment(stack: string): EnvironmentFacts {
  return {
    name: 'billing-web',
    id: 'e-bill42',
    applicationName: 'billing',
    status: 'Ready',
    health: 'Red',
    causes: [],
    solutionStackName: stack,
    versionLabel: 'b-42',
    tier: 'WebServer',
  };
}

function judge(stack: string, files: Record<string, string>, wsgiPath?: string) {
  const options: OptionSetting[] =
    wsgiPath === undefined ? [] : [{ namespace: PY, optionName: 'WSGIPath', value: wsgiPath }];
  const out = evaluateBundle(
    { environments: [{ environment: environment(stack), options, events: [], version: version(files), logs: [] }] },
    context(),
  );
  const f3 = out.findings.find((f) => f.rule === 'F3');
  return { out, f3, check: out.checks.find((c) => c.rule === 'F3') };
}

function wsgiValues(f3: FindingDraft | undefined): string[] {
  return (f3?.fixes ?? []).flatMap((f) =>
    f.intent.kind === 'beanstalk.updateOptions' ? f.intent.set.map((s) => s.value) : [f.id],
  );
}

/** Every word a person reads on the finding, to prove nothing is said twice ("No x or x"). */
function text(f3: FindingDraft | undefined): string {
  return JSON.stringify([f3?.summary, f3?.explanation, f3?.manual, f3?.fixes.map((f) => f.description)]);
}

describe('F3 finds the module that creates the WSGI app', () => {
  it('legacy: an app in main.py is named and WSGIPath is pointed at it', () => {
    const { f3, out } = judge(LEGACY, { 'main.py': `${FLASK}application = Flask(__name__)\n`, ...REQUIREMENTS });
    expect(f3?.summary).toBe(
      'billing-web: WSGIPath "application.py" names file application.py, which is not in version b-42; the app is created in main.py (application = Flask(__name__))',
    );
    expect(wsgiValues(f3)).toEqual(['main.py']);
    expect(f3?.fixes[0]?.recommended).toBe(true);
    expect(f3?.evidence).toContainEqual({
      source: 'bundle',
      label: 'WSGI apps in the code',
      text: 'main.py:2 application = Flask(__name__)',
    });
    expect(out.findings.map((f) => f.rule)).toEqual(['F3']);
  });

  it('legacy: an app named app in app/__init__.py gets the line to add, not a WSGIPath mod_wsgi cannot serve', () => {
    const { f3 } = judge(LEGACY, { 'app/__init__.py': `${FLASK}app = Flask(__name__)\n`, ...REQUIREMENTS });
    expect(f3?.summary).toContain('the app is created in app/__init__.py (app = Flask(__name__))');
    expect(f3?.fixes).toEqual([]);
    expect(f3?.manual?.summary).toBe('Add "application = app" to app/__init__.py, then point WSGIPath at it.');
    expect(f3?.manual?.steps.map((s) => s.command ?? null)).toEqual([
      null,
      expect.stringContaining('Value=app/__init__.py'),
    ]);
  });

  it('legacy: application bound in a package is a file path, with the relative-import caveat', () => {
    const { f3 } = judge(LEGACY, { 'app/__init__.py': `${FLASK}application = Flask(__name__)\n`, ...REQUIREMENTS });
    expect(wsgiValues(f3)).toEqual(['app/__init__.py']);
    expect(f3?.fixes[0]?.description).toContain('relative imports');
  });

  it('legacy: application.py that binds only app says mod_wsgi calls application', () => {
    const { f3 } = judge(LEGACY, { 'application.py': `${FLASK}app = Flask(__name__)\n`, ...REQUIREMENTS });
    expect(f3?.summary).toBe(
      'billing-web: application.py binds no "application", the name mod_wsgi calls; the app there is "app" (app = Flask(__name__))',
    );
    expect(f3?.fixes).toEqual([]);
    // The file is already WSGIPath, so the only step is the line of code.
    expect(f3?.manual?.steps).toHaveLength(1);
    expect(f3?.manual?.steps[0]?.text).toContain('add: application = app');
  });

  it('gunicorn: src/service/wsgi.py binding a factory’s result is served as module:callable', () => {
    const { f3 } = judge(AL2, {
      'src/service/factory.py': `${FLASK}def create_app():\n    app = Flask(__name__)\n    return app\n`,
      'src/service/wsgi.py': 'from src.service.factory import create_app\napplication = create_app()\n',
      ...REQUIREMENTS,
    });
    expect(f3?.summary).toContain('the app is created in src/service/wsgi.py (application = create_app())');
    // The object is preferred; calling the factory directly is the next candidate.
    expect(wsgiValues(f3)).toEqual(['src.service.wsgi:application']);
    expect(f3?.fixes[0]?.description).toContain('Other candidates: src.service.factory:create_app()');
  });

  it('gunicorn: a create_app factory alone is called from WSGIPath', () => {
    const { f3 } = judge(AL2023, {
      'web/factory.py': `${FLASK}def create_app():\n    return Flask(__name__)\n`,
      ...REQUIREMENTS,
    });
    expect(wsgiValues(f3)).toEqual(['web.factory:create_app()']);
    expect(f3?.manual?.steps[0]?.command).toContain('Value=web.factory:create_app()');
  });

  it('gunicorn: a package app keeps its package and is not offered a re-bundle', () => {
    const { f3 } = judge(
      AL2023,
      {
        'app/__init__.py': `${FLASK}app = Flask(__name__)\nfrom . import views\n`,
        'app/views.py': '',
        ...REQUIREMENTS,
      },
      'application:application',
    );
    expect(wsgiValues(f3)).toEqual(['app:app']);
    expect(f3?.manual?.summary).toBe('Set WSGIPath to app:app.');
    expect(text(f3)).not.toMatch(/re-bundle/i);
  });

  it('gunicorn: the module exists but binds another name, or a factory left uncalled', () => {
    const missing = judge(AL2023, { 'application.py': `${FLASK}app = Flask(__name__)\n`, ...REQUIREMENTS }).f3;
    expect(missing?.summary).toBe(
      'billing-web: WSGIPath "application:application" finds module application.py, which binds no "application"; the app there is "app" (app = Flask(__name__))',
    );
    expect(wsgiValues(missing)).toEqual(['application:app']);

    const factory = { 'application.py': `${FLASK}def create_app():\n    return Flask(__name__)\n`, ...REQUIREMENTS };
    const uncalled = judge(AL2023, factory, 'application:create_app').f3;
    expect(uncalled?.summary).toContain('names the factory create_app without calling it');
    expect(wsgiValues(uncalled)).toEqual(['application:create_app()']);
    expect(judge(AL2023, factory, 'application:create_app()').check?.passed).toBe(true);
  });

  it('a project zipped one folder down is re-bundled, with WSGIPath reset for the new root', () => {
    const { f3 } = judge(
      AL2023,
      { 'proj/requirements.txt': 'flask\n', 'proj/app/__init__.py': `${FLASK}app = Flask(__name__)\n` },
      'application:application',
    );
    expect(wsgiValues(f3)).toEqual(['proj.app:app']);
    expect(f3?.manual?.steps.at(-1)?.command).toContain('Value=app:app');
  });

  it('says so plainly when nothing creates a WSGI app, and offers no WSGIPath that would still fail', () => {
    for (const stack of [LEGACY, AL2023]) {
      const { f3 } = judge(stack, { 'worker.py': 'import time\nwhile True:\n    time.sleep(1)\n', ...REQUIREMENTS });
      expect(f3?.summary).toMatch(/which is not in version b-42; no module in it creates a WSGI app$/);
      expect(f3?.fixes).toEqual([]);
      expect(f3?.explanation).toContain('no WSGIPath value can fix it');
      expect(f3?.manual?.steps[0]?.text).toMatch(/^No module in version b-42 creates a WSGI app/);
      expect(text(f3)).not.toMatch(/\b(\S+\.py) or \1\b/);
    }
  });

  it('names the missing file once when the bundle’s code could not be read', () => {
    const out = evaluateBundle(
      {
        environments: [
          {
            environment: environment(LEGACY),
            options: [],
            events: [],
            logs: [],
            version: {
              applicationName: 'billing',
              versionLabel: 'b-42',
              bundle: {
                entries: [{ path: 'requirements.txt', size: 6 }],
                rootFolders: [],
                hasApplicationPy: false,
                hasRequirementsTxt: true,
                nestedApplicationPy: [],
                nestedRequirementsTxt: [],
              },
            },
          },
        ],
      },
      context(),
    );
    const f3 = out.findings.find((f) => f.rule === 'F3');
    expect(f3?.manual?.steps[0]?.text).toMatch(/^application\.py is not in version b-42\. Add a file/);
    expect(text(f3)).not.toMatch(/application\.py or application\.py/);
  });

  it('passes an Amazon Linux 2023 bundle whose Procfile starts the app, whatever WSGIPath says', () => {
    const { check, f3 } = judge(
      AL2023,
      { Procfile: 'web: gunicorn --bind :8000 site.wsgi:application\n', 'site/wsgi.py': '', ...REQUIREMENTS },
      'application:application',
    );
    expect(f3).toBeUndefined();
    expect(check?.detail).toBe(
      'A Procfile at the zip root of version b-42 starts the app; Elastic Beanstalk ignores WSGIPath.',
    );
    // The legacy platform has no Procfile: the same bundle fails there.
    expect(judge(LEGACY, { Procfile: 'web: x\n', ...REQUIREMENTS }).f3).toBeDefined();
  });
});
