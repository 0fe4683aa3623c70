/**
 * The environment's dependencies as a graph for the connectivity map. Nodes
 * come from live facts (VPC, subnets, instances, their groups); each edge's
 * verdict comes from the rule checks of the same scan, so the picture and the
 * findings can never disagree.
 */
import type {
  Check,
  ConnectivityEdge,
  ConnectivityMap,
  ConnectivityNode,
  FindingResource,
  RuleId,
} from '../../shared/contract';
import { instanceProfileName } from './beanstalk/options';
import type { EngineOutput } from './engine';
import type { ScanSource, SecurityGroupFact } from './facts';

/**
 * Rules whose checks are about reaching something; configuration-only rules
 * are not drawn. F10 and F16 are drawn as the role → parameter and
 * environment → instance role edges below, with these checks' verdicts.
 */
const EDGE_RULES: ReadonlySet<RuleId> = new Set(['F4', 'F5', 'F6', 'F13']);
const SSM_ARN = /^arn:aws[a-z-]*:ssm:[^:]*:\d*:parameter(\/.*)$/;

const NODE_KIND: Partial<Record<FindingResource['type'], ConnectivityNode['kind']>> = {
  'db-instance': 'database',
  'search-domain': 'search-domain',
  'ssm-parameter': 'ssm-parameter',
  role: 'role',
  'instance-profile': 'role',
  'security-group': 'security-group',
};

const EDGE_LABEL: Partial<Record<RuleId, string>> = {
  F4: 'same VPC',
  F5: 'database port',
  F6: 'app permissions',
  F10: 'ssm:GetParameter',
  F13: 'domain access policy',
  F16: 'assume role',
};

function admitsWorld(group: SecurityGroupFact, port: number): boolean {
  return group.ingress.some(
    (p) =>
      (p.protocol === '-1' || (p.protocol === 'tcp' && (p.fromPort ?? 0) <= port && port <= (p.toPort ?? 65535))) &&
      p.cidrs.some((c) => c === '0.0.0.0/0' || c === '::/0'),
  );
}

