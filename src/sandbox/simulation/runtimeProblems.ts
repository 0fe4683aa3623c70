/**
 * The problems a running app meets, which show as HTTP 5xx rather than a
 * failed deployment: declared properties and region (F7, F8), the database
 * it connects to (F4, F5) and the AWS calls it makes with the instance role
 * (F6), evaluated with the IAM policy evaluator on the real resource ARN.
 */
import type { EnvironmentState, OptionSettingState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import { connectTimeoutText, databaseForHost, instancesCutOff } from './databaseReach';
import { type InstanceIdentity, instanceMay, notAuthorizedText } from './instanceRole';
import { NS, optionValue, propertyNames } from './options';
import { type DeniedCall, FAILING_5XX, type Problem, SOME_FAILING_5XX } from './problems';
import { environmentInstances } from './provisioning';
import { type EvaluationContext, parameterPlaintext, secretReferences } from './secrets';

export function propertiesProblems(
  doc: StateDocument,
  env: EnvironmentState,
  settings: readonly OptionSettingState[],
): Problem[] {
  const requirements = doc.elasticbeanstalk.applications.find((a) => a.name === env.applicationName)?.requirements;
  if (!requirements) return [];
  const present = propertyNames(settings);
  const problems: Problem[] = [];
  const missing = requirements.environmentProperties.filter((name) => !present.has(name));
  if (missing.length > 0) {
    problems.push({
      code: 'missing-properties',
      stage: 'runtime',
      health: 'Severe',
      causes: [FAILING_5XX],
      events: [
        {
          severity: 'WARN',
          message: `Application returned HTTP 500: KeyError: missing environment ${missing.length === 1 ? 'property' : 'properties'} ${missing.join(', ')}.`,
        },
      ],
      detail: { kind: 'missing-properties', names: missing },
    });
  }
  if (requirements.usesAwsSdk && !present.has('AWS_DEFAULT_REGION') && !present.has('AWS_REGION')) {
    problems.push({
      code: 'no-region',
      stage: 'runtime',
      health: 'Severe',
      causes: [FAILING_5XX],
      events: [
        {
          severity: 'WARN',
          message: 'Application returned HTTP 500: botocore.exceptions.NoRegionError: You must specify a region.',
        },
      ],
      detail: { kind: 'no-region' },
    });
  }
  return problems;
}

/** A property's value as the app sees it: a plain property, or the parameter an environmentsecrets entry points at. */
function resolvedProperty(
  doc: StateDocument,
  settings: readonly OptionSettingState[],
  name: string,
  context: EvaluationContext,
): string | undefined {
  const plain = optionValue(settings, NS.environmentProperties, name);
  if (plain !== undefined) return plain;
  const reference = secretReferences(doc, settings).find((r) => r.propertyName === name);
  return reference?.parameter ? parameterPlaintext(reference.parameter, context) : undefined;
}

/** F4/F5: the database the app connects to must be reachable from every instance. */
export function databaseProblem(
  doc: StateDocument,
  env: EnvironmentState,
  settings: readonly OptionSettingState[],
  hostProperty: string | undefined,
  context: EvaluationContext,
): Problem | undefined {
  if (hostProperty === undefined) return undefined;
  const host = resolvedProperty(doc, settings, hostProperty, context);
  const db = host === undefined ? undefined : databaseForHost(doc, host);
  if (host === undefined || !db) return undefined;
  if (instancesCutOff(doc, db, environmentInstances(doc, env)).length === 0) return undefined;
  const error = connectTimeoutText(db, host.trim());
  return {
    code: 'database',
    stage: 'runtime',
    health: 'Severe',
    causes: [FAILING_5XX],
    events: [{ severity: 'ERROR', message: `Application returned HTTP 500: ${error}` }],
    detail: {
      kind: 'database',
      host: host.trim(),
      port: db.port,
      engine: /postgres/i.test(db.engine) ? 'postgres' : 'mysql',
      error,
    },
  };
}

/** `${NAME}` placeholders filled from the environment's properties; undefined while one has no value. */
function fillPlaceholders(template: string, lookup: (name: string) => string | undefined): string | undefined {
  let unresolved = false;
  const filled = template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const value = lookup(name);
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : filled;
}

/** botocore's error code for AccessDenied differs by protocol: S3 says AccessDenied, JSON services add Exception. */
function clientErrorCode(action: string): string {
  return action.toLowerCase().startsWith('s3:') ? 'AccessDenied' : 'AccessDeniedException';
}

/** F6: what the app calls with the instance profile's credentials must be allowed on the resource it touches. */
export function appPermissionsProblem(
  doc: StateDocument,
  identity: InstanceIdentity | undefined,
  settings: readonly OptionSettingState[],
  actions: readonly { action: string; resource: string }[] | undefined,
  context: EvaluationContext,
): Problem | undefined {
  if (!identity || !actions || actions.length === 0) return undefined;
  const denials: DeniedCall[] = [];
  for (const { action, resource: template } of actions) {
    // A placeholder without a value is the missing-properties problem's to report.
    const resource = fillPlaceholders(template, (name) => resolvedProperty(doc, settings, name, context));
    if (resource === undefined) continue;
    const decision = instanceMay(doc, identity, action, resource);
    if (decision === 'allowed') continue;
    const operation = action.slice(action.indexOf(':') + 1);
    denials.push({
      action,
      operation,
      error: `botocore.exceptions.ClientError: An error occurred (${clientErrorCode(action)}) when calling the ${operation} operation: ${notAuthorizedText(identity, action, resource, decision, true)}`,
    });
  }
  if (denials.length === 0) return undefined;
  return {
    code: 'app-permissions',
    stage: 'runtime',
    health: 'Degraded',
    causes: [SOME_FAILING_5XX],
    events: denials.map((denial) => ({
      severity: 'WARN' as const,
      message: `Application returned HTTP 500: ${denial.error}`,
    })),
    detail: { kind: 'app-permissions', denials },
  };
}
