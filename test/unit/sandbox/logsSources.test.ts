/**
 * Where the log lines come from: the app's own code in its bundle (the import
 * that fails, the `os.environ` read behind a KeyError, in execution order),
 * and the log epochs that pin what a read has already seen.
 */
import { describe, expect, it } from 'vitest';
import { createStoredZip } from '../../../src/shared/zip';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { appSourceFromZip, firstMissingImport, missingPropertyRead } from '../../../src/sandbox/simulation/appSource';
import { observeLogEpochs } from '../../../src/sandbox/simulation/logs/epochs';
import type { EnvironmentState } from '../../../src/sandbox/state/beanstalkState';
import type { StateDocument } from '../../../src/sandbox/state/document';

function source(files: Record<string, string>) {
  const zip = createStoredZip(Object.entries(files).map(([path, content]) => ({ path, content })));
  const read = appSourceFromZip(zip);
  if (!read) throw new Error('unreadable fixture');
  return read;
}

const SHOP = source({
  'shop/wsgi.py': [
    'import os',
    'import json',
    'from shop import settings',
    'from .views import bp',
    'import stripe',
    'from flask import Flask',
  ].join('\n'),
  'shop/__init__.py': '',
  'shop/settings.py': [
    'import os',
    "DEBUG = os.environ.get('DEBUG')",
    '',
    'def db_url():',
    "    return os.environ['SHOP_DB_URL']",
    "REGION = os.environ['SHOP_REGION']",
  ].join('\n'),
  'shop/views.py': "from flask import Blueprint\nbp = Blueprint('shop', __name__)\n",
  'requirements-dev.txt': 'pytest\n',
});

describe('reading the bundle’s Python', () => {
  it('the first import nothing installed, in execution order, skipping the standard library and local modules', () => {
    const missing = firstMissingImport(SHOP, 'shop/wsgi.py');
    // `from .views import bp` runs views.py, whose first line imports flask, before wsgi.py reaches stripe.
    expect(missing).toEqual({
      module: 'flask',
      frames: [
        { file: 'shop/wsgi.py', line: 4, function: '<module>', code: 'from .views import bp' },
        { file: 'shop/views.py', line: 1, function: '<module>', code: 'from flask import Blueprint' },
      ],
    });
    const plain = source({ 'main.py': 'import logging\nimport requests\nimport flask\n' });
    expect(firstMissingImport(plain, 'main.py').module).toBe('requests');
  });

  it('the os.environ read of the first missing property the code reaches, with the import chain and enclosing def', () => {
    // Importing settings runs its top-level read of SHOP_REGION; db_url() only runs when a view calls it.
    expect(missingPropertyRead(SHOP, 'shop/wsgi.py', ['SHOP_DB_URL', 'SHOP_REGION'])).toEqual({
      name: 'SHOP_REGION',
      frames: [
        { file: 'shop/wsgi.py', line: 3, function: '<module>', code: 'from shop import settings' },
        { file: 'shop/settings.py', line: 6, function: '<module>', code: "REGION = os.environ['SHOP_REGION']" },
      ],
    });
    expect(missingPropertyRead(SHOP, 'shop/wsgi.py', ['SHOP_DB_URL']).frames).toEqual([
      { file: 'shop/wsgi.py', line: 3, function: '<module>', code: 'from shop import settings' },
      { file: 'shop/settings.py', line: 5, function: 'db_url', code: "return os.environ['SHOP_DB_URL']" },
    ]);
    // A name read only with a default is never a KeyError; with no read in the code there are no frames.
    expect(missingPropertyRead(SHOP, 'shop/wsgi.py', ['DEBUG'])).toEqual({ name: 'DEBUG', frames: [] });
  });

  it('no readable code: flask, and no frames', () => {
    expect(firstMissingImport(undefined, undefined)).toEqual({ module: 'flask', frames: [] });
    expect(appSourceFromZip(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});

const NOW = Date.parse('2026-12-06T12:00:00Z');

function lab(): { doc: StateDocument; env: (name: string) => EnvironmentState } {
  const doc = buildScenario('training-lab', new Date(NOW));
  return {
    doc,
    env: (name) => {
      const found = doc.elasticbeanstalk.environments.find((e) => e.name === name);
      if (!found) throw new Error(name);
      return found;
    },
  };
}

describe('log epochs', () => {
  it('the first read takes the causes as holding since the instance started; an unchanged read only confirms', () => {
    const { doc, env } = lab();
    const first = env('Bbruceeb1-env');
    observeLogEpochs(doc, first, NOW);
    expect(first.logEpochs).toHaveLength(1);
    expect(first.logEpochs?.[0]).toMatchObject({ from: 0, confirmedAt: NOW, streaming: false });
    expect(first.logEpochs?.[0]?.causes.map((c) => c.kind)).toEqual(['database', 'access-denied', 'access-denied']);
    observeLogEpochs(doc, first, NOW + 60_000);
    expect(first.logEpochs).toHaveLength(1);
    expect(first.logEpochs?.[0]?.confirmedAt).toBe(NOW + 60_000);
  });

  it('a state change starts a new epoch just after the last confirmed read, never before it', () => {
    const { doc, env } = lab();
    const first = env('Bbruceeb1-env');
    observeLogEpochs(doc, first, NOW);
    // The instance role gets the app's permissions (F6): the AccessDenied causes go, the database one stays.
    const role = doc.iam.roles.find((r) => r.name === 'aws-elasticbeanstalk-ec2-role');
    role?.attachedPolicyArns.push(
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      'arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess',
    );
    observeLogEpochs(doc, first, NOW + 120_000);
    expect(first.logEpochs).toHaveLength(2);
    expect(first.logEpochs?.[1]).toMatchObject({ from: NOW + 1, confirmedAt: NOW + 120_000 });
    expect(first.logEpochs?.[1]?.causes.map((c) => c.kind)).toEqual(['database']);
  });

  it('a failed deployment stays in the logs until an operation redeploys, as EB’s own verdict does', () => {
    const { doc, env } = lab();
    const prod = env('flask-ssm-demo-prod');
    observeLogEpochs(doc, prod, NOW);
    expect(prod.logEpochs?.[0]?.causes.map((c) => c.kind)).toEqual(['secrets']);
    doc.iam.roles
      .find((r) => r.name === 'aws-elasticbeanstalk-ec2-role')
      ?.inlinePolicies.push({
        name: 'FetchSSMParameters',
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }],
        }),
      });
    observeLogEpochs(doc, prod, NOW + 30_000);
    expect(prod.logEpochs).toHaveLength(1);
    expect(prod.logEpochs?.[0]?.causes.map((c) => c.kind)).toEqual(['secrets']);
  });

  it('turning on streaming marks the span since the last operation as streamed', () => {
    const { doc, env } = lab();
    const prod = env('flask-ssm-demo-prod');
    prod.optionSettings.push({
      namespace: 'aws:elasticbeanstalk:cloudwatch:logs',
      optionName: 'StreamLogs',
      value: 'true',
    });
    observeLogEpochs(doc, prod, NOW);
    // The last operation is the failed deploy three days ago; streaming counts from its start.
    const events = doc.elasticbeanstalk.events.filter((e) => e.environmentName === prod.name);
    const failed = events.find((e) => e.message === 'Failed to deploy application.');
    const started = events.find(
      (e) => e.requestId === failed?.requestId && e.message === 'Environment update is starting.',
    );
    expect(prod.logEpochs?.map((e) => [e.from, e.streaming])).toEqual([
      [0, false],
      [Date.parse(started?.eventDate ?? ''), true],
    ]);
  });
});
