/**
 * Which databases an environment uses. A database is linked when its endpoint
 * address, or a host name whose first label is the DB identifier (RDS names
 * hosts `<id>.<hash>.<region>.rds.amazonaws.com`), appears in
 *  - an environment property value,
 *  - the decrypted value of an SSM parameter the environment's
 *    environmentsecrets reference, or
 *  - a MySQL/PostgreSQL connection error in the environment's events or, when
 *    the scan read them, its instances' log lines.
 * Matching is case-insensitive (DNS is). Evidence names the property and the
 * host, never the whole value, which may hold a password in a URL.
 */
import type { DatabaseSummary } from '../../../shared/contract';
import type { EnvironmentDetail, EventFact, LogLineFact } from '../facts';
import { distinctLogLines } from '../beanstalk/eventText';
import { parseText } from '../text/patterns';

export interface LinkReason {
  via: 'property' | 'secret' | 'event' | 'log';
  /** The property or secret name; the event's time for events. */
  name: string;
  /** What matched: the host for values, the event message verbatim for events. */
  text: string;
  at?: string;
}

export interface DatabaseLink {
  database: DatabaseSummary;
  reasons: LinkReason[];
  /** Connection-failure events naming this database (also among the reasons). */
  connectionEvents: EventFact[];
  /** Connection-failure log lines naming this database, newest last; at most one per distinct text. */
  connectionLogs: LogLineFact[];
}

function namesDatabase(text: string, database: DatabaseSummary): boolean {
  return parseText(text).some(
    (p) => (p.kind === 'mysql-connect' || p.kind === 'postgres-connect') && p.host && hostNaming(p.host, database),
  );
}

const HOST_TOKEN = /[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+/gi;

/** The host in `value` that names `db`, or undefined. */
export function hostNaming(value: string, db: DatabaseSummary): string | undefined {
  const address = db.endpoint?.address.toLowerCase();
  const lower = value.toLowerCase();
  if (address && lower.includes(address)) return db.endpoint?.address;
  const id = db.id.toLowerCase();
  for (const token of lower.match(HOST_TOKEN) ?? []) {
    if (token.split('.')[0] === id) return token;
  }
  return undefined;
}

export function linkDatabases(
  detail: EnvironmentDetail,
  /** Environment secret name → decrypted value (null when it could not be read). */
  secretValues: Readonly<Record<string, string | null>>,
  databases: readonly DatabaseSummary[],
): DatabaseLink[] {
  const links: DatabaseLink[] = [];
  for (const database of databases) {
    const reasons: LinkReason[] = [];
    for (const [name, value] of Object.entries(detail.properties)) {
      const host = hostNaming(value, database);
      if (host) reasons.push({ via: 'property', name, text: host });
    }
    for (const [name, value] of Object.entries(secretValues)) {
      const host = value === null ? undefined : hostNaming(value, database);
      if (host) reasons.push({ via: 'secret', name, text: host });
    }
    const connectionEvents = detail.events.filter((event) => namesDatabase(event.message, database));
    for (const event of connectionEvents)
      reasons.push({ via: 'event', name: event.at, text: event.message, at: event.at });
    const connectionLogs = distinctLogLines(detail.logs, (text) => namesDatabase(text, database));
    for (const line of connectionLogs)
      reasons.push({ via: 'log', name: `${line.file} on ${line.instanceId}`, text: line.text });
    if (reasons.length > 0) links.push({ database, reasons, connectionEvents, connectionLogs });
  }
  return links;
}

/** One line per reason, for evidence. */
export function linkReasonText(reason: LinkReason, secrets: Readonly<Record<string, string>>): string {
  if (reason.via === 'property') return `Environment property ${reason.name} names ${reason.text}`;
  if (reason.via === 'secret') {
    return `Environment secret ${reason.name} (${secrets[reason.name] ?? 'an SSM parameter'}) names ${reason.text}`;
  }
  return reason.text;
}
