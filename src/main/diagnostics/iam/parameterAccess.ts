/**
 * Catalogue F10: the instance-profile role must read every SSM parameter the
 * environment references (environmentsecrets values, and the parameters under
 * a path the user declared). The fix is one inline policy, FetchSSMParameters,
 * scoped to exactly those ARNs, merged with any policy of that name already on
 * the role so none of its statements is lost.
 */
import type { AtomicChangeIntent, Evidence, FindingResource, PrincipalRef } from '../../../shared/contract';
import { NS } from '../beanstalk/options';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext, FindingDraft, FixDraft, RuleOutput } from '../types';
import { describeOption, NS_LAUNCH, type NamedByOption } from './environmentPrincipals';
import { mergeInlinePolicy } from './inlinePolicies';
import { parameterNamesOfArn } from './parameterArns';
import { verdictEvidence, type Verdict } from './verdicts';

export const FETCH_POLICY = 'FetchSSMParameters';
export const NS_SECRETS = NS.secrets;

export interface ReferencedParameter {
  arn: string;
  /** The environmentsecrets name, or absent for a parameter found under the declared path. */
  secretName?: string;
  /** The parameter's name when it exists. */
  name?: string;
  /** undefined when the parameter list could not be read. */
  exists?: boolean;
  /** DescribeParameters KeyId, for SecureStrings. */
  keyId?: string;
}

export interface ParameterAccessEnvironment {
  name: string;
  instanceProfile: NamedByOption;
  instanceRole: { name: string; arn: string };
  /** The role's current FetchSSMParameters document, when it has one. */
  existingPolicy?: string;
  declaredPath?: string;
  parameters: ReferencedParameter[];
  /** ssm:GetParameter per parameter ARN. */
  verdicts: Verdict[];
  /**
   * The environment is Ready but not Green. Secrets are fetched while an
   * instance bootstraps, so a deployment that already failed on them only
   * recovers when the instances are rebuilt after the grant.
   */
  failing?: boolean;
  /** Log lines in which the instances failed to fetch secrets, when the scan read logs. */
  logEvidence?: Evidence[];
}

