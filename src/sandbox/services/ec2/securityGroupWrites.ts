/**
 * EC2 security group writes: create, delete, and authorize/revoke ingress.
 * Rules are merged into the stored permission for the same protocol and port
 * range, as EC2 keeps them, and errors carry EC2's own codes and wording so
 * the console's "already exists" handling is tested against the real shape.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../errors';
import { ec2List, type Ec2Action } from '../../protocols/ec2Query';
import type { QueryParams } from '../../protocols/queryParams';
import type { XmlNode } from '../../protocols/xml';
import type { StateDocument } from '../../state/document';
import { newEc2Id } from '../../state/ids';
import type { IpPermissionState, SecurityGroupState } from '../../state/networkState';
import { parseCidr } from '../../../shared/network/ingress';
import { allTrafficOut } from '../../scenarios/network';

type RuleSource = { readonly cidrIp: string } | { readonly cidrIpv6: string } | { readonly groupId: string };

/** One source of one rule: EC2 reports and matches rules at this grain. */
interface RuleRef {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly source: RuleSource;
  readonly description?: string;
}

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };

function normaliseProtocol(raw: string): string {
  const lowered = raw.toLowerCase();
  const mapped = PROTOCOL_NUMBERS[lowered] ?? lowered;
  if (!['tcp', 'udp', 'icmp', '-1'].includes(mapped)) {
    throw new AwsError('InvalidParameterValue', `Invalid value '${raw}' for IP protocol. Unknown protocol.`, 400);
  }
  return mapped;
}

function portParam(params: QueryParams, name: string): number | undefined {
  const text = params.raw(name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new AwsError('InvalidParameterValue', `Invalid value '${text}' for ${name}`, 400);
  return Number(text);
}

function checkPorts(protocol: string, from: number | undefined, to: number | undefined): void {
  if (protocol !== 'tcp' && protocol !== 'udp') return;
  if (from === undefined || to === undefined) {
    throw new AwsError(
      'InvalidParameterValue',
      `Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange`,
      400,
    );
  }
  if (from < 0 || to > 65535 || from > to) {
    throw new AwsError('InvalidParameterValue', `Invalid TCP/UDP port range (${from}:${to})`, 400);
  }
}

function checkCidr(cidr: string): void {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match || match.slice(1, 5).some((o) => Number(o) > 255) || Number(match[5]) > 32) {
    throw new AwsError('InvalidParameterValue', `CIDR block ${cidr} is malformed`, 400);
  }
}

function checkIpv6Cidr(cidr: string): void {
  const parsed = parseCidr(cidr);
  if (!parsed.ok || parsed.cidr.version !== 6 || parsed.cidr.canonical !== cidr) {
    throw new AwsError('InvalidParameterValue', `CIDR block ${cidr} is malformed`, 400);
  }
}

/** Reads `IpPermissions.N…` (and the legacy top-level CidrIp form) into one ref per source. */
function readRules(params: QueryParams): RuleRef[] {
  const rules: RuleRef[] = [];
  const indexes = new Set<number>();
  for (const name of params.names()) {
    const match = /^IpPermissions\.(\d+)\./.exec(name);
    if (match) indexes.add(Number(match[1]));
  }
  for (const n of [...indexes].sort((a, b) => a - b)) {
    const prefix = `IpPermissions.${n}`;
    const ipProtocol = normaliseProtocol(params.raw(`${prefix}.IpProtocol`) ?? '');
    const fromPort = portParam(params, `${prefix}.FromPort`);
    const toPort = portParam(params, `${prefix}.ToPort`);
    checkPorts(ipProtocol, fromPort, toPort);
    const ports = ipProtocol === '-1' ? {} : { fromPort, toPort };
    for (const m of indexedSuffixes(params, `${prefix}.IpRanges`)) {
      const cidrIp = params.raw(`${prefix}.IpRanges.${m}.CidrIp`) ?? '';
      checkCidr(cidrIp);
      rules.push({
        ipProtocol,
        ...ports,
        source: { cidrIp },
        description: params.raw(`${prefix}.IpRanges.${m}.Description`),
      });
    }
    for (const m of indexedSuffixes(params, `${prefix}.Ipv6Ranges`)) {
      const cidrIpv6 = (params.raw(`${prefix}.Ipv6Ranges.${m}.CidrIpv6`) ?? '').toLowerCase();
      checkIpv6Cidr(cidrIpv6);
      rules.push({
        ipProtocol,
        ...ports,
        source: { cidrIpv6 },
        description: params.raw(`${prefix}.Ipv6Ranges.${m}.Description`),
      });
    }
    // The wire name is `Groups` (EC2's locationName); `UserIdGroupPairs` is accepted for hand-written requests.
    for (const list of ['Groups', 'UserIdGroupPairs']) {
      for (const m of indexedSuffixes(params, `${prefix}.${list}`)) {
        const groupId = params.raw(`${prefix}.${list}.${m}.GroupId`) ?? '';
        rules.push({
          ipProtocol,
          ...ports,
          source: { groupId },
          description: params.raw(`${prefix}.${list}.${m}.Description`),
        });
      }
    }
  }
  const cidrIp = params.raw('CidrIp');
  if (cidrIp !== undefined) {
    const ipProtocol = normaliseProtocol(params.raw('IpProtocol') ?? '');
    const fromPort = portParam(params, 'FromPort');
    const toPort = portParam(params, 'ToPort');
    checkPorts(ipProtocol, fromPort, toPort);
    checkCidr(cidrIp);
    rules.push({ ipProtocol, fromPort, toPort, source: { cidrIp } });
  }
  if (rules.length === 0) {
    throw new AwsError('MissingParameter', 'No ip permissions were specified', 400);
  }
  return rules;
}

