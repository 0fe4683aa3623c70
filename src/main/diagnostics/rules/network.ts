/**
 * F4 (the environment is outside its database's VPC), F5 (the database's
 * security groups do not admit the environment) and F12 (SecurityGroups
 * option values EC2 cannot use).
 *
 * An environment is linked to a database as network/databaseLinks.ts says:
 * the endpoint (or a host whose first label is the DB id) appears in a
 * property value, in a decrypted SSM parameter the environment's secrets
 * reference, or in a MySQL/PostgreSQL connection error among its events.
 * F4 is judged first; F5 only makes sense once both sit in one VPC.
 */
import type { DatabaseSummary, RuleId } from '../../../shared/contract';
import type { EnvironmentDetail, ScanSource, SecurityGroupFact, SubnetFact, VpcFact } from '../facts';
import { check } from '../findings';
import { parameterNameFromArn } from '../beanstalk/parameters';
import { linkDatabases } from '../network/databaseLinks';
import { environmentVpc, instanceGroupIds, liveInstances, optionValue } from '../network/environmentNetwork';
import { findAdmission } from '../network/securityGroupRules';
import { runnable, type EvaluationContext, type RuleOutput } from '../types';

import { dbSubject, groupLabel } from './networkLinks';
import { f5Finding } from './networkIngressRule';
import { f12DisableDefault, f12Option, GROUP_OPTIONS } from './networkGroupOptionRule';
import { f4Finding, replacementName } from './networkVpcRule';

export { replacementName };

const RULES: readonly RuleId[] = ['F4', 'F5', 'F12'];

export interface NetworkEnvironmentFacts {
  detail: EnvironmentDetail;
  /** Environment secret name → decrypted SSM value (null when unreadable); read only to link databases. */
  secretValues: Record<string, string | null>;
}

export interface NetworkFacts {
  environments: NetworkEnvironmentFacts[];
  /** Every environment name in the region, so a replacement's name does not collide with one. */
  environmentNames: string[];
  /** Every live environment in the region, so a replacement made earlier is recognised instead of made again. */
  peers?: Array<{ name: string; applicationName: string; status: string; health: string }>;
  databases: DatabaseSummary[];
  securityGroups: SecurityGroupFact[];
  vpcs: VpcFact[];
  subnets: SubnetFact[];
}

// ---------------------------------------------------------------------------------------------- collect

async function secretValuesOf(source: ScanSource, detail: EnvironmentDetail): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  await Promise.all(
    Object.entries(detail.secrets).map(async ([name, arn]) => {
      const parameter = parameterNameFromArn(arn);
      if (!parameter) return;
      const value = await source.attempt(`SSM parameter ${parameter}`, ['F4', 'F5'], () =>
        source.parameterValue(parameter),
      );
      out[name] = value ?? null;
    }),
  );
  return out;
}

export async function collectNetworkFacts(source: ScanSource, ctx: EvaluationContext): Promise<NetworkFacts> {
  const listed = await source.attempt('environments', RULES, () => source.environments());
  const live = (listed ?? []).filter((e) => e.status !== 'Terminated' && e.status !== 'Terminating');
  const names = ctx.environmentName ? [ctx.environmentName] : live.map((e) => e.name);
  const [databases, securityGroups, vpcs, subnets] = await Promise.all([
    source.attempt('RDS databases', ['F4', 'F5'], () => source.databases()),
    source.attempt('security groups', RULES, () => source.securityGroups()),
    source.attempt('VPCs', ['F4', 'F12'], () => source.vpcs()),
    source.attempt('subnets', ['F4'], () => source.subnets()),
  ]);
  const environments = await Promise.all(
    names.map(async (name): Promise<NetworkEnvironmentFacts | undefined> => {
      const detail = await source.attempt(`environment ${name}`, RULES, () => source.environment(name));
      if (!detail) return undefined;
      // Decrypting secrets only matters for linking; skip it when there is no database to link.
      const secretValues = databases && databases.length > 0 ? await secretValuesOf(source, detail) : {};
      return { detail, secretValues };
    }),
  );
  return {
    environments: environments.filter((e): e is NetworkEnvironmentFacts => e !== undefined),
    environmentNames: (listed ?? []).map((e) => e.name),
    peers: (listed ?? []).map(({ name, applicationName, status, health }) => ({
      name,
      applicationName,
      status,
      health,
    })),
    databases: databases ?? [],
    securityGroups: securityGroups ?? [],
    vpcs: vpcs ?? [],
    subnets: subnets ?? [],
  };
}

// ---------------------------------------------------------------------------------------------- helpers

export function evaluateNetwork(facts: NetworkFacts, ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const env of facts.environments) {
    const { detail } = env;
    const envName = detail.environment.name;
    if (ctx.environmentName && envName !== ctx.environmentName) continue;
    const vpc = environmentVpc(detail, facts.vpcs);

    for (const option of GROUP_OPTIONS) {
      const value = optionValue(detail, option.namespace, option.optionName);
      if (value) f12Option(env, option, value, vpc, facts, out);
    }
    f12DisableDefault(env, vpc, out);

    const envGroups = instanceGroupIds(detail, facts.securityGroups, vpc);
    const privateIps = liveInstances(detail).flatMap((i) => (i.privateIp ? [i.privateIp] : []));
    for (const link of linkDatabases(detail, env.secretValues, facts.databases)) {
      const db = link.database;
      if (!db.vpcId || !vpc.vpcId) continue;
      const subject = dbSubject(db);
      const sameVpc = db.vpcId === vpc.vpcId;
      out.checks.push(
        check(
          'F4',
          subject,
          sameVpc,
          sameVpc
            ? `${envName} and ${db.id} are both in ${db.vpcId}`
            : `${envName} is in ${vpc.vpcId}, ${db.id} in ${db.vpcId}`,
          { qualifier: envName, environmentName: envName },
        ),
      );
      if (!sameVpc) {
        out.findings.push(f4Finding(env, link, vpc, facts));
        continue;
      }
      if (!db.endpoint || (envGroups.length === 0 && privateIps.length === 0)) continue;
      const port = db.endpoint.port;
      const admission = findAdmission(db.securityGroupIds, facts.securityGroups, port, new Set(envGroups), privateIps);
      out.checks.push(
        check(
          'F5',
          subject,
          admission !== undefined,
          admission
            ? `${groupLabel(admission.groupId, facts.securityGroups)} admits ${envName}: ${admission.rule}`
            : `No rule of ${db.securityGroupIds.join(', ') || 'its groups'} admits TCP ${port} from ${envGroups.join(', ') || 'the instances'}`,
          { qualifier: envName, environmentName: envName },
        ),
      );
      if (!admission) out.findings.push(f5Finding(env, link, envGroups, facts));
    }
  }
  return out;
}

export const networkFamily = runnable<NetworkFacts>({
  name: 'network',
  rules: RULES,
  collect: collectNetworkFacts,
  evaluate: evaluateNetwork,
});
