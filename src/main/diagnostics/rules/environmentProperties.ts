/**
 * Environment properties and the secrets behind them: F7 (no region for the
 * SDK), F8 (required properties missing), F9 (credentials with characters
 * that break config files) and F11 (secrets in plain properties). Each rule
 * lives in its own module under ../beanstalk; this family reads the facts
 * they share once.
 *
 * Secret values stay in the facts and in fix intents (main only); findings
 * carry names and fingerprints. New values for fixes are generated here in
 * collect, so evaluate stays pure.
 */
import { isSecretName } from '../../services/secretNames';
import type { EnvironmentDetail, ParameterFact, ScanSource } from '../facts';
import type { EvaluationContext, RuleOutput } from '../types';
import { runnable } from '../types';
import { FETCH_POLICY_NAME } from '../beanstalk/fetchPolicy';
import { generateSafeSecret } from '../beanstalk/generatedSecrets';
import { missingProperties, evaluateMissing } from '../beanstalk/missingPropertiesRule';
import { environmentInstanceProfile, scopedEnvironmentDetails } from '../beanstalk/options';
import { leafName, normalisePath, parameterNameFromArn, parentPath, secretsPathFor } from '../beanstalk/parameters';
import { evaluatePlainSecrets, plainSecretNames } from '../beanstalk/plainSecretsRule';
import type {
  EnvironmentPropertiesFacts,
  InstanceRoleFacts,
  PropertiesEnvironmentFacts,
} from '../beanstalk/propertyFacts';
import { evaluateRegion } from '../beanstalk/regionRule';
import {
  credentialParameters,
  evaluateRiskyParameters,
  evaluateRiskyProperties,
  riskyPropertyNames,
} from '../beanstalk/riskySecretsRule';
import { riskyCharacters } from '../beanstalk/secretCharacters';

export type { EnvironmentPropertiesFacts, InstanceRoleFacts, PropertiesEnvironmentFacts };
export { awsUseSignals } from '../beanstalk/regionRule';
export { missingProperties, requiredProperties, type Requirement } from '../beanstalk/missingPropertiesRule';
export { plainSecretNames } from '../beanstalk/plainSecretsRule';

const RULES = ['F7', 'F8', 'F9', 'F11'] as const;

export function evaluateEnvironmentProperties(facts: EnvironmentPropertiesFacts, ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const env of facts.environments) {
    evaluateRegion(env, ctx, out);
    evaluateMissing(env, ctx, out);
    evaluateRiskyProperties(env, ctx, out);
    evaluatePlainSecrets(env, ctx, out);
  }
  evaluateRiskyParameters(facts.environments, ctx, out);
  return out;
}

async function referencedParameters(
  source: ScanSource,
  secrets: Record<string, string>,
): Promise<Record<string, ParameterFact>> {
  const wanted = Object.entries(secrets).flatMap(([property, arn]) => {
    const name = parameterNameFromArn(arn);
    return name ? [{ property, name }] : [];
  });
  const paths = [...new Set(wanted.map((w) => parentPath(w.name)))];
  const listed = await Promise.all(
    paths.map((path) => source.attempt(`SSM parameters under ${path}`, ['F8', 'F9'], () => source.parameters(path))),
  );
  const known = new Map<string, ParameterFact>();
  for (const list of listed) for (const p of list ?? []) known.set(p.name, p);
  const out: Record<string, ParameterFact> = {};
  for (const w of wanted) {
    const fact = known.get(w.name);
    if (fact) out[w.property] = fact;
  }
  return out;
}