function indexedSuffixes(params: QueryParams, prefix: string): number[] {
  const found = new Set<number>();
  const escaped = prefix.replace(/\./g, '\\.');
  const pattern = new RegExp(`^${escaped}\\.(\\d+)\\.`);
  for (const name of params.names()) {
    const match = pattern.exec(name);
    if (match) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function findGroup(doc: StateDocument, groupId: string): SecurityGroupState {
  const group = doc.ec2.securityGroups.find((g) => g.id === groupId);
  if (!group) throw new AwsError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`, 400);
  return group;
}

function requiredGroupId(params: QueryParams): string {
  const groupId = params.raw('GroupId');
  if (groupId === undefined || groupId === '') {
    throw new AwsError('MissingParameter', 'The request must contain the parameter groupId', 400);
  }
  if (!/^sg-[0-9a-f]{8,17}$/.test(groupId)) {
    throw new AwsError('InvalidGroupId.Malformed', `Invalid id: "${groupId}" (expecting "sg-...")`, 400);
  }
  return groupId;
}

const samePorts = (p: IpPermissionState, rule: RuleRef) =>
  p.ipProtocol === rule.ipProtocol && p.fromPort === rule.fromPort && p.toPort === rule.toPort;

/** The peer as EC2 names it: a CIDR or a group id. */
function peerOf(source: RuleSource): string {
  if ('cidrIp' in source) return source.cidrIp;
  if ('cidrIpv6' in source) return source.cidrIpv6;
  return source.groupId;
}

/** Every source of a stored permission, one entry per rule. */
function sourcesOf(p: IpPermissionState): Array<{ source: RuleSource; description?: string }> {
  return [
    ...p.ipRanges.map((r) => ({ source: { cidrIp: r.cidrIp }, description: r.description })),
    ...(p.ipv6Ranges ?? []).map((r) => ({ source: { cidrIpv6: r.cidrIpv6 }, description: r.description })),
    ...p.userIdGroupPairs.map((g) => ({ source: { groupId: g.groupId }, description: g.description })),
  ];
}

function hasSource(p: IpPermissionState, rule: RuleRef): boolean {
  return sourcesOf(p).some(({ source }) => peerOf(source) === peerOf(rule.source));
}

/** EC2's text for a rule in its Duplicate message: `peer: sg-…, TCP, from port: 3306, to port: 3306, ALLOW`. */
function describeRule(rule: RuleRef): string {
  const peer = peerOf(rule.source);
  const protocol = rule.ipProtocol === '-1' ? 'ALL' : rule.ipProtocol.toUpperCase();
  const ports =
    rule.fromPort === undefined ? '' : `, from port: ${rule.fromPort}, to port: ${rule.toPort ?? rule.fromPort}`;
  return `peer: ${peer}, ${protocol}${ports}, ALLOW`;
}

/** Rule ids are derived from the rule itself, so they stay stable without being stored. */
export function ruleId(groupId: string, rule: RuleRef): string {
  const source = peerOf(rule.source);
  const key = [groupId, rule.ipProtocol, rule.fromPort ?? '', rule.toPort ?? '', source].join('|');
  return `sgr-${createHash('sha256').update(key).digest('hex').slice(0, 17)}`;
}

function ruleXml(doc: StateDocument, group: SecurityGroupState, rule: RuleRef): XmlNode {
  return {
    securityGroupRuleId: ruleId(group.id, rule),
    groupId: group.id,
    groupOwnerId: doc.account.id,
    isEgress: false,
    ipProtocol: rule.ipProtocol,
    fromPort: rule.fromPort ?? -1,
    toPort: rule.toPort ?? -1,
    cidrIpv4: 'cidrIp' in rule.source ? rule.source.cidrIp : undefined,
    cidrIpv6: 'cidrIpv6' in rule.source ? rule.source.cidrIpv6 : undefined,
    referencedGroupInfo:
      'groupId' in rule.source ? { groupId: rule.source.groupId, userId: doc.account.id } : undefined,
    description: rule.description,
  };
}

const authorizeIngress: Ec2Action = (params, { store }) => {
  const groupId = requiredGroupId(params);
  const rules = readRules(params);
  const doc = store.document;
  const group = findGroup(doc, groupId);
  for (const rule of rules) {
    // The sandbox models no VPC peering, so a group from another VPC is refused as AWS refuses it without one.
    if ('groupId' in rule.source && findGroup(doc, rule.source.groupId).vpcId !== group.vpcId) {
      throw new AwsError(
        'InvalidGroup.NotFound',
        'You have specified two resources that belong to different networks.',
        400,
      );
    }
    if (group.ingress.some((p) => samePorts(p, rule) && hasSource(p, rule))) {
      throw new AwsError(
        'InvalidPermission.Duplicate',
        `the specified rule "${describeRule(rule)}" already exists`,
        400,
      );
    }
  }
  store.mutate((draft) => {
    const target = findGroup(draft, groupId);
    for (const rule of rules) {
      let permission = target.ingress.find((p) => samePorts(p, rule));
      if (!permission) {
        permission = {
          ipProtocol: rule.ipProtocol,
          fromPort: rule.fromPort,
          toPort: rule.toPort,
          ipRanges: [],
          userIdGroupPairs: [],
        };
        if (permission.fromPort === undefined) delete permission.fromPort;
        if (permission.toPort === undefined) delete permission.toPort;
        target.ingress.push(permission);
      }
      const description = rule.description === undefined ? {} : { description: rule.description };
      if ('cidrIp' in rule.source) permission.ipRanges.push({ cidrIp: rule.source.cidrIp, ...description });
      else if ('cidrIpv6' in rule.source) {
        permission.ipv6Ranges = [...(permission.ipv6Ranges ?? []), { cidrIpv6: rule.source.cidrIpv6, ...description }];
      } else permission.userIdGroupPairs.push({ groupId: rule.source.groupId, ...description });
    }
  });
  return { return: true, securityGroupRuleSet: rules.map((rule) => ruleXml(doc, group, rule)) };
};

const revokeIngress: Ec2Action = (params, { store }) => {
  const groupId = requiredGroupId(params);
  const rules = readRules(params);
  const group = findGroup(store.document, groupId);
  for (const rule of rules) {
    if (!group.ingress.some((p) => samePorts(p, rule) && hasSource(p, rule))) {
      throw new AwsError(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
        400,
      );
    }
  }
  store.mutate((draft) => {
    const target = findGroup(draft, groupId);
    for (const rule of rules) {
      for (const p of target.ingress.filter((candidate) => samePorts(candidate, rule))) {
        const peer = peerOf(rule.source);
        p.ipRanges = p.ipRanges.filter((r) => r.cidrIp !== peer);
        if (p.ipv6Ranges) p.ipv6Ranges = p.ipv6Ranges.filter((r) => r.cidrIpv6 !== peer);
        p.userIdGroupPairs = p.userIdGroupPairs.filter((g) => g.groupId !== peer);
      }
      target.ingress = target.ingress.filter((p) => sourcesOf(p).length > 0);
    }
  });
  return { return: true };
};

const createSecurityGroup: Ec2Action = (params, { store }) => {
  const name = params.raw('GroupName') ?? '';
  const description = params.raw('GroupDescription') ?? '';
  if (name === '') throw new AwsError('MissingParameter', 'The request must contain the parameter groupName', 400);
  if (description === '') {
    throw new AwsError('MissingParameter', 'The request must contain the parameter groupDescription', 400);
  }
  if (name.toLowerCase().startsWith('sg-')) {
    throw new AwsError('InvalidParameterValue', 'Group names may not be in the format sg-*.', 400);
  }
  const doc = store.document;
  const vpcId = params.raw('VpcId') ?? doc.ec2.vpcs.find((v) => v.isDefault)?.id ?? '';
  if (!doc.ec2.vpcs.some((v) => v.id === vpcId)) {
    throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`, 400);
  }
  if (doc.ec2.securityGroups.some((g) => g.vpcId === vpcId && g.name === name)) {
    throw new AwsError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`, 400);
  }
  const id = newEc2Id('sg');
  const tags = readTagSpecifications(params);
  store.mutate((draft) => {
    draft.ec2.securityGroups.push({ id, name, description, vpcId, ingress: [], egress: [allTrafficOut()], tags });
  });
  return { return: true, groupId: id, tagSet: tags.map((t) => ({ key: t.key, value: t.value })) };
};

/** `TagSpecification.1.Tag.N.Key/Value` for the resource being created. */
export function readTagSpecifications(params: QueryParams): Array<{ key: string; value: string }> {
  return indexedSuffixes(params, 'TagSpecification.1.Tag').map((n) => ({
    key: params.raw(`TagSpecification.1.Tag.${n}.Key`) ?? '',
    value: params.raw(`TagSpecification.1.Tag.${n}.Value`) ?? '',
  }));
}

const deleteSecurityGroup: Ec2Action = (params, { store }) => {
  const groupId = requiredGroupId(params);
  const doc = store.document;
  const group = findGroup(doc, groupId);
  if (group.name === 'default') {
    throw new AwsError(
      'CannotDelete',
      `the specified group: "${groupId}" name: "default" cannot be deleted by a user`,
      400,
    );
  }
  const referenced =
    doc.ec2.instances.some((i) => i.state !== 'terminated' && i.securityGroupIds.includes(groupId)) ||
    doc.ec2.securityGroups.some(
      (g) => g.id !== groupId && g.ingress.some((p) => p.userIdGroupPairs.some((pair) => pair.groupId === groupId)),
    ) ||
    doc.rds.instances.some((db) => db.vpcSecurityGroupIds.includes(groupId));
  if (referenced) throw new AwsError('DependencyViolation', `resource ${groupId} has a dependent object`, 400);
  store.mutate((draft) => {
    draft.ec2.securityGroups = draft.ec2.securityGroups.filter((g) => g.id !== groupId);
  });
  return { return: true };
};

const describeSecurityGroupRules: Ec2Action = (params, { store }) => {
  const doc = store.document;
  const ids = ec2List(params, 'SecurityGroupRuleId');
  const groupFilter = params.raw('Filter.1.Name') === 'group-id' ? ec2List(params, 'Filter.1.Value') : [];
  const rules = doc.ec2.securityGroups
    .filter((g) => groupFilter.length === 0 || groupFilter.includes(g.id))
    .flatMap((g) =>
      g.ingress.flatMap((p) =>
        sourcesOf(p).map(({ source, description }) => ({
          g,
          rule: { ipProtocol: p.ipProtocol, fromPort: p.fromPort, toPort: p.toPort, source, description },
        })),
      ),
    )
    .filter(({ g, rule }) => ids.length === 0 || ids.includes(ruleId(g.id, rule)));
  return { securityGroupRuleSet: rules.map(({ g, rule }) => ruleXml(doc, g, rule)) };
};

export const securityGroupWriteActions: ReadonlyArray<[string, Ec2Action]> = [
  ['CreateSecurityGroup', createSecurityGroup],
  ['DeleteSecurityGroup', deleteSecurityGroup],
  ['AuthorizeSecurityGroupIngress', authorizeIngress],
  ['RevokeSecurityGroupIngress', revokeIngress],
  ['DescribeSecurityGroupRules', describeSecurityGroupRules],
];
