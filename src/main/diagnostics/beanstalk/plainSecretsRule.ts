/**
 * F11: secret-looking plain properties, moved in one composite: SecureString
 * parameters, environmentsecrets entries in place of the properties, and the
 * F10 inline policy so the instance role can read them.
 */
import type { ManualFix } from '../../../shared/contract';
import type { AtomicChangeIntent } from '../../../shared/contract/changes';
import { fingerprint, isSecretName } from '../../services/secretNames';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext, FixDraft } from '../types';
import { FETCH_POLICY_NAME, mergeFetchPolicy } from './fetchPolicy';
import { NS, stateNote } from './options';
import { parameterArn, secretsPathFor } from './parameters';
import { envResource, type Out, parameterLeaf, type PropertiesEnvironmentFacts } from './propertyFacts';
import { shellWord } from './rebundle';

/** Secret-looking plain properties with a value, sorted by name. */
export function plainSecretNames(facts: Pick<PropertiesEnvironmentFacts, 'properties'>): string[] {
  return Object.entries(facts.properties)
    .filter(([name, value]) => isSecretName(name) && value !== '')
    .map(([name]) => name)
    .sort();
}

const MAX_SECURE_VALUE = 8192;

export function evaluatePlainSecrets(facts: PropertiesEnvironmentFacts, ctx: EvaluationContext, out: Out): void {
  const env = facts.environment;
  const resource = envResource(env);
  const opts = { environmentName: env.name };
  const note = stateNote(env);
  const names = plainSecretNames(facts);
  if (names.length === 0) {
    out.checks.push(
      check(
        'F11',
        resource,
        true,
        `No secret-looking names among ${Object.keys(facts.properties).length} plain properties.${note}`,
        opts,
      ),
    );
    return;
  }
  const summary = `${env.name}: ${names.join(', ')} ${names.length === 1 ? 'sits' : 'sit'} in plain environment properties`;
  out.checks.push(check('F11', resource, false, summary + note, opts));

  const path = secretsPathFor(ctx, env.applicationName, env.name);
  const targets = names.map((name) => {
    const parameterName = `${path}${parameterLeaf(name)}`;
    return { name, parameterName, arn: parameterArn(ctx, parameterName), value: facts.properties[name] as string };
  });
  const fixes: FixDraft[] = [];
  let manual: ManualFix | undefined;
  const role = facts.instanceRole;
  const policy = role?.roleName
    ? mergeFetchPolicy(
        role.fetchPolicy,
        targets.map((t) => t.arn),
      )
    : undefined;
  const policyPart: AtomicChangeIntent[] =
    role?.roleName && typeof policy === 'string'
      ? [
          {
            kind: 'iam.putInlinePolicy',
            principal: { type: 'role', name: role.roleName },
            policyName: FETCH_POLICY_NAME,
            document: policy,
          },
        ]
      : [];
  const automatable =
    targets.length + 1 + policyPart.length <= 20 && targets.every((t) => t.value.length <= MAX_SECURE_VALUE);
  if (automatable) {
    const puts: AtomicChangeIntent[] = targets.map((t) => ({
      kind: 'ssm.putParameter',
      name: t.parameterName,
      type: 'SecureString',
      value: t.value,
      overwrite: facts.existingTargetParameters.includes(parameterLeaf(t.name)),
      description: `Moved by Trellis from environment property ${t.name} of ${env.name}`,
      ...(t.value.length > 4096 ? { tier: 'Advanced' as const } : {}),
    }));
    const update: AtomicChangeIntent = {
      kind: 'beanstalk.updateOptions',
      environmentName: env.name,
      set: targets.map((t) => ({ namespace: NS.secrets, optionName: t.name, value: t.arn })),
      remove: targets.map((t) => ({ namespace: NS.properties, optionName: t.name })),
    };
    const overwritten = targets.filter((t) => facts.existingTargetParameters.includes(parameterLeaf(t.name)));
    const roleNote = !role?.roleName
      ? ` The instance profile ${role?.profileName ?? ''} has no role to grant access to, so the read permission is left to F10/F16.`
      : policy === null
        ? ` The instance role ${role.roleName} can already read them (${FETCH_POLICY_NAME}).`
        : policy === undefined
          ? ` The existing ${FETCH_POLICY_NAME} policy of ${role.roleName} could not be merged safely, so the read permission is left to F10.`
          : ` Then ${FETCH_POLICY_NAME} on the instance role ${role.roleName} allows ssm:GetParameter on exactly these parameters${role.fetchPolicy ? ', merged with its existing statements' : ''}.`;
    fixes.push({
      id: 'move-to-ssm',
      label: `Move ${names.length === 1 ? names[0] : `${names.length} secrets`} to SSM Parameter Store`,
      description:
        `Stores ${targets.map((t) => t.parameterName).join(', ')} as ${targets.length === 1 ? 'a SecureString parameter' : 'SecureString parameters'}, then replaces each plain property with an environmentsecrets entry pointing at its ARN.` +
        (overwritten.length
          ? ` ${overwritten.map((t) => t.parameterName).join(', ')} already exist and get a new version.`
          : '') +
        roleNote +
        ' Undo runs in reverse.',
      recommended: true,
      intent: {
        kind: 'composite',
        title: `Move secrets of ${env.name} to SSM Parameter Store`,
        parts: [...puts, update, ...policyPart],
      },
    });
  } else {
    manual = {
      summary: `Move ${names.join(', ')} to SecureString parameters under ${path} and reference them from environmentsecrets.`,
      steps: targets.flatMap((t) => [
        {
          text: `Store ${t.name} as a SecureString parameter.`,
          command: `aws ssm put-parameter --name ${shellWord(t.parameterName)} --type SecureString --value '<value>' --region ${shellWord(ctx.region)}`,
        },
        {
          text: `Replace the plain property ${t.name} with an environmentsecrets entry.`,
          command:
            `aws elasticbeanstalk update-environment --environment-name ${shellWord(env.name)}` +
            ` --option-settings ${shellWord(`Namespace=${NS.secrets},OptionName=${t.name},Value=${t.arn}`)}` +
            ` --options-to-remove ${shellWord(`Namespace=${NS.properties},OptionName=${t.name}`)} --region ${shellWord(ctx.region)}`,
        },
      ]),
      check: `No secret-looking names remain among the plain properties of ${env.name}.`,
    };
  }
  out.findings.push({
    id: findingId('F11', resource),
    rule: 'F11',
    severity: 'high',
    summary,
    resource,
    environmentName: env.name,
    related: [
      ...targets.map((t) => ({ type: 'ssm-parameter' as const, name: t.parameterName, arn: t.arn })),
      ...(role?.roleName ? [{ type: 'role' as const, name: role.roleName }] : []),
    ],
    evidence: targets.map((t) => ({
      source: 'setting' as const,
      label: `${NS.properties} ${t.name}`,
      text: `plain-text value ${fingerprint(t.value)}`,
    })),
    explanation:
      'Plain environment properties are shown in the console to anyone who can describe the environment, returned by DescribeConfigurationSettings, and written to disk by `eb config save`. ' +
      'SecureString parameters are encrypted and read only by principals allowed ssm:GetParameter; environmentsecrets hands them to the app as the same environment variables, so the app does not change.',
    catalogue: catalogueRef('F11'),
    fixes,
    ...(manual ? { manual } : {}),
  });
}
