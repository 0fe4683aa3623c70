/**
 * F8: required properties that are neither set nor delivered as secrets.
 * Required = declared in the settings ∪ names the app complained about in
 * events (KeyError, "missing environment properties") ∪ leaf names of the
 * parameters under the declared path.
 */
import type { Evidence, ManualFix } from '../../../shared/contract';
import type { AtomicChangeIntent, ChangeIntent } from '../../../shared/contract/changes';
import { isSecretName } from '../../services/secretNames';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext, FixDraft } from '../types';
import { causeEvidence, eventEvidence, hasKind, logEvidence, parsedOfKind } from './eventText';
import { metricEvidence } from './metricEvidence';
import { NS, stateNote } from './options';
import { leafName, normalisePath, parameterArn, secretsPathFor } from './parameters';
import { envResource, isSet, type Out, parameterLeaf, type PropertiesEnvironmentFacts } from './propertyFacts';
import { shellWord } from './rebundle';

type RequirementSource = 'declared' | 'event' | 'parameter' | 'code';

export interface Requirement {
  name: string;
  sources: RequirementSource[];
  /** The parameter under the declared path (or already at the target path) that can back it. */
  parameter?: { name: string; arn: string };
}

/** Every required property name with where the requirement comes from; sorted by name. */
export function requiredProperties(facts: PropertiesEnvironmentFacts, ctx: EvaluationContext): Requirement[] {
  const env = facts.environment;
  const byName = new Map<string, Requirement>();
  const add = (name: string, source: RequirementSource): void => {
    const entry = byName.get(name) ?? { name, sources: [] };
    if (!entry.sources.includes(source)) entry.sources.push(source);
    byName.set(name, entry);
  };
  for (const name of ctx.settings.requiredProperties[env.name] ?? []) add(name, 'declared');
  for (const parsed of parsedOfKind(env, facts.events, 'missing-properties', facts.logs)) {
    for (const name of parsed.names) add(name, 'event');
  }
  for (const parameter of facts.declaredParameters ?? []) add(leafName(parameter.name), 'parameter');
  // AWS_* variables are the SDK's own configuration, which F7 covers with its own advice.
  for (const read of facts.codeReads ?? []) if (!read.name.startsWith('AWS_')) add(read.name, 'code');

  const targetPath = secretsPathFor(ctx, env.applicationName, env.name);
  for (const entry of byName.values()) {
    const declared = facts.declaredParameters?.find((p) => leafName(p.name) === entry.name);
    if (declared) {
      entry.parameter = { name: declared.name, arn: declared.arn ?? parameterArn(ctx, declared.name) };
    } else if (facts.existingTargetParameters.includes(entry.name)) {
      const name = `${targetPath}${entry.name}`;
      entry.parameter = { name, arn: parameterArn(ctx, name) };
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function missingProperties(facts: PropertiesEnvironmentFacts, ctx: EvaluationContext): Requirement[] {
  return requiredProperties(facts, ctx).filter((r) => !isSet(facts, r.name));
}

function describeSources(requirements: readonly Requirement[]): string {
  const of = (s: RequirementSource): string[] => requirements.filter((r) => r.sources.includes(s)).map((r) => r.name);
  const parts = [
    of('declared').length ? `declared: ${of('declared').join(', ')}` : '',
    of('event').length ? `named in events: ${of('event').join(', ')}` : '',
    of('parameter').length ? `under the parameter path: ${of('parameter').join(', ')}` : '',
    of('code').length ? `read by the bundled code: ${of('code').join(', ')}` : '',
  ].filter((p) => p !== '');
  return parts.join('; ');
}

export function evaluateMissing(facts: PropertiesEnvironmentFacts, ctx: EvaluationContext, out: Out): void {
  const env = facts.environment;
  const resource = envResource(env);
  const opts = { environmentName: env.name };
  const note = stateNote(env);
  const required = requiredProperties(facts, ctx);
  const missing = required.filter((r) => !isSet(facts, r.name));
  if (missing.length === 0) {
    // Without the bundle, what the code reads is unknown: "all set" would be a pass nobody checked.
    if (facts.codeUnread) return;
    const detail =
      required.length === 0
        ? 'No required properties are declared, read by the bundled code, named in events, or found under a parameter path.'
        : `All ${required.length} required properties are set (${describeSources(required)}).`;
    out.checks.push(check('F8', resource, true, detail + note, opts));
    return;
  }
  const names = missing.map((m) => m.name);
  const summary = `${env.name}: missing environment ${names.length === 1 ? 'property' : 'properties'} ${names.join(', ')}`;
  out.checks.push(check('F8', resource, false, summary + note, opts));

  const targetPath = secretsPathFor(ctx, env.applicationName, env.name);
  const linked = missing.filter((m) => m.parameter !== undefined);
  const generated = missing.filter(
    (m) => m.parameter === undefined && isSecretName(m.name) && facts.generated[`F8:${m.name}`] !== undefined,
  );
  const manualNames = missing.filter((m) => !linked.includes(m) && !generated.includes(m));

  const puts: AtomicChangeIntent[] = generated.map((m) => ({
    kind: 'ssm.putParameter',
    name: `${targetPath}${parameterLeaf(m.name)}`,
    type: 'SecureString',
    value: facts.generated[`F8:${m.name}`] as string,
    overwrite: false,
    description: `Generated by Trellis for ${env.name}: ${m.name}`,
  }));
  const secretEntries = [
    ...linked.map((m) => ({ namespace: NS.secrets, optionName: m.name, value: m.parameter?.arn ?? '' })),
    ...generated.map((m) => ({
      namespace: NS.secrets,
      optionName: m.name,
      value: parameterArn(ctx, `${targetPath}${parameterLeaf(m.name)}`),
    })),
  ];
  const fixes: FixDraft[] = [];
  if (secretEntries.length > 0) {
    const update: AtomicChangeIntent = {
      kind: 'beanstalk.updateOptions',
      environmentName: env.name,
      set: secretEntries,
      remove: [],
    };
    const intent: ChangeIntent =
      puts.length > 0
        ? {
            kind: 'composite',
            title: `Add missing secrets of ${env.name} from SSM Parameter Store`,
            parts: [...puts, update],
          }
        : update;
    const pieces = [
      linked.length ? `points ${linked.map((m) => `${m.name} at ${m.parameter?.name ?? ''}`).join(', ')}` : '',
      generated.length
        ? `creates SecureString parameters ${generated.map((m) => `${targetPath}${parameterLeaf(m.name)}`).join(', ')} with new random values and points ${generated.map((m) => m.name).join(', ')} at them`
        : '',
    ].filter((p) => p !== '');
    fixes.push({
      id: 'add-secrets',
      label: `Deliver ${secretEntries.map((e) => e.optionName).join(', ')} as environment secrets`,
      description:
        `Adds ${NS.secrets} entries to ${env.name}: ${pieces.join('; ')}. ` +
        'The instance role must be allowed ssm:GetParameter on them; if it is not, that shows up as its own finding (F10).',
      recommended: true,
      intent,
    });
  }
  const manual: ManualFix | undefined =
    manualNames.length > 0
      ? {
          summary: `Set ${manualNames.map((m) => m.name).join(', ')}: only you know their values.`,
          steps: manualNames.map((m) => ({
            text: `Set ${m.name} to the value the app needs${isSecretName(m.name) ? ' (better: store it as a SecureString parameter and add an environmentsecrets entry)' : ''}.`,
            command:
              `aws elasticbeanstalk update-environment --environment-name ${shellWord(env.name)}` +
              ` --option-settings ${shellWord(`Namespace=${NS.properties},OptionName=${m.name},Value=<value>`)} --region ${shellWord(ctx.region)}`,
          })),
          check: `Every required property of ${env.name} is set as a property or an environment secret.`,
        }
      : undefined;

  const missingText = hasKind('missing-properties');
  const textEvidence = [
    ...eventEvidence(facts.events, missingText),
    ...causeEvidence(env, missingText),
    ...logEvidence(facts.logs ?? [], missingText),
  ];
  // Only when the environment's own words tie it to this failure do its metrics explain the finding.
  if (textEvidence.length > 0) textEvidence.push(...metricEvidence(facts.metrics, facts.events));
  const declared = ctx.settings.requiredProperties[env.name];
  const declaredPath = ctx.settings.parameterPaths[env.name];
  const evidence: Evidence[] = [
    ...textEvidence,
    ...(declared && declared.length > 0
      ? [{ source: 'state' as const, label: 'Declared as required in Trellis settings', text: declared.join(', ') }]
      : []),
    ...(declaredPath && facts.declaredParameters
      ? [
          {
            source: 'state' as const,
            label: `SSM parameters under ${normalisePath(declaredPath)}`,
            text: facts.declaredParameters.map((p) => leafName(p.name)).join(', ') || '(none)',
          },
        ]
      : []),
    ...missing
      .map((m) => facts.codeReads?.find((r) => r.name === m.name))
      .filter((r): r is { name: string; file: string; line: number } => r !== undefined)
      .map((r) => ({
        source: 'bundle' as const,
        label: `Read by ${r.file}:${r.line} in the deployed bundle, with no default`,
        text: `os.environ['${r.name}']`,
      })),
    {
      source: 'setting',
      label: 'Properties and secrets set',
      text: [...Object.keys(facts.properties), ...Object.keys(facts.secrets)].sort().join(', ') || '(none)',
    },
  ];
  out.findings.push({
    id: findingId('F8', resource),
    rule: 'F8',
    severity: textEvidence.length > 0 ? 'critical' : 'high',
    summary,
    resource,
    environmentName: env.name,
    related: linked.map((m) => ({
      type: 'ssm-parameter' as const,
      name: m.parameter?.name ?? '',
      arn: m.parameter?.arn,
    })),
    evidence,
    explanation:
      `The app reads ${names.join(', ')} from its environment and fails (HTTP 500, KeyError) when ${names.length === 1 ? 'it is' : 'they are'} not set. ` +
      (linked.length || generated.length
        ? 'Secrets are best delivered as environmentsecrets entries that point at SSM parameters, so their values never sit in the environment configuration. '
        : '') +
      (manualNames.length ? 'Plain values have to come from you: the console cannot invent them.' : ''),
    catalogue: catalogueRef('F8'),
    fixes,
    ...(manual ? { manual } : {}),
  });
}
