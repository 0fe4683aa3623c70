/** DescribeEvents: newest first, filtered by minimum severity and time window, paged by MaxRecords/NextToken. */
import type { QueryAction } from '../../protocols/awsQuery';
import { isoSeconds } from '../../protocols/xml';
import type { EventSeverity, EventState } from '../../state/beanstalkState';
import { decodeToken, encodeToken, invalidParameterValue } from './lookup';

const SEVERITIES: readonly EventSeverity[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const DEFAULT_MAX_RECORDS = 1000;

function parseTime(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidParameterValue(`Invalid ${name}: '${value}'.`);
  return isoSeconds(date);
}

/** Newest first; the sequence number breaks ties between events of the same second. */
function newestFirst(a: EventState, b: EventState): number {
  return b.eventDate.localeCompare(a.eventDate) || b.seq - a.seq;
}

const describeEvents: QueryAction = (params, { store }) => {
  const doc = store.document;
  const applicationName = params.string('ApplicationName');
  const environmentName = params.string('EnvironmentName');
  const environmentId = params.string('EnvironmentId');
  const versionLabel = params.string('VersionLabel');
  const requestId = params.string('RequestId');
  const severity = params.enumValue('Severity', SEVERITIES);
  const startTime = parseTime(params.string('StartTime'), 'StartTime');
  const endTime = parseTime(params.string('EndTime'), 'EndTime');
  const maxRecords = params.integer('MaxRecords', { min: 1, max: 1000 }) ?? DEFAULT_MAX_RECORDS;
  const token = params.string('NextToken');
  // An id resolves to a name; events of a terminated environment stay addressable by its id.
  const idName =
    environmentId === undefined
      ? undefined
      : (doc.elasticbeanstalk.environments.find((e) => e.id === environmentId)?.name ?? '\u0000');
  const minimum = severity === undefined ? 0 : SEVERITIES.indexOf(severity);
  const matches = doc.elasticbeanstalk.events
    .filter(
      (e) =>
        (applicationName === undefined || e.applicationName === applicationName) &&
        (environmentName === undefined || e.environmentName === environmentName) &&
        (idName === undefined || e.environmentName === idName) &&
        (versionLabel === undefined || e.versionLabel === versionLabel) &&
        (requestId === undefined || e.requestId === requestId) &&
        SEVERITIES.indexOf(e.severity) >= minimum &&
        (startTime === undefined || e.eventDate >= startTime) &&
        (endTime === undefined || e.eventDate < endTime),
    )
    .sort(newestFirst);
  let start = 0;
  if (token !== undefined) {
    const [date = '', seqText = ''] = decodeToken(token).split('|');
    const anchor = { eventDate: date, seq: Number(seqText) };
    // Resume strictly after the last event returned, even if newer events arrived since.
    start = matches.findIndex((e) => newestFirst(e, anchor as EventState) > 0);
    if (start === -1) start = matches.length;
  }
  const page = matches.slice(start, start + maxRecords);
  const last = page[page.length - 1];
  return {
    Events: page.map((e) => ({
      EventDate: e.eventDate,
      Message: e.message,
      ApplicationName: e.applicationName,
      VersionLabel: e.versionLabel,
      EnvironmentName: e.environmentName,
      RequestId: e.requestId,
      Severity: e.severity,
    })),
    NextToken: start + page.length < matches.length && last ? encodeToken(`${last.eventDate}|${last.seq}`) : undefined,
  };
};

export const eventActions: ReadonlyMap<string, QueryAction> = new Map([['DescribeEvents', describeEvents]]);
