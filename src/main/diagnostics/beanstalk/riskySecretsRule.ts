/**
 * F9: credentials whose characters break ini, shell or URL contexts, in
 * credential-looking SSM parameters the environments use (referenced by
 * environmentsecrets or under a declared path) and in plain properties.
 * Findings name character classes and a fingerprint, never the value.
 */
import type { FindingResource, ManualFix } from '../../../shared/contract';
import { fingerprint, isSecretName } from '../../services/secretNames';
import type { ParameterFact } from '../facts';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext, FindingDraft, FixDraft } from '../types';
import { NS, stateNote } from './options';
import { leafName, parameterArn } from './parameters';
import { envResource, type Out, type PropertiesEnvironmentFacts } from './propertyFacts';
import { shellWord } from './rebundle';
import { describeRisky, riskyCharacters } from './secretCharacters';

interface RiskyParameter {
  parameter: ParameterFact;
  arn: string;
  environments: string[];
}

export function credentialParameters(facts: PropertiesEnvironmentFacts): ParameterFact[] {
  const all = [...(facts.declaredParameters ?? []), ...Object.values(facts.referencedParameters)];
  const unique = new Map<string, ParameterFact>();
  for (const p of all) {
    if ((p.type === 'SecureString' || p.type === 'String') && isSecretName(leafName(p.name))) unique.set(p.name, p);
  }
  return [...unique.values()];
}

export function riskyPropertyNames(facts: PropertiesEnvironmentFacts): string[] {
  return Object.entries(facts.properties)
    .filter(([name, value]) => isSecretName(name) && riskyCharacters(value).length > 0)
    .map(([name]) => name)
    .sort();
}

function rotationSteps(
  subject: string,
  storeStep: ManualFix['steps'][number],
  restart: string[],
  region: string,
): ManualFix {
  return {
    summary: `Rotate ${subject} to a value of letters and digits only, and deliver it through environmentsecrets.`,
    steps: [
      { text: 'Choose a new value of letters and digits only, at least 20 characters long.' },
      {
        text: 'Change the credential at its source first, e.g. the database user (MySQL, then PostgreSQL form):',
        command: "ALTER USER '<user>'@'%' IDENTIFIED BY '<new value>';",
      },
      { text: 'PostgreSQL:', command: "ALTER USER <user> WITH PASSWORD '<new value>';" },
      storeStep,
      ...restart.map((env) => ({
        text: `Restart the app of ${env} so it reads the new value; keep the value out of ini and .env files.`,
        command: `aws elasticbeanstalk restart-app-server --environment-name ${shellWord(env)} --region ${shellWord(region)}`,
      })),
    ],
    check: `The value of ${subject} has none of the characters that break ini, shell or URL contexts.`,
  };
}

const F9_EXPLANATION =
  'These characters are taken literally by Parameter Store and environmentsecrets, but change meaning once the value is copied into an ini file, a shell line, a .env file or a database URL: the app then connects with a different password than the database has. ' +
  'Rotating the credential to letters and digits removes the risk everywhere; delivering it only through environmentsecrets avoids the config files that mangle it.';

function riskyParameterFinding(
  entry: RiskyParameter,
  value: string,
  generated: string | undefined,
  ctx: EvaluationContext,
): FindingDraft {
  const { parameter } = entry;
  const resource: FindingResource = { type: 'ssm-parameter', name: parameter.name, arn: entry.arn };
  const found = riskyCharacters(value);
  const fixes: FixDraft[] = generated
    ? [
        {
          id: 'put-generated',
          label: `Store a new letters-and-digits value in ${parameter.name}`,
          description:
            `Writes a new random value (32 letters and digits) as a new version of ${parameter.name}. ` +
            'WARNING: change the password at its source (e.g. the database user) to the same value, or the app stops connecting; reveal the new value on the Parameters page after applying. Undo restores the previous version from the parameter history.',
          recommended: false,
          intent: {
            kind: 'ssm.putParameter',
            name: parameter.name,
            type: parameter.type === 'String' ? 'String' : 'SecureString',
            value: generated,
            overwrite: true,
            description: 'Rotated by Trellis to letters and digits only',
          },
        },
      ]
    : [];
  return {
    id: findingId('F9', resource),
    rule: 'F9',
    severity: 'medium',
    summary: `Parameter ${parameter.name} holds a credential with characters that break config files: ${found.map((f) => (f.char === ' ' ? 'space' : f.char)).join(' ')}`,
    resource,
    ...(entry.environments.length === 1 ? { environmentName: entry.environments[0] } : {}),
    related: entry.environments.map((name) => ({ type: 'environment' as const, name })),
    evidence: [
      {
        source: 'state',
        label: `${parameter.type} parameter ${parameter.name} (version ${parameter.version})`,
        text: `value ${fingerprint(value)} contains ${describeRisky(found)}`,
      },
      ...found.map((f) => ({ source: 'text' as const, label: `Why ${f.name} is risky`, text: f.danger })),
    ],
    explanation: F9_EXPLANATION,
    catalogue: catalogueRef('F9'),
    fixes,
    manual: rotationSteps(
      parameter.name,
      {
        text: 'Store the new value; the parameter history keeps the old version for undo.',
        command: `aws ssm put-parameter --name ${shellWord(parameter.name)} --type ${parameter.type === 'String' ? 'String' : 'SecureString'} --value '<new value>' --overwrite --region ${shellWord(ctx.region)}`,
      },
      entry.environments,
      ctx.region,
    ),
  };
}

