/**
 * F7: no region for the app's SDK. Raised only when there is a reason to
 * think the app calls AWS, because a region is noise for an app that never
 * does: the NoRegionError text in events or health causes, or the
 * environment reading AWS resources — it has environmentsecrets entries, a
 * property value that is an ARN, an `s3://` URL or an `*.amazonaws.com`
 * endpoint (RDS endpoints excepted: a database driver needs no region), or
 * a property named after an AWS resource (`PHOTOS_BUCKET`, `*_QUEUE`...).
 */
import type { Evidence } from '../../../shared/contract';
import { isSecretName } from '../../services/secretNames';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext } from '../types';
import { causeEvidence, eventEvidence, hasKind, logEvidence } from './eventText';
import { metricEvidence } from './metricEvidence';
import { NS, stateNote } from './options';
import { envResource, isSet, type Out, type PropertiesEnvironmentFacts } from './propertyFacts';

const REGION_NAMES = ['AWS_DEFAULT_REGION', 'AWS_REGION'];
const AWS_RESOURCE_WORDS = new Set([
  'S3',
  'BUCKET',
  'SQS',
  'QUEUE',
  'SNS',
  'TOPIC',
  'DYNAMO',
  'DYNAMODB',
  'KINESIS',
  'SSM',
  'KMS',
  'SES',
  'REKOGNITION',
  'COGNITO',
  'LAMBDA',
]);

/** Why we believe the app calls AWS, in words; empty when nothing suggests it. */
export function awsUseSignals(facts: PropertiesEnvironmentFacts): string[] {
  const signals: string[] = [];
  const secretCount = Object.keys(facts.secrets).length;
  if (secretCount > 0)
    signals.push(`it reads ${secretCount} environmentsecrets entr${secretCount === 1 ? 'y' : 'ies'}`);
  for (const [name, value] of Object.entries(facts.properties).sort(([a], [b]) => a.localeCompare(b))) {
    if (isSecretName(name)) continue;
    const v = value.trim();
    if (/^arn:aws[\w-]*:/.test(v)) signals.push(`property ${name} holds an ARN`);
    else if (/^s3:\/\//i.test(v)) signals.push(`property ${name} holds an S3 URL`);
    else if (/\.amazonaws\.com(?:\.cn)?\b/i.test(v) && !/\.rds\.amazonaws\.com/i.test(v)) {
      signals.push(`property ${name} holds an AWS endpoint`);
    } else if (
      name
        .toUpperCase()
        .split(/[^A-Z0-9]+/)
        .some((w) => AWS_RESOURCE_WORDS.has(w))
    ) {
      signals.push(`property ${name} names an AWS resource`);
    }
  }
  return signals;
}

export function evaluateRegion(facts: PropertiesEnvironmentFacts, ctx: EvaluationContext, out: Out): void {
  const env = facts.environment;
  const resource = envResource(env);
  const opts = { environmentName: env.name };
  const note = stateNote(env);
  const present = REGION_NAMES.find((n) => isSet(facts, n));
  if (present) {
    const value = facts.properties[present];
    out.checks.push(check('F7', resource, true, `${present} is set${value ? ` (${value})` : ''}.${note}`, opts));
    return;
  }
  const noRegion = hasKind('no-region');
  const textEvidence = [
    ...eventEvidence(facts.events, noRegion),
    ...causeEvidence(env, noRegion),
    ...logEvidence(facts.logs ?? [], noRegion),
  ];
  // Only when the environment's own words tie it to this failure do its metrics explain the finding.
  if (textEvidence.length > 0) textEvidence.push(...metricEvidence(facts.metrics, facts.events));
  const signals = awsUseSignals(facts);
  if (textEvidence.length === 0 && signals.length === 0) {
    out.checks.push(
      check(
        'F7',
        resource,
        true,
        `No region set, but nothing suggests the app calls AWS (no NoRegionError, no environmentsecrets, no AWS resource in the properties).${note}`,
        opts,
      ),
    );
    return;
  }
  const summary = `${env.name}: neither AWS_DEFAULT_REGION nor AWS_REGION is set for the app's AWS SDK`;
  out.checks.push(check('F7', resource, false, summary + note, opts));
  const evidence: Evidence[] = [
    ...textEvidence,
    {
      source: 'setting',
      label: `${NS.properties} (names)`,
      text: Object.keys(facts.properties).sort().join(', ') || '(no properties)',
    },
    ...(signals.length > 0
      ? [{ source: 'state' as const, label: 'Why the app is expected to call AWS', text: signals.join('; ') }]
      : []),
  ];
  out.findings.push({
    id: findingId('F7', resource),
    rule: 'F7',
    severity: textEvidence.length > 0 ? 'high' : 'medium',
    summary,
    resource,
    environmentName: env.name,
    related: [],
    evidence,
    explanation:
      `The AWS SDK on the instance (boto3/botocore) needs a region and finds none, so its first AWS call fails with NoRegionError. ` +
      `A region written in an app.ini or a local config file does not reach the app, because Elastic Beanstalk does not read it. ` +
      `Adding the environment property AWS_DEFAULT_REGION=${ctx.region} (the environment's own region) fixes it for every SDK.`,
    catalogue: catalogueRef('F7'),
    fixes: [
      {
        id: 'set-region',
        label: `Set AWS_DEFAULT_REGION=${ctx.region}`,
        description: `Adds the environment property AWS_DEFAULT_REGION=${ctx.region} to ${env.name}; the environment restarts its app with it.`,
        recommended: true,
        intent: {
          kind: 'beanstalk.updateOptions',
          environmentName: env.name,
          set: [{ namespace: NS.properties, optionName: 'AWS_DEFAULT_REGION', value: ctx.region }],
          remove: [],
        },
      },
    ],
  });
}
