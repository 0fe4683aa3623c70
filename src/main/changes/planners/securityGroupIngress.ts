import {
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { parseCidr, portLabel } from '../../../shared/network/ingress';
import { describeGroups } from '../../services/securityGroups';
import { cliCommand } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';

type IngressIntent = Extract<ChangeIntent, { kind: 'ec2.authorizeIngress' | 'ec2.revokeIngress' }>;

/**
 * The one permission EC2 is asked to add or remove: exactly one source, so undo
 * touches nothing else. The description goes with a revoke too: EC2 ignores it
 * there, but some implementations (moto) match on it.
 */
function permissionOf(intent: IngressIntent, withDescription: boolean): IpPermission {
  const description = withDescription && intent.description ? { Description: intent.description } : {};
  const ports = intent.protocol === '-1' ? {} : { FromPort: intent.fromPort, ToPort: intent.toPort };
  return {
    IpProtocol: intent.protocol,
    ...ports,
    ...('cidr' in intent.source
      ? parseCidr(intent.source.cidr).ok && intent.source.cidr.includes(':')
        ? { Ipv6Ranges: [{ CidrIpv6: canonicalCidr(intent.source.cidr), ...description }] }
        : { IpRanges: [{ CidrIp: canonicalCidr(intent.source.cidr), ...description }] }
      : { UserIdGroupPairs: [{ GroupId: intent.source.groupId, ...description }] }),
  };
}

function canonicalCidr(text: string): string {
  const parsed = parseCidr(text);
  return parsed.ok ? parsed.cidr.canonical : text;
}

function sourceLabel(intent: IngressIntent, names: ReadonlyMap<string, string>): string {
  if ('cidr' in intent.source) return canonicalCidr(intent.source.cidr);
  const name = names.get(intent.source.groupId);
  return name ? `${name} (${intent.source.groupId})` : intent.source.groupId;
}

/** Whether the group already has this exact rule (same protocol, ports and source); description is not part of identity. */
function hasRule(group: SecurityGroup | undefined, intent: IngressIntent): boolean {
  const wanted = permissionOf(intent, false);
  return (group?.IpPermissions ?? []).some((p) => {
    if (p.IpProtocol !== wanted.IpProtocol) return false;
    if (intent.protocol !== '-1' && (p.FromPort !== wanted.FromPort || p.ToPort !== wanted.ToPort)) return false;
    if ('cidr' in intent.source) {
      const cidr = canonicalCidr(intent.source.cidr);
      return (p.IpRanges ?? []).some((r) => r.CidrIp === cidr) || (p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === cidr);
    }
    const groupId = intent.source.groupId;
    return (p.UserIdGroupPairs ?? []).some((u) => u.GroupId === groupId);
  });
}

/** The description stored on the existing rule, so revoking and undoing restores it exactly. */
function existingDescription(group: SecurityGroup | undefined, intent: IngressIntent): string | undefined {
  for (const p of group?.IpPermissions ?? []) {
    if (p.IpProtocol !== intent.protocol) continue;
    if ('cidr' in intent.source) {
      const cidr = canonicalCidr(intent.source.cidr);
      const hit = [
        ...(p.IpRanges ?? []).map((r) => ({ c: r.CidrIp, d: r.Description })),
        ...(p.Ipv6Ranges ?? []).map((r) => ({ c: r.CidrIpv6, d: r.Description })),
      ].find((r) => r.c === cidr);
      if (hit) return hit.d;
    } else {
      const groupId = intent.source.groupId;
      const hit = (p.UserIdGroupPairs ?? []).find((u) => u.GroupId === groupId);
      if (hit && (intent.protocol === '-1' || (p.FromPort === intent.fromPort && p.ToPort === intent.toPort))) {
        return hit.Description;
      }
    }
  }
  return undefined;
}

function send(ctx: PlannerContext, target: Target, authorize: boolean, intent: IngressIntent) {
  const operation = authorize ? 'AuthorizeSecurityGroupIngress' : 'RevokeSecurityGroupIngress';
  return ctx.aws.call(target, 'ec2', operation, async (client) => {
    const input = { GroupId: intent.groupId, IpPermissions: [permissionOf(intent, true)] };
    const out = await client.send(
      authorize ? new AuthorizeSecurityGroupIngressCommand(input) : new RevokeSecurityGroupIngressCommand(input),
    );
    return { requestId: out.$metadata.requestId };
  });
}

function riskOf(intent: IngressIntent, rule: string, groupName: string): BuiltPlan['risk'] {
  const world =
    'cidr' in intent.source &&
    (parseCidr(intent.source.cidr).ok ? canonicalCidr(intent.source.cidr).endsWith('/0') : false);
  if (intent.kind === 'ec2.revokeIngress') {
    return {
      level: 'medium',
      note: `Connections matching ${rule} to ${groupName} stop being admitted at once; open connections may drop. Undo re-adds the rule.`,
    };
  }
  if (world) {
    return {
      level: 'high',
      note: `${rule} opens ${groupName} to the whole internet. Prefer a security group source or a narrow CIDR.`,
    };
  }
  return { level: 'low', note: `Admits ${rule} to ${groupName}. Undo revokes exactly this rule.` };
}

/** Authorize or revoke one ingress rule on one security group; each is the other's undo. */
export async function planIngress(ctx: PlannerContext, target: Target, intent: IngressIntent): Promise<BuiltPlan> {
  const authorize = intent.kind === 'ec2.authorizeIngress';
  const sourceGroupIds = 'groupId' in intent.source ? [intent.source.groupId] : [];
  const groups = await describeGroups(ctx.aws, target, [intent.groupId, ...sourceGroupIds]);
  const group = groups.find((g) => g.GroupId === intent.groupId);
  const names = new Map(groups.map((g) => [g.GroupId ?? '', g.GroupName ?? '']));
  const groupName = group?.GroupName ?? intent.groupId;
  const source = sourceLabel(intent, names);
  const ports = portLabel(intent.protocol, intent.fromPort, intent.toPort);
  const rule = `${ports} from ${source}`;
  const exists = hasRule(group, intent);
  // A group in another VPC (catalogue F4): AWS takes such a reference only across a peering connection,
  // and even then the source's instances reach the database only through that peering.
  const sourceVpc = 'groupId' in intent.source ? groups.find((g) => g.GroupId === sourceGroupIds[0])?.VpcId : undefined;
  const crossVpc: BuiltPlan['risk'] | undefined =
    authorize && sourceVpc && group?.VpcId && sourceVpc !== group.VpcId
      ? {
          level: 'medium',
          note: `${source} is in ${sourceVpc} but ${groupName} is in ${group.VpcId}: without VPC peering AWS refuses this rule, and its instances cannot reach the database anyway. Moving the environment into ${group.VpcId} is the lasting fix.`,
        }
      : undefined;
  const description = authorize ? intent.description : existingDescription(group, intent);

  let blocked: string | undefined;
  let unchanged = false;
  if (!group) blocked = `Security group ${intent.groupId} does not exist in ${target.region}.`;
  else if ('groupId' in intent.source && !names.has(intent.source.groupId)) {
    blocked = `Source security group ${intent.source.groupId} does not exist in ${target.region}.`;
  } else if (authorize === exists) {
    unchanged = true;
    blocked = authorize ? `${groupName} already allows ${rule}.` : `${groupName} has no rule allowing ${rule}.`;
  }

  const shown: IngressIntent = { ...intent, ...(description !== undefined ? { description } : {}) };
  const operation = authorize ? 'AuthorizeSecurityGroupIngress' : 'RevokeSecurityGroupIngress';
  const inverseKind = authorize ? 'ec2.revokeIngress' : 'ec2.authorizeIngress';
  const inverse: IngressIntent = { ...shown, kind: inverseKind };
  const cliTarget = ctx.cliTarget(target, 'ec2');
  const cliFor = (forAuthorize: boolean, i: IngressIntent) =>
    cliCommand(cliTarget, 'ec2', forAuthorize ? 'authorize-security-group-ingress' : 'revoke-security-group-ingress', {
      'group-id': i.groupId,
      'ip-permissions': JSON.stringify([permissionOf(i, true)]),
    });

  const step: ExecutableStep = {
    service: 'ec2',
    operation,
    input: { GroupId: intent.groupId, IpPermissions: [permissionOf(shown, true)] },
    summary: `${authorize ? 'Allow' : 'Stop allowing'} ${rule} into ${groupName}`,
    run: () => send(ctx, target, authorize, shown),
    rollback: async () => {
      await send(ctx, target, !authorize, inverse);
    },
  };

  const row = `${rule}${description ? ` — ${description}` : ''}`;
  return {
    title: `${authorize ? 'Allow' : 'Revoke'} ${rule} ${authorize ? 'into' : 'on'} ${groupName}`,
    resource: { service: 'ec2', type: 'security-group', name: `${groupName} (${intent.groupId})` },
    diff: [
      authorize
        ? { change: 'add', label: 'Inbound rule', after: row }
        : { change: 'remove', label: 'Inbound rule', before: row },
    ],
    steps: [step],
    cli: [cliFor(authorize, shown)],
    permissions: [`ec2:${operation}`, 'ec2:DescribeSecurityGroups'],
    risk: crossVpc ?? riskOf(intent, rule, groupName),
    undo: {
      intent: inverse,
      summary: authorize ? `Revoke ${rule} on ${groupName}` : `Re-allow ${rule} into ${groupName}`,
      cli: [cliFor(!authorize, inverse)],
    },
    blocked,
    unchanged,
    async verify() {
      const [after] = await describeGroups(ctx.aws, target, [intent.groupId]);
      const present = hasRule(after, intent);
      const ok = present === authorize;
      return {
        verified: ok,
        detail: ok
          ? `Verified: ${groupName} ${authorize ? 'now allows' : 'no longer allows'} ${rule}.`
          : `Re-reading ${groupName} shows ${rule} ${present ? 'still allowed' : 'not allowed'}.`,
      };
    },
  };
}
