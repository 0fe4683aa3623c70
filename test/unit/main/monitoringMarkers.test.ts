/**
 * Chart markers from an environment's events and the Trellis journal: one
 * marker per operation, its kind and outcome from EB's wording, and a change
 * made here joined with the operation EB started for it.
 */
import { describe, expect, it } from 'vitest';
import { markersFromEvents, markersFromJournal, mergeMarkers } from '../../../src/main/services/monitoringMarkers';
import { linkedDatabase } from '../../../src/main/services/monitoringTargets';
import type {
  AtomicChangeIntent,
  DatabaseSummary,
  EnvironmentEvent,
  JournalEntry,
  Target,
} from '../../../src/shared/contract';
import { markerName } from '../../../src/renderer/src/views/beanstalk/monitoring/chartMarkers';

const ENV = 'Bbruceeb2-env';
const target: Target = { profile: 'sandbox', region: 'us-east-1' };

const event = (date: string, message: string, extra: Partial<EnvironmentEvent> = {}): EnvironmentEvent => ({
  date,
  severity: extra.severity ?? 'INFO',
  message,
  environmentName: ENV,
  ...extra,
});

const entry = (
  id: string,
  at: string,
  intent: JournalEntry['intent'],
  extra: Partial<JournalEntry> = {},
): JournalEntry => ({
  id,
  at,
  target,
  title: `Change ${id}`,
  intent,
  status: 'applied',
  steps: [],
  verification: { verified: true, detail: 'read back' },
  ...extra,
});

const wsgi = (environmentName = ENV): AtomicChangeIntent => ({
  kind: 'beanstalk.updateOptions',
  environmentName,
  set: [
    { namespace: 'aws:elasticbeanstalk:container:python', optionName: 'WSGIPath', value: 'FlaskApp/application.py' },
  ],
  remove: [],
});

describe('markersFromEvents', () => {
  it('makes one marker per operation, with its kind, version and outcome, whatever order the events come in', () => {
    const events = [
      event('2026-12-06T10:05:00.000Z', 'Environment update completed successfully.', { requestId: 'r1' }),
      event('2026-12-06T10:00:00.000Z', 'Environment update is starting.', { requestId: 'r1' }),
      event('2026-12-06T10:00:01.000Z', 'Deploying new version to instance(s).', {
        requestId: 'r1',
        versionLabel: 'v7',
      }),
      event('2026-12-06T11:00:00.000Z', 'Environment update is starting.', { requestId: 'r2' }),
      event('2026-12-06T11:00:01.000Z', "Updating environment Bbruceeb2-env's configuration settings.", {
        requestId: 'r2',
      }),
      event('2026-12-06T11:03:00.000Z', 'Failed to deploy configuration.', { requestId: 'r2', severity: 'ERROR' }),
      event('2026-12-06T11:04:00.000Z', 'Environment update completed, but with errors.', { requestId: 'r2' }),
      // Not an operation: health transitions and instance chatter are not markers.
      event('2026-12-06T11:05:00.000Z', 'Environment health has transitioned from Ok to Severe.'),
    ];
    const markers = markersFromEvents(events);
    expect(markers.map((m) => [m.id, m.at, m.kind, m.title, m.outcome, m.versionLabel ?? null])).toEqual([
      ['event:r1', '2026-12-06T10:00:00.000Z', 'deploy', 'Deploy v7', 'succeeded', 'v7'],
      ['event:r2', '2026-12-06T11:00:00.000Z', 'configuration', 'Configuration change', 'failed', null],
    ]);
    expect(markers[1]!.events.map((e) => e.message)).toEqual([
      'Environment update is starting.',
      "Updating environment Bbruceeb2-env's configuration settings.",
      'Failed to deploy configuration.',
      'Environment update completed, but with errors.',
    ]);
  });

  it('groups events without a request id by time, and starts a new marker after one completed', () => {
    const markers = markersFromEvents([
      event('2026-12-06T09:00:00.000Z', 'restartAppServer is starting.'),
      event('2026-12-06T09:00:20.000Z', 'restartAppServer completed successfully.'),
      event('2026-12-06T09:10:00.000Z', 'restartAppServer is starting.'),
    ]);
    expect(markers.map((m) => [m.kind, m.outcome, m.events.length])).toEqual([
      ['restart', 'succeeded', 2],
      ['restart', 'unknown', 1],
    ]);
  });

  it('keeps events of one second in the order EB recorded them (EB lists them newest first)', () => {
    const t = '2026-12-06T23:49:13.000Z';
    const [marker] = markersFromEvents([
      event('2026-12-06T23:49:28.000Z', 'Environment update completed successfully.', { requestId: 'r5' }),
      event(t, "Updating environment Bbruceeb2-env's configuration settings.", { requestId: 'r5' }),
      event(t, 'Environment update is starting.', { requestId: 'r5' }),
    ]);
    expect(marker!.events.map((e) => e.message)).toEqual([
      'Environment update is starting.',
      "Updating environment Bbruceeb2-env's configuration settings.",
      'Environment update completed successfully.',
    ]);
    // Without a journal entry, the name says what EB did rather than that it started.
    expect(markerName(marker!)).toMatch(
      /^Marker: Configuration change .+ — Updating environment Bbruceeb2-env's configuration settings\.$/,
    );
  });

  it('skips an operation whose start is before the events read (only its end is there)', () => {
    expect(
      markersFromEvents([event('2026-12-06T09:00:00.000Z', 'Environment update completed successfully.')]),
    ).toEqual([]);
  });
});

