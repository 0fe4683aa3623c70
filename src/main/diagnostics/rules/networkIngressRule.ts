/** F5: the database's security groups do not admit the environment's instances. */
import { catalogueRef, findingId } from '../findings';
import { type DatabaseLink } from '../network/databaseLinks';
import { managedInstanceGroup } from '../network/environmentNetwork';
import { rulesText } from '../network/securityGroupRules';
import { type FindingDraft, type FixDraft } from '../types';
import type { NetworkEnvironmentFacts, NetworkFacts } from './network';
import {
  engineLabel,
  envResource,
  eventEvidence,
  groupLabel,
  linkEvidence,
  linkParties,
  usableOptionGroupIds,
} from './networkLinks';
export function f5Finding(
  env: NetworkEnvironmentFacts,
  link: DatabaseLink,
  envGroups: readonly string[],
  facts: NetworkFacts,
): FindingDraft {
  const { detail, db, envName, subject } = linkParties(env, link);
  const port = db.endpoint?.port ?? 0;
  const groups = facts.securityGroups;
  const target = db.securityGroupIds[0];
  const attached = usableOptionGroupIds(detail, groups, db.vpcId ?? undefined, true);
  const sourceGroup = managedInstanceGroup(envGroups, groups, attached);
  const engine = engineLabel(db.engine);
  const description = `${engine} from Elastic Beanstalk environment ${envName}`.slice(0, 255);

  const fixes: FixDraft[] =
    target && sourceGroup
      ? [
          {
            id: 'authorize-ingress',
            label: `Allow ${groupLabel(sourceGroup, groups)} on TCP ${port}`,
            description: `Adds an inbound rule to ${groupLabel(target, groups)}: TCP ${port} from ${envName}’s instance security group ${groupLabel(sourceGroup, groups)}, described as "${description}".`,
            recommended: true,
            intent: {
              kind: 'ec2.authorizeIngress',
              groupId: target,
              protocol: 'tcp',
              fromPort: port,
              toPort: port,
              source: { groupId: sourceGroup },
              description,
            },
          },
        ]
      : [];

  return {
    id: findingId('F5', subject, envName),
    rule: 'F5',
    severity: 'critical',
    summary: `${db.id}’s security groups do not admit ${envName} on TCP ${port}`,
    resource: subject,
    environmentName: envName,
    related: [
      envResource(envName),
      ...db.securityGroupIds.map((id) => ({ type: 'security-group' as const, name: id })),
    ],
    evidence: [
      {
        source: 'security-group',
        label: `Inbound rules of ${db.id}’s security groups`,
        text: rulesText(db.securityGroupIds, groups) || `${db.id} has no VPC security groups`,
      },
      {
        source: 'state',
        label: `Security groups of ${envName}’s instances`,
        text: envGroups.map((id) => groupLabel(id, groups)).join(', '),
      },
      ...eventEvidence(link),
      ...linkEvidence(link, detail),
    ],
    explanation:
      `${envName} connects to ${db.id} (${engine}) on TCP ${port}, but none of the database’s security groups allows that port ` +
      `from the environment’s instance security groups or from addresses covering its instances, so connections time out. ` +
      (fixes.length > 0
        ? `The fix adds one inbound rule to ${groupLabel(target ?? '', groups)} naming ${envName}’s instance group, which also covers instances launched later; undo revokes exactly that rule.`
        : 'The database or the environment has no security group to reference, so the rule must be added by hand.'),
    catalogue: catalogueRef('F5'),
    fixes,
    ...(fixes.length === 0
      ? {
          manual: {
            summary: `Allow TCP ${port} into ${db.id} from ${envName}’s instances.`,
            steps: [
              { text: `Give ${db.id} a VPC security group if it has none (RDS console → Modify → Connectivity).` },
              {
                text: `Add an inbound rule: TCP ${port}, source = the instance security group of ${envName}.`,
                command: `aws ec2 authorize-security-group-ingress --group-id <db group> --protocol tcp --port ${port} --source-group <instance group>`,
              },
            ],
            check: `A rule of ${db.id}’s security groups admits TCP ${port} from ${envName}’s instance security group.`,
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------- F12