/** The KMS resource to allow kms:Decrypt on, or undefined for the AWS managed key (which needs no IAM grant). */
export function customerKey(
  keyId: string | undefined,
  ctx: { partition: string; region: string; account: string },
): { arn: string; alias?: string } | undefined {
  if (!keyId || keyId === 'alias/aws/ssm' || keyId.endsWith(':alias/aws/ssm')) return undefined;
  if (keyId.startsWith('arn:')) {
    const alias = /:alias\/(.+)$/.exec(keyId)?.[1];
    return alias
      ? { arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/*`, alias: `alias/${alias}` }
      : { arn: keyId };
  }
  if (keyId.startsWith('alias/'))
    return { arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/*`, alias: keyId };
  return { arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/${keyId}` };
}

function fetchPolicyDocument(env: ParameterAccessEnvironment, arns: string[], ctx: EvaluationContext): string {
  let document = mergeInlinePolicy(env.existingPolicy, {
    Sid: 'FetchSSMParameters',
    Effect: 'Allow',
    Action: ['ssm:GetParameter', 'ssm:GetParameters'],
    Resource: arns,
  });
  const keys = env.parameters
    .filter((p) => arns.includes(p.arn))
    .map((p) => customerKey(p.keyId, ctx))
    .filter((k): k is { arn: string; alias?: string } => !!k);
  const direct = [...new Set(keys.filter((k) => !k.alias).map((k) => k.arn))];
  if (direct.length) {
    document = mergeInlinePolicy(document, {
      Sid: 'DecryptSSMParameters',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: direct,
    });
  }
  const aliases = [...new Set(keys.filter((k) => k.alias).map((k) => k.alias ?? ''))];
  if (aliases.length) {
    // IAM authorizes kms:Decrypt on the key, never on an alias: scope by the key's alias instead.
    document = mergeInlinePolicy(document, {
      Sid: 'DecryptSSMParametersByAlias',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [`arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/*`],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': aliases } },
    });
  }
  return document;
}

function missingParameterFinding(
  env: ParameterAccessEnvironment,
  p: ReferencedParameter,
  id: string,
  resource: FindingResource,
): FindingDraft {
  const name = p.name ?? parameterNamesOfArn(p.arn)[0] ?? p.arn;
  return {
    id,
    rule: 'F10',
    severity: p.secretName ? 'critical' : 'high',
    summary: `${env.name} references the SSM parameter ${name}, which does not exist`,
    resource,
    environmentName: env.name,
    related: [{ type: 'environment', name: env.name }],
    evidence: [
      {
        source: 'setting',
        label: p.secretName ? 'environmentsecrets entry' : 'Declared parameter path',
        text: p.secretName ? `${NS_SECRETS} ${p.secretName} = ${p.arn}` : `${env.declaredPath ?? ''} → ${p.arn}`,
      },
      { source: 'state', label: 'SSM', text: `GetParameter ${name}: ParameterNotFound` },
    ],
    explanation:
      `Elastic Beanstalk fetches environmentsecrets when instances start; a reference to a parameter that does not exist makes that fetch fail, whatever the role may read. ` +
      'Create the parameter (see F8 for the values the app needs), or point the entry at the right ARN.',
    catalogue: catalogueRef('F10'),
    fixes: [],
    manual: {
      summary: `Create ${name}, or correct the reference in ${env.name}.`,
      steps: [
        {
          text: `Create the parameter with the value the app expects (SecureString for secrets).`,
          command: `aws ssm put-parameter --name ${name} --type SecureString --value '<value>'`,
        },
        ...(p.secretName
          ? [{ text: `Or point ${p.secretName} at an existing parameter's ARN in ${NS_SECRETS}.` }]
          : []),
      ],
      check: `${name} exists.`,
    },
  };
}

export function evaluateParameterAccess(
  envs: readonly ParameterAccessEnvironment[],
  ctx: EvaluationContext,
): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const env of envs) {
    if (!env.parameters.length) continue;
    for (const p of env.parameters) {
      if (p.exists === undefined) continue;
      const name = p.name ?? parameterNamesOfArn(p.arn)[0] ?? p.arn;
      const resource: FindingResource = { type: 'ssm-parameter', name, arn: p.arn };
      const c = check('F10', resource, p.exists, p.exists ? `${name} exists.` : `${name} does not exist.`, {
        qualifier: env.name,
        environmentName: env.name,
      });
      out.checks.push(c);
      if (!p.exists) out.findings.push(missingParameterFinding(env, p, c.id, resource));
    }
    const subject: FindingResource = { type: 'role', name: env.instanceRole.name, arn: env.instanceRole.arn };
    const opts = { qualifier: env.name, environmentName: env.name };
    if (!env.verdicts.length) continue;
    const denied = env.verdicts.filter((v) => v.decision !== 'allowed');
    if (!denied.length) {
      out.checks.push(
        check(
          'F10',
          subject,
          true,
          `${env.instanceRole.name} may read all ${env.parameters.length} referenced parameters.`,
          opts,
        ),
      );
      continue;
    }
    out.checks.push(
      check(
        'F10',
        subject,
        false,
        `${env.instanceRole.name} may not read ${denied.length} referenced parameter(s).`,
        opts,
      ),
    );
    const deniedArns = [...new Set(denied.map((v) => v.resource).filter((r): r is string => !!r))];
    const fromSecrets = env.parameters.some((p) => p.secretName && deniedArns.includes(p.arn));
    const role: PrincipalRef = { type: 'role', name: env.instanceRole.name };
    const intent: AtomicChangeIntent = {
      kind: 'iam.putInlinePolicy',
      principal: role,
      policyName: FETCH_POLICY,
      document: fetchPolicyDocument(env, deniedArns, ctx),
    };
    const rebuild = fromSecrets && env.failing === true;
    const fix: FixDraft = {
      id: 'fetch-ssm-parameters',
      label: `${env.existingPolicy ? 'Extend' : 'Add'} inline policy ${FETCH_POLICY} on ${env.instanceRole.name}${rebuild ? `, then rebuild ${env.name}` : ''}`,
      description:
        `Allow ssm:GetParameter and ssm:GetParameters on exactly the ${deniedArns.length} parameter ARN(s) ${env.name} references${env.existingPolicy ? `, keeping the statements already in ${FETCH_POLICY}` : ''}; kms:Decrypt is added for parameters encrypted with a customer-managed key.` +
        (rebuild
          ? ` Then rebuild ${env.name}: its instances fetch environmentsecrets while they start, so the failed deployment recovers only on new instances.`
          : ''),
      recommended: true,
      intent: rebuild
        ? {
            kind: 'composite',
            title: `Let ${env.instanceRole.name} read the parameters of ${env.name}, then rebuild it`,
            parts: [intent, { kind: 'beanstalk.rebuild', environmentName: env.name }],
          }
        : intent,
    };
    const secretsEvidence: Evidence[] = env.parameters
      .filter((p) => p.secretName && deniedArns.includes(p.arn))
      .slice(0, 6)
      .map((p) => ({
        source: 'setting',
        label: 'environmentsecrets entry',
        text: `${NS_SECRETS} ${p.secretName ?? ''} = ${p.arn}`,
      }));
    out.findings.push({
      id: findingId('F10', subject, env.name),
      rule: 'F10',
      severity: fromSecrets ? 'critical' : 'high',
      summary: `${env.instanceRole.name}, the instance role of ${env.name}, cannot read ${deniedArns.length} SSM parameter(s) the app needs`,
      resource: subject,
      environmentName: env.name,
      related: [{ type: 'environment', name: env.name }],
      evidence: [
        {
          source: 'setting',
          label: 'Instance profile',
          text: `${describeOption(NS_LAUNCH, 'IamInstanceProfile', env.instanceProfile)} → role ${env.instanceRole.name}`,
        },
        ...(env.declaredPath
          ? [{ source: 'setting' as const, label: 'Declared parameter path', text: env.declaredPath }]
          : []),
        ...secretsEvidence,
        ...(env.logEvidence ?? []),
        ...denied.slice(0, 8).map(verdictEvidence),
      ],
      explanation:
        `The app's secrets are fetched from SSM as the instance-profile role ${env.instanceRole.name}${fromSecrets ? ' (Elastic Beanstalk resolves environmentsecrets when instances start)' : ''}, and that role is not allowed ssm:GetParameter on them, so start-up fails with AccessDenied. ` +
        `The fix adds an inline ${FETCH_POLICY} policy scoped to exactly these ARNs.`,
      catalogue: catalogueRef('F10'),
      fixes: [fix],
    });
  }
  return out;
}