export function evaluateRiskyProperties(facts: PropertiesEnvironmentFacts, ctx: EvaluationContext, out: Out): void {
  const env = facts.environment;
  const resource = envResource(env);
  const opts = { environmentName: env.name };
  const note = stateNote(env);
  for (const name of Object.keys(facts.properties).filter(isSecretName).sort()) {
    const value = facts.properties[name] as string;
    const found = riskyCharacters(value);
    const checkOpts = { ...opts, qualifier: name };
    if (found.length === 0) {
      out.checks.push(
        check('F9', resource, true, `${name}: letters, digits and safe punctuation only.${note}`, checkOpts),
      );
      continue;
    }
    const summary = `${env.name}: property ${name} holds a credential with characters that break config files: ${found.map((f) => (f.char === ' ' ? 'space' : f.char)).join(' ')}`;
    out.checks.push(check('F9', resource, false, summary + note, checkOpts));
    const generated = facts.generated[`F9@${name}`];
    out.findings.push({
      id: findingId('F9', resource, name),
      rule: 'F9',
      severity: 'medium',
      summary,
      resource,
      environmentName: env.name,
      related: [],
      evidence: [
        {
          source: 'setting',
          label: `${NS.properties} ${name}`,
          text: `value ${fingerprint(value)} contains ${describeRisky(found)}`,
        },
        ...found.map((f) => ({ source: 'text' as const, label: `Why ${f.name} is risky`, text: f.danger })),
      ],
      explanation: F9_EXPLANATION,
      catalogue: catalogueRef('F9'),
      fixes: generated
        ? [
            {
              id: 'set-generated',
              label: `Set ${name} to a new letters-and-digits value`,
              description:
                `Replaces the value of ${name} on ${env.name} with a new random value (32 letters and digits). ` +
                'WARNING: change the password at its source (e.g. the database user) to the same value, or the app stops connecting; reveal the new value on the Configuration page after applying. Better still, move it to SSM (F11).',
              recommended: false,
              intent: {
                kind: 'beanstalk.updateOptions',
                environmentName: env.name,
                set: [{ namespace: NS.properties, optionName: name, value: generated }],
                remove: [],
              },
            },
          ]
        : [],
      manual: rotationSteps(
        `${name} of ${env.name}`,
        {
          text: 'Store the new value as a SecureString parameter and point an environmentsecrets entry at it (see F11), or at least set the property to it.',
          command:
            `aws elasticbeanstalk update-environment --environment-name ${shellWord(env.name)}` +
            ` --option-settings ${shellWord(`Namespace=${NS.properties},OptionName=${name},Value=<new value>`)} --region ${shellWord(ctx.region)}`,
        },
        [],
        ctx.region,
      ),
    });
  }
}

export function evaluateRiskyParameters(
  environments: readonly PropertiesEnvironmentFacts[],
  ctx: EvaluationContext,
  out: Out,
): void {
  const byName = new Map<string, RiskyParameter & { value?: string; generated?: string }>();
  for (const facts of environments) {
    for (const parameter of credentialParameters(facts)) {
      const entry = byName.get(parameter.name) ?? {
        parameter,
        arn: parameter.arn ?? parameterArn(ctx, parameter.name),
        environments: [],
      };
      if (!entry.environments.includes(facts.environment.name)) entry.environments.push(facts.environment.name);
      const value = facts.parameterValues[parameter.name];
      if (value !== undefined) entry.value = value;
      const generated = facts.generated[`F9:${parameter.name}`];
      if (generated !== undefined) entry.generated = generated;
      byName.set(parameter.name, entry);
    }
  }
  for (const entry of [...byName.values()].sort((a, b) => a.parameter.name.localeCompare(b.parameter.name))) {
    entry.environments.sort();
    // A value that could not be read is a scan problem, not a verdict.
    if (entry.value === undefined) continue;
    const resource: FindingResource = { type: 'ssm-parameter', name: entry.parameter.name, arn: entry.arn };
    const opts = entry.environments.length === 1 ? { environmentName: entry.environments[0] as string } : {};
    if (riskyCharacters(entry.value).length === 0) {
      out.checks.push(
        check('F9', resource, true, `${entry.parameter.name}: letters, digits and safe punctuation only.`, opts),
      );
      continue;
    }
    const finding = riskyParameterFinding(entry, entry.value, entry.generated, ctx);
    out.checks.push(check('F9', resource, false, finding.summary, opts));
    out.findings.push(finding);
  }
}