async function collectEnvironment(
  source: ScanSource,
  ctx: EvaluationContext,
  detail: EnvironmentDetail,
): Promise<PropertiesEnvironmentFacts> {
  const env = detail.environment;
  const declaredPath = ctx.settings.parameterPaths[env.name];
  const declaredParameters =
    declaredPath !== undefined && declaredPath.trim() !== ''
      ? await source.attempt(`SSM parameters under ${normalisePath(declaredPath)}`, ['F8', 'F9'], () =>
          source.parameters(normalisePath(declaredPath)),
        )
      : undefined;
  const facts: PropertiesEnvironmentFacts = {
    environment: env,
    options: detail.options,
    properties: detail.properties,
    secrets: detail.secrets,
    events: detail.events,
    logs: detail.logs,
    ...(detail.metrics ? { metrics: detail.metrics } : {}),
    codeReads: (detail.version?.bundle?.environmentReads ?? [])
      .filter((r) => r.required)
      .map(({ name, file, line }) => ({ name, file, line })),
    ...(detail.version?.bundleProblem?.code === 'access-denied' ? { codeUnread: true } : {}),
    ...(declaredParameters ? { declaredParameters } : {}),
    referencedParameters: await referencedParameters(source, detail.secrets),
    parameterValues: {},
    existingTargetParameters: [],
    generated: {},
  };

  for (const parameter of credentialParameters(facts)) {
    const value = await source.attempt(`value of SSM parameter ${parameter.name}`, ['F9'], () =>
      source.parameterValue(parameter.name),
    );
    if (typeof value === 'string') {
      facts.parameterValues[parameter.name] = value;
      if (riskyCharacters(value).length > 0) facts.generated[`F9:${parameter.name}`] = generateSafeSecret();
    }
  }
  for (const name of riskyPropertyNames(facts)) facts.generated[`F9@${name}`] = generateSafeSecret();

  const plain = plainSecretNames(facts);
  const secretLikeMissing = missingProperties(facts, ctx).filter(
    (m) => m.parameter === undefined && isSecretName(m.name),
  );
  if (plain.length > 0 || secretLikeMissing.length > 0) {
    const targetPath = secretsPathFor(ctx, env.applicationName, env.name);
    const existing = await source.attempt(`SSM parameters under ${targetPath}`, ['F8', 'F11'], () =>
      source.parameters(targetPath),
    );
    facts.existingTargetParameters = (existing ?? [])
      .filter((p) => parentPath(p.name) === targetPath)
      .map((p) => leafName(p.name));
    // Existing parameters at the target path are linked rather than regenerated.
    for (const m of missingProperties(facts, ctx)) {
      if (m.parameter === undefined && isSecretName(m.name)) facts.generated[`F8:${m.name}`] = generateSafeSecret();
    }
  }
  if (plain.length > 0) facts.instanceRole = await instanceRoleFacts(source, detail);
  return facts;
}

async function instanceRoleFacts(source: ScanSource, detail: EnvironmentDetail): Promise<InstanceRoleFacts> {
  const profileName = environmentInstanceProfile(detail).name;
  const profile = await source.attempt(`instance profile ${profileName}`, ['F11'], () =>
    source.instanceProfile(profileName),
  );
  const roleName = profile?.roleNames[0];
  if (!roleName) return { profileName };
  const iam = await source.attempt('IAM authorization details', ['F11'], () => source.iam());
  const fetchPolicy = iam?.roles
    .find((r) => r.name === roleName)
    ?.inlinePolicies.find((p) => p.name === FETCH_POLICY_NAME)?.document;
  return { profileName, roleName, ...(fetchPolicy !== undefined ? { fetchPolicy } : {}) };
}

export async function collectEnvironmentProperties(
  source: ScanSource,
  ctx: EvaluationContext,
): Promise<EnvironmentPropertiesFacts> {
  const details = await scopedEnvironmentDetails(source, ctx, RULES);
  const environments: PropertiesEnvironmentFacts[] = [];
  for (const detail of details) environments.push(await collectEnvironment(source, ctx, detail));
  return { environments };
}

export const environmentPropertiesFamily = runnable<EnvironmentPropertiesFacts>({
  name: 'environmentProperties',
  rules: RULES,
  collect: collectEnvironmentProperties,
  evaluate: evaluateEnvironmentProperties,
});
