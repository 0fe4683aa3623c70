import type { EnvironmentDescription } from '@aws-sdk/client-elastic-beanstalk';
import { describe, expect, it } from 'vitest';
import { listingOfZip, preflightChecks } from '../../../src/main/deploy/preflight';
import type { StagedBundle } from '../../../src/shared/contract';
import { createStoredZip } from '../../../src/shared/zip';

const LEGACY = '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6';
const AL2023 = '64bit Amazon Linux 2023 v4.3.0 running Python 3.11';

function env(stack: string, status: EnvironmentDescription['Status'] = 'Ready'): EnvironmentDescription {
  return {
    EnvironmentName: 'shop-prod',
    ApplicationName: 'shop',
    SolutionStackName: stack,
    Status: status,
    Health: 'Red',
  };
}

function judge(
  stack: string,
  files: Record<string, string>,
  wsgiPath?: string,
  status?: EnvironmentDescription['Status'],
) {
  const bytes = createStoredZip(Object.entries(files).map(([path, content]) => ({ path, content })));
  const listing = listingOfZip(bytes);
  const bundle: StagedBundle = {
    id: '00000000-0000-4000-8000-000000000000',
    origin: 'shop.zip',
    kind: 'zip',
    sizeBytes: bytes.length,
    sha256: '0'.repeat(64),
    fileCount: listing.entries.length,
    files: listing.entries,
    ignored: [],
    createdAt: new Date(0).toISOString(),
  };
  const result = preflightChecks({ environment: env(stack, status), wsgiPath, bundle, listing });
  return { ...result, status: Object.fromEntries(result.checks.map((c) => [c.id, c.status])) };
}

const nested = {
  'site/': '',
  'site/nginx.conf': 'server {}',
  'shopapp/application.py': 'application = make()\n',
  'shopapp/requirements.txt': 'flask\n',
};

describe('deploy pre-flight', () => {
  it('fails a WSGIPath whose module exists but does not serve the name the server looks up', () => {
    const flaskApp = { 'main.py': 'from flask import Flask\napp = Flask(__name__)\n', 'requirements.txt': 'flask\n' };
    const modern = judge(AL2023, flaskApp, 'main:application');
    expect(modern.status['wsgi-path']).toBe('fail');
    expect(modern.blocking).toBe(true);
    const detail = modern.checks.find((c) => c.id === 'wsgi-path');
    expect(detail?.title).toBe('WSGIPath reaches a module that does not serve the app');
    expect(detail?.detail).toBe(
      'WSGIPath "main:application": main.py does not define application, the name the server looks up. It creates app instead.',
    );
    expect(judge(AL2023, flaskApp, 'main:app').status['wsgi-path']).toBe('pass');
    const legacy = judge(LEGACY, { ...flaskApp, 'application.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(legacy.status['wsgi-path']).toBe('fail');
  });

  it('on a legacy platform, fails an app zipped one folder down on zip-root, wsgi-path and requirements', () => {
    const r = judge(LEGACY, nested);
    expect(r.generation).toBe('legacy');
    expect(r.blocking).toBe(true);
    expect(r.status).toEqual({
      'environment-ready': 'pass',
      'not-empty': 'pass',
      'size-limit': 'pass',
      'zip-root': 'fail',
      'wsgi-path': 'fail',
      requirements: 'fail',
    });
    const byId = Object.fromEntries(r.checks.map((c) => [c.id, c.detail]));
    expect(byId['zip-root']).toMatch(/^The app is inside shopapp\/ \(top level: shopapp\/, site\/\)/);
    expect(byId['wsgi-path']).toBe(
      'WSGIPath (not set; the platform default is application.py) names file application.py, which is not in this bundle (the bundle has shopapp/application.py); the app would not start. Zipping the contents of the app folder fixes it.',
    );
    expect(byId.requirements).toMatch(/this bundle has only shopapp\/requirements\.txt/);
  });

  it('passes the same app zipped from inside its folder, and reads WSGIPath by generation', () => {
    const flat = { 'application.py': 'application = make()\n', 'requirements.txt': 'flask\n' };
    expect(judge(LEGACY, flat).blocking).toBe(false);
    // Amazon Linux 2023 reads module:callable; a file path there names a module that does not exist.
    expect(judge(AL2023, flat, 'application:application').blocking).toBe(false);
    expect(judge(AL2023, flat, 'application.py').status['wsgi-path']).toBe('pass');
    const moduleInFolder = { 'web/main.py': 'application = make()\n', 'requirements.txt': 'flask\n' };
    expect(judge(AL2023, moduleInFolder, 'web.main:application').status).toMatchObject({
      'zip-root': 'pass',
      'wsgi-path': 'pass',
    });
    expect(judge(LEGACY, moduleInFolder, 'web.main:application').status['wsgi-path']).toBe('fail');
  });

  it('fails an empty bundle and an environment that is not Ready', () => {
    expect(judge(LEGACY, {}).status['not-empty']).toBe('fail');
    const busy = judge(LEGACY, { 'application.py': 'x', 'requirements.txt': '' }, undefined, 'Updating');
    expect(busy.blocking).toBe(true);
    expect(busy.checks.find((c) => c.id === 'environment-ready')?.detail).toBe(
      'shop-prod is Updating; Elastic Beanstalk refuses a deploy until it is Ready. Wait for the current operation to finish.',
    );
  });

  it('does not apply the Python checks to other platforms, but warns about a single top folder', () => {
    const r = judge('64bit Amazon Linux 2023 v6.1.0 running Node.js 20', { 'app/index.js': 'x' });
    expect(r.generation).toBe('other');
    expect(r.blocking).toBe(false);
    expect(r.status).toMatchObject({ 'zip-root': 'warn', 'wsgi-path': 'pass', requirements: 'pass' });
  });
});