export async function buildConnectivityMap(
  source: ScanSource,
  environmentName: string,
  scan: EngineOutput,
): Promise<ConnectivityMap> {
  const nodes = new Map<string, ConnectivityNode>();
  const edges: ConnectivityEdge[] = [];
  const add = (node: ConnectivityNode): void => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
  };
  const envNode = `env:${environmentName}`;
  add({ id: envNode, kind: 'environment', label: environmentName });

  const detail = await source.attempt(`environment ${environmentName}`, [], () => source.environment(environmentName));
  const [vpcs, subnets, groups] = await Promise.all([
    source.attempt('VPCs', ['F4'], () => source.vpcs()),
    source.attempt('subnets', ['F4'], () => source.subnets()),
    source.attempt('security groups', ['F5', 'F12'], () => source.securityGroups()),
  ]);
  const instances = detail?.instances ?? [];
  for (const instance of instances) {
    const subnet = subnets?.find((s) => s.id === instance.subnetId);
    const vpc = vpcs?.find((v) => v.id === (subnet?.vpcId ?? instance.vpcId));
    if (vpc) {
      add({
        id: `vpc:${vpc.id}`,
        kind: 'vpc',
        label: vpc.name ? `${vpc.name} (${vpc.id})` : vpc.id,
        detail: [vpc.cidr, vpc.isDefault ? 'default VPC' : undefined].filter(Boolean).join(', '),
      });
    }
    if (subnet) {
      add({
        id: `subnet:${subnet.id}`,
        kind: 'subnet',
        label: subnet.name ? `${subnet.name} (${subnet.id})` : subnet.id,
        detail: [subnet.cidr, subnet.availabilityZone, subnet.mapPublicIp ? 'public' : 'private']
          .filter(Boolean)
          .join(', '),
        ...(vpc ? { parent: `vpc:${vpc.id}` } : {}),
      });
    }
    const instanceNode = `instance:${instance.instanceId}`;
    add({
      id: instanceNode,
      kind: 'instance',
      label: instance.instanceId,
      detail: [instance.privateIp, instance.state].filter(Boolean).join(', '),
      ...(subnet ? { parent: `subnet:${subnet.id}` } : vpc ? { parent: `vpc:${vpc.id}` } : {}),
    });
    edges.push({
      id: `runs:${instance.instanceId}`,
      from: envNode,
      to: instanceNode,
      label: 'runs on',
      status: instance.state === 'running' || instance.state === undefined ? 'allowed' : 'unknown',
      reason: `Instance ${instance.instanceId} is ${instance.state ?? 'in an unknown state'}.`,
    });
    for (const groupId of instance.securityGroupIds) {
      const group = groups?.find((g) => g.id === groupId);
      add({
        id: `sg:${groupId}`,
        kind: 'security-group',
        label: group ? `${group.name} (${groupId})` : groupId,
        ...(group ? { detail: group.description } : {}),
      });
      if (!edges.some((e) => e.id === `member:${instance.instanceId}:${groupId}`)) {
        edges.push({
          id: `member:${instance.instanceId}:${groupId}`,
          from: instanceNode,
          to: `sg:${groupId}`,
          label: 'member of',
          status: 'allowed',
          reason: `${instance.instanceId} carries ${groupId}.`,
        });
      }
    }
  }
  if (instances.length === 0) {
    add({ id: 'instance:none', kind: 'instance', label: 'no running instances' });
  }

  const instanceGroups = new Set(instances.flatMap((i) => i.securityGroupIds));
  const web = groups?.filter((g) => instanceGroups.has(g.id)) ?? [];
  add({ id: 'internet', kind: 'internet', label: 'Internet' });
  const open = web.some((g) => admitsWorld(g, 80) || admitsWorld(g, 443));
  edges.push({
    id: 'internet:http',
    from: 'internet',
    to: envNode,
    label: 'HTTP',
    status: web.length === 0 ? 'unknown' : open ? 'allowed' : 'broken',
    reason:
      web.length === 0
        ? 'The instances’ security groups could not be read.'
        : open
          ? 'An instance security group admits HTTP from anywhere (or the load balancer fronts it).'
          : 'No instance security group admits HTTP (80/443) from the internet.',
  });

  // The role the app runs as, and the SSM parameters it must read as that role.
  const profileName = instanceProfileName(detail?.options ?? []);
  const profile = detail
    ? await source.attempt(`instance profile ${profileName}`, ['F16'], () => source.instanceProfile(profileName))
    : undefined;
  const roleName = profile?.roleNames[0];
  const roleNode = roleName ? `role:${roleName}` : `role:profile/${profileName}`;
  const mine = scan.checks.filter((c) => c.environmentName === environmentName);
  const profileCheck = mine.find((c) => c.rule === 'F16' && c.subject.type === 'instance-profile');
  add({
    id: roleNode,
    kind: 'role',
    label: roleName ?? `${profileName} (missing)`,
    detail: `instance profile ${profileName}`,
  });
  edges.push({
    id: `runs-as:${profileName}`,
    from: envNode,
    to: roleNode,
    label: 'runs as',
    status: profileCheck ? (profileCheck.passed ? 'allowed' : 'broken') : roleName ? 'allowed' : 'unknown',
    reason:
      profileCheck?.detail ??
      (roleName
        ? `The instances run as ${roleName} through instance profile ${profileName}.`
        : `Instance profile ${profileName} could not be resolved.`),
    ...(profileCheck && !profileCheck.passed ? { findingId: profileCheck.id } : {}),
  });
  const readCheck = mine.find((c) => c.rule === 'F10' && c.subject.type === 'role');
  for (const arn of Object.values(detail?.secrets ?? {})) {
    const name = SSM_ARN.exec(arn)?.[1];
    if (!name) continue;
    const missing = mine.find((c) => c.rule === 'F10' && c.subject.type === 'ssm-parameter' && c.subject.name === name);
    const verdict = missing && !missing.passed ? missing : readCheck;
    add({ id: `ssm-parameter:${name}`, kind: 'ssm-parameter', label: name, detail: arn });
    edges.push({
      id: `reads:${name}`,
      from: roleNode,
      to: `ssm-parameter:${name}`,
      label: 'ssm:GetParameter',
      status: verdict ? (verdict.passed ? 'allowed' : 'broken') : 'unknown',
      reason: verdict?.detail ?? 'Not checked: the instance role is unknown.',
      ...(verdict && !verdict.passed ? { findingId: verdict.id } : {}),
    });
  }

  // One edge per (rule, subject): several checks of one rule on one subject fold into one verdict.
  const relevant = scan.checks.filter((c) => c.environmentName === environmentName && EDGE_RULES.has(c.rule));
  const grouped = new Map<string, Check[]>();
  for (const c of relevant) {
    const key = `${c.rule}|${c.subject.type}/${c.subject.name}`;
    grouped.set(key, [...(grouped.get(key) ?? []), c]);
  }
  for (const [key, checks] of grouped) {
    const first = checks[0];
    if (!first) continue;
    const kind = NODE_KIND[first.subject.type] ?? 'role';
    const nodeId = `${kind}:${first.subject.name}`;
    add({ id: nodeId, kind, label: first.subject.name, ...(first.subject.arn ? { detail: first.subject.arn } : {}) });
    const failed = checks.find((c) => !c.passed);
    edges.push({
      id: `check:${key}`,
      from: envNode,
      to: nodeId,
      label: EDGE_LABEL[first.rule] ?? first.rule,
      status: failed ? 'broken' : 'allowed',
      reason: (failed ?? first).detail,
      ...(failed ? { findingId: failed.id } : {}),
    });
  }
  return { environmentName, nodes: [...nodes.values()], edges, problems: scan.problems };
}
