/**
 * The parties and evidence of an environment–database link, and the labels
 * every network finding (F4, F5, F12) speaks in.
 */
import type { DatabaseSummary, Evidence, FindingResource } from '../../../shared/contract';
import type { EnvironmentDetail, SecurityGroupFact } from '../facts';
import { linkReasonText, type DatabaseLink } from '../network/databaseLinks';
import {
  LAUNCH_NAMESPACE,
  listValue,
  optionValue,
  resolveGroupValue,
  type EnvironmentVpc,
} from '../network/environmentNetwork';
import type { NetworkEnvironmentFacts } from './network';

export function groupLabel(id: string, groups: readonly SecurityGroupFact[]): string {
  const name = groups.find((g) => g.id === id)?.name;
  return name ? `${id} (${name})` : id;
}

export function dbSubject(db: DatabaseSummary): FindingResource {
  return { type: 'db-instance', name: db.id, ...(db.arn ? { arn: db.arn } : {}) };
}

/** The names every environment–database finding speaks of. */
export function linkParties(env: NetworkEnvironmentFacts, link: DatabaseLink) {
  const { detail } = env;
  const db = link.database;
  return { detail, db, envName: detail.environment.name, subject: dbSubject(db) };
}

/**
 * The groups the SecurityGroups option names that EC2 would attach in `vpcId`;
 * a name that needs an ID still points at a real group, so it counts.
 */
export function usableOptionGroupIds(
  detail: EnvironmentDetail,
  groups: readonly SecurityGroupFact[],
  vpcId: string | undefined,
  namesAllowed: boolean,
): string[] {
  return listValue(optionValue(detail, LAUNCH_NAMESPACE, 'SecurityGroups'))
    .map((v) => resolveGroupValue(v, groups, vpcId, namesAllowed))
    .flatMap((v) => (v.status === 'ok' || v.status === 'name-needs-id' ? [v.group.id] : []));
}

export function envResource(name: string): FindingResource {
  return { type: 'environment', name };
}

export function engineLabel(engine: string): string {
  if (/postgres/i.test(engine)) return 'PostgreSQL';
  if (/mysql/i.test(engine)) return 'MySQL';
  if (/mariadb/i.test(engine)) return 'MariaDB';
  if (/oracle/i.test(engine)) return 'Oracle';
  if (/sqlserver/i.test(engine)) return 'SQL Server';
  return engine;
}

export function linkEvidence(link: DatabaseLink, detail: EnvironmentDetail): Evidence[] {
  return link.reasons
    .filter((r) => r.via !== 'event' && r.via !== 'log')
    .map((r) => ({
      source: 'setting' as const,
      label: r.via === 'property' ? 'Environment property' : 'Environment secret',
      text: linkReasonText(r, detail.secrets),
    }));
}

export function eventEvidence(link: DatabaseLink): Evidence[] {
  return [
    ...link.connectionEvents.map((e) => ({
      source: 'event' as const,
      label: 'Connection error',
      text: e.message,
      at: e.at,
    })),
    // The newest two distinct lines are enough to prove it; a failing app logs the same error per request.
    ...link.connectionLogs.slice(-2).map((line) => ({
      source: 'log' as const,
      label: `${line.file} on ${line.instanceId}`,
      text: line.text.trim(),
      ...(line.sampledAt ? { at: line.sampledAt } : {}),
    })),
  ];
}

export function vpcText(vpc: EnvironmentVpc): string {
  if (vpc.source === 'option') return `aws:ec2:vpc VPCId = ${vpc.vpcId ?? ''}`;
  if (vpc.source === 'instances') return `aws:ec2:vpc VPCId not set; the instances run in ${vpc.vpcId ?? ''}`;
  if (vpc.source === 'default VPC') {
    return `aws:ec2:vpc VPCId not set and no instances running: EB launches in the default VPC ${vpc.vpcId ?? ''}`;
  }
  return 'aws:ec2:vpc VPCId not set, and no default VPC was found';
}

// ---------------------------------------------------------------------------------------------- F4
