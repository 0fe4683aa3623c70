/**
 * Whether a database's security groups admit an environment, and the rules
 * written out as EC2 shows them, so a finding's evidence is the rule text
 * itself and not a paraphrase.
 */
import { portLabel } from '../../../shared/network/ingress';
import { admitsPort } from '../../services/securityGroups';
import type { IngressPermission, SecurityGroupFact } from '../facts';
import { cidrCovers } from './addresses';

export interface Admission {
  /** The DB group whose rule admits the environment. */
  groupId: string;
  /** Written as in `rulesText`. */
  rule: string;
  by: 'group' | 'cidr';
}

/** `tcp 3306 from sg-0abc…, 10.0.0.0/16`; a permission with no sources says so. */
export function permissionText(permission: IngressPermission): string {
  const sources = [...permission.groupIds, ...permission.cidrs];
  return `${portLabel(permission.protocol, permission.fromPort, permission.toPort)} from ${sources.join(', ') || 'no source'}`;
}

/** Every ingress rule of the groups, one line per group, verbatim in EC2 terms. */
export function rulesText(groupIds: readonly string[], groups: readonly SecurityGroupFact[]): string {
  return groupIds
    .map((id) => {
      const group = groups.find((g) => g.id === id);
      if (!group) return `${id}: could not be read`;
      const label = group.name ? `${id} (${group.name})` : id;
      if (group.ingress.length === 0) return `${label}: no inbound rules`;
      return `${label}: ${group.ingress.map(permissionText).join('; ')}`;
    })
    .join('\n');
}

/**
 * The first rule of the DB's groups that admits TCP on `port` from one of
 * `sourceGroupIds`, or from CIDRs that together cover every address in
 * `privateIps` (a CIDR can only stand in for the group when it covers all the
 * instances, or some would still be refused).
 */
export function findAdmission(
  dbGroupIds: readonly string[],
  groups: readonly SecurityGroupFact[],
  port: number,
  sourceGroupIds: ReadonlySet<string>,
  privateIps: readonly string[],
): Admission | undefined {
  const coveringCidrs: Array<{ groupId: string; rule: string; cidr: string }> = [];
  for (const id of dbGroupIds) {
    const group = groups.find((g) => g.id === id);
    if (!group) continue;
    for (const permission of group.ingress) {
      if (!admitsPort(permission.protocol, permission.fromPort, permission.toPort, port)) continue;
      if (permission.groupIds.some((g) => sourceGroupIds.has(g))) {
        return { groupId: id, rule: permissionText(permission), by: 'group' };
      }
      for (const cidr of permission.cidrs) coveringCidrs.push({ groupId: id, rule: permissionText(permission), cidr });
    }
  }
  if (privateIps.length === 0) return undefined;
  const allCovered = privateIps.every((ip) => coveringCidrs.some((c) => cidrCovers(c.cidr, ip)));
  if (!allCovered) return undefined;
  const first = coveringCidrs.find((c) => privateIps.some((ip) => cidrCovers(c.cidr, ip)));
  return first ? { groupId: first.groupId, rule: first.rule, by: 'cidr' } : undefined;
}

/** Groups that the DB's groups already admit on `port` by group reference: candidates for a new environment. */
export function admittedGroupIds(
  dbGroupIds: readonly string[],
  groups: readonly SecurityGroupFact[],
  port: number,
): string[] {
  const out: string[] = [];
  for (const id of dbGroupIds) {
    const group = groups.find((g) => g.id === id);
    for (const permission of group?.ingress ?? []) {
      if (!admitsPort(permission.protocol, permission.fromPort, permission.toPort, port)) continue;
      for (const source of permission.groupIds) if (!out.includes(source)) out.push(source);
    }
  }
  return out;
}