describe('markersFromJournal and mergeMarkers', () => {
  const start = Date.parse('2026-12-06T00:00:00.000Z');
  const end = Date.parse('2026-12-07T00:00:00.000Z');

  it('keeps only applied changes to this environment of this target', () => {
    const entries = [
      entry('a', '2026-12-06T14:02:00.000Z', wsgi()),
      entry('b', '2026-12-06T14:03:00.000Z', wsgi('other-env')),
      entry('c', '2026-12-06T14:04:00.000Z', wsgi(), { target: { profile: 'work', region: 'us-east-1' } }),
      entry('d', '2026-12-06T14:05:00.000Z', wsgi(), { status: 'failed' }),
      entry('e', '2026-12-06T14:06:00.000Z', { kind: 'beanstalk.restartAppServer', environmentName: ENV }),
      entry('f', '2026-12-06T14:07:00.000Z', {
        kind: 'composite',
        title: 'Fix',
        parts: [wsgi(), { kind: 'beanstalk.deployVersion', environmentName: ENV, versionLabel: 'v8' }],
      }),
    ];
    expect(markersFromJournal(entries, target, ENV).map((m) => [m.journalEntryId, m.kind, m.summary])).toEqual([
      ['a', 'configuration', 'Change a'],
      ['e', 'restart', 'Change e'],
      ['f', 'deploy', 'Change f'],
    ]);
  });

  it('joins a journal entry with the operation EB started for it, and keeps entries EB shows nothing for', () => {
    const fromEvents = markersFromEvents([
      event('2026-12-06T14:02:05.000Z', 'Environment update is starting.', { requestId: 'r9' }),
      event('2026-12-06T14:02:06.000Z', "Updating environment Bbruceeb2-env's configuration settings.", {
        requestId: 'r9',
      }),
      event('2026-12-06T14:00:00.000Z', 'restartAppServer is starting.', { requestId: 'r8' }),
    ]);
    const fromJournal = markersFromJournal(
      [
        entry('fix', '2026-12-06T14:02:00.000Z', wsgi(), { title: 'Set WSGIPath on Bbruceeb2-env' }),
        entry('late', '2026-12-06T20:00:00.000Z', wsgi()),
        entry('old', '2026-12-05T20:00:00.000Z', wsgi()),
      ],
      target,
      ENV,
    );
    const merged = mergeMarkers(fromEvents, fromJournal, start, end);
    expect(merged.map((m) => [m.at, m.kind, m.journalEntryId ?? null, m.events.length])).toEqual([
      ['2026-12-06T14:00:00.000Z', 'restart', null, 1],
      // The configuration change EB started 5 s after the entry: one marker naming both.
      ['2026-12-06T14:02:05.000Z', 'configuration', 'fix', 2],
      // No events for this one in the range: the entry alone. The one before the range is left out.
      ['2026-12-06T20:00:00.000Z', 'configuration', 'late', 0],
    ]);
    const today = new Date('2026-12-06T14:02:05.000Z');
    const local = `${String(today.getHours()).padStart(2, '0')}:${String(today.getMinutes()).padStart(2, '0')}`;
    expect(markerName(merged[1]!, today)).toBe(`Marker: Configuration change ${local} — Set WSGIPath on Bbruceeb2-env`);
  });
});

describe('linkedDatabase', () => {
  const db = (id: string, address: string): DatabaseSummary => ({
    id,
    engine: 'mysql',
    engineVersion: '8.0',
    status: 'available',
    endpoint: { address, port: 3306 },
    vpcId: null,
    subnetGroup: null,
    clusterId: null,
    publiclyAccessible: false,
    securityGroupIds: [],
    arn: null,
  });
  const photos = db('edx-photos-db', 'edx-photos-db.c1a2b3.us-east-1.rds.amazonaws.com');
  const flask = db('flask-db-instance-1', 'flask-db-instance-1.c9z8.us-east-1.rds.amazonaws.com');

  it('finds the DB whose endpoint a value names, host-named properties first', () => {
    expect(
      linkedDatabase(
        [
          {
            via: 'environment property BACKUP_URL',
            value: 'mysql://u@flask-db-instance-1.c9z8.us-east-1.rds.amazonaws.com/x',
          },
          { via: 'environment property DATABASE_HOST', value: 'EDX-PHOTOS-DB.c1a2b3.us-east-1.rds.amazonaws.com' },
        ],
        [flask, photos],
      ),
    ).toEqual({ id: 'edx-photos-db', via: 'environment property DATABASE_HOST' });
  });

  it('finds none when no value names a DB', () => {
    expect(linkedDatabase([{ via: 'environment property FLASK_ENV', value: 'production' }], [photos])).toBeNull();
  });
});
