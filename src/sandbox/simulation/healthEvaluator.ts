/**
 * Derives an environment's problems from the state around it: its deployed
 * bundle, its option settings, IAM, and what its application declares it
 * needs. Nothing here is scripted per scenario; fix the state and the
 * problem goes away on the next evaluation.
 *
 * Problems come in stages, because an earlier failure hides later ones on a
 * real instance: instances that cannot launch run no app, and a deployment
 * that fails never serves requests that could return 5xx.
 *
 * - launch: service role, instance profile, security-group option values;
 * - deploy: bundle download, legacy WSGIPath, environmentsecrets that the
 *   instance role cannot fetch;
 * - runtime: gunicorn WSGIPath, requirements.txt, declared properties and
 *   region, the database the app connects to (network reachability), and
 *   the AWS calls the app makes with the instance role (evaluated with the
 *   IAM policy evaluator on the real resource ARN).
 */
import type { EnvironmentState, HealthColor, HealthStatus, OptionSettingState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import { firstMissingImport, readAppSource, wsgiModuleFile } from './appSource';
import { type BundleView, readBundle } from './bundle';
import { type InstanceIdentity, instanceIdentity } from './instanceRole';
import { instanceProfileName, listValue, NS, optionValue } from './options';
import { GUNICORN_DEFAULT_WSGI_PATH, LEGACY_DEFAULT_WSGI_PATH, platformFacts, type PlatformFacts } from './platform';
import {
  type Diagnosis,
  type EvaluationInput,
  FAILING_5XX,
  type Problem,
  type ProblemEvent,
  SOME_FAILING_5XX,
  WEB_NOT_RUNNING,
} from './problems';
import { appPermissionsProblem, databaseProblem, propertiesProblems } from './runtimeProblems';
import { type EvaluationContext, secretFailure, secretReferences } from './secrets';
import { trustsService } from './trust';
import { iamArn } from '../state/arns';

export type { EvaluationContext } from './secrets';
export type {
  Diagnosis,
  EvaluationInput,
  Problem,
  ProblemCode,
  ProblemDetail,
  ProblemEvent,
  ProblemStage,
} from './problems';

const HEALTH_RANK: Readonly<Record<HealthStatus, number>> = {
  Ok: 0,
  Info: 0,
  NoData: 0,
  Pending: 0,
  Suspended: 0,
  // Without a usable service role EB cannot read health at all; that hides every other verdict.
  Unknown: 4,
  Warning: 1,
  Degraded: 2,
  Severe: 3,
};

/** F16: the `ServiceRole` option names a role EB must be able to assume. Unset means EB's default, which is not checked. */
function serviceRoleProblem(doc: StateDocument, settings: readonly OptionSettingState[]): Problem | undefined {
  const configured = optionValue(settings, NS.environment, 'ServiceRole');
  if (configured === undefined || configured === '') return undefined;
  const roleName = configured.slice(configured.lastIndexOf('/') + 1);
  const role = doc.iam.roles.find((r) => r.name === roleName);
  if (role && trustsService(role.assumeRolePolicyDocument, 'elasticbeanstalk.amazonaws.com')) return undefined;
  const roleArn = iamArn(doc.account, 'role', role?.path ?? '/', roleName);
  const message = `Unable to assume role "${roleArn}". Verify that the role exists and is configured correctly.`;
  return {
    code: 'service-role',
    stage: 'launch',
    health: 'Unknown',
    causes: [message],
    events: [{ severity: 'ERROR', message }],
  };
}

function instanceProfileProblem(doc: StateDocument, settings: readonly OptionSettingState[]): Problem | undefined {
  const configured = optionValue(settings, NS.launchConfiguration, 'IamInstanceProfile');
  const profileName = instanceProfileName(configured ?? 'aws-elasticbeanstalk-ec2-role');
  const profile = doc.iam.instanceProfiles.find((p) => p.name === profileName);
  const roleName = profile?.roleNames[0] ?? profileName;
  const role = doc.iam.roles.find((r) => r.name === roleName);
  if (profile && role && trustsService(role.assumeRolePolicyDocument, 'ec2.amazonaws.com')) return undefined;
  const roleArn = iamArn(doc.account, 'role', role?.path ?? '/', roleName);
  const events: ProblemEvent[] = [];
  if (!profile) {
    events.push({
      severity: 'ERROR',
      message: `The instance profile ${profileName} associated with the environment does not exist.`,
    });
  }
  events.push({
    severity: 'ERROR',
    message: `Unable to assume role "${roleArn}". Verify that the role exists and is configured correctly.`,
  });
  return {
    code: 'instance-profile',
    stage: 'launch',
    health: 'Severe',
    causes: ['None of the instances are sending data.'],
    events,
  };
}

/** F12: `SecurityGroups` values must be IDs in the environment's VPC; names resolve only in the default VPC. */
function securityGroupProblem(doc: StateDocument, settings: readonly OptionSettingState[]): Problem | undefined {
  const explicitVpc = optionValue(settings, NS.vpc, 'VPCId');
  const vpcId = explicitVpc ?? doc.ec2.vpcs.find((v) => v.isDefault)?.id ?? '';
  const values = listValue(optionValue(settings, NS.launchConfiguration, 'SecurityGroups'));
  const reasons: string[] = [];
  for (const value of values) {
    if (value.startsWith('sg-')) {
      const group = doc.ec2.securityGroups.find((g) => g.id === value);
      if (!group) reasons.push(`The security group '${value}' does not exist`);
      else if (group.vpcId !== vpcId) {
        reasons.push(`Security group ${value} and subnet belong to different networks (${group.vpcId}, ${vpcId}).`);
      }
    } else if (
      explicitVpc !== undefined ||
      !doc.ec2.securityGroups.some((g) => g.name === value && g.vpcId === vpcId)
    ) {
      reasons.push(`The security group '${value}' does not exist in VPC '${vpcId}'`);
    }
  }
  const disabled =
    optionValue(settings, NS.launchConfiguration, 'DisableDefaultEC2SecurityGroup')?.toLowerCase() === 'true';
  if (disabled && values.length === 0) {
    reasons.push(
      'DisableDefaultEC2SecurityGroup is true, so you must specify at least one security group in SecurityGroups.',
    );
  }
  if (reasons.length === 0) return undefined;
  return {
    code: 'security-groups',
    stage: 'launch',
    health: 'Severe',
    causes: ['None of the instances are sending data.'],
    events: reasons.map((reason) => ({
      severity: 'ERROR' as const,
      message: `Creating Auto Scaling launch configuration failed Reason: ${reason}`,
    })),
  };
}

function bundleProblem(bundle: BundleView): Problem | undefined {
  if (bundle.kind === 'missing' || bundle.kind === 'unreadable') {
    const reason = bundle.kind === 'missing' ? 'Not Found' : bundle.reason;
    const message = `Unable to download application version from S3 location (Bucket: ${bundle.bucket} Key: ${bundle.key}). Reason: ${reason}`;
    return {
      code: 'bundle',
      stage: 'deploy',
      health: 'Severe',
      causes: ['Command failed on all instances.'],
      events: [{ severity: 'ERROR', message }],
      detail: { kind: 'bundle', error: message },
    };
  }
  return undefined;
}

/** `module:callable` → why gunicorn cannot load it, or undefined when it can; `create_app()` factories are valid callables. */
function gunicornTargetFailure(
  wsgiPath: string,
  files: ReadonlySet<string>,
): { module: string; callable: string; reason: 'module' | 'callable' } | undefined {
  const colon = wsgiPath.lastIndexOf(':');
  const modulePart = colon === -1 ? wsgiPath : wsgiPath.slice(0, colon);
  const callable = colon === -1 ? 'application' : wsgiPath.slice(colon + 1);
  if (!/^[A-Za-z_]\w*(?:\(\))?$/.test(callable)) return { module: modulePart, callable, reason: 'callable' };
  const module = modulePart.replace(/\.py$/, '').replace(/\./g, '/').replace(/^\/+/, '');
  const found = module !== '' && (files.has(`${module}.py`) || files.has(`${module}/__init__.py`));
  return found ? undefined : { module: modulePart, callable, reason: 'module' };
}

function wsgiPathProblem(
  platform: PlatformFacts,
  settings: readonly OptionSettingState[],
  files: ReadonlySet<string>,
): Problem | undefined {
  if (platform.generation === 'legacy') {
    const path = (optionValue(settings, NS.python, 'WSGIPath') ?? LEGACY_DEFAULT_WSGI_PATH).replace(
      /^(?:\.\/|\/)+/,
      '',
    );
    if (files.has(path)) return undefined;
    return {
      code: 'wsgi-path',
      stage: 'deploy',
      health: 'Severe',
      causes: ['Command failed on all instances.'],
      events: [{ severity: 'ERROR', message: 'Your WSGIPath refers to a file that does not exist.' }],
      detail: { kind: 'wsgi-file', path },
    };
  }
  const target = optionValue(settings, NS.python, 'WSGIPath') ?? GUNICORN_DEFAULT_WSGI_PATH;
  const failure = gunicornTargetFailure(target, files);
  if (!failure) return undefined;
  return {
    code: 'wsgi-path',
    stage: 'runtime',
    health: 'Severe',
    causes: [WEB_NOT_RUNNING],
    events: [
      {
        severity: 'ERROR',
        message: `Web server failed to start: gunicorn could not load the WSGI application '${target}' (ModuleNotFoundError or AttributeError).`,
      },
    ],
    detail: { kind: 'wsgi-target', target, ...failure },
  };
}

/** The folder of the WSGI application file, where the sandbox also accepts a requirements.txt. */
function applicationFolder(platform: PlatformFacts, settings: readonly OptionSettingState[]): string {
  const configured = optionValue(settings, NS.python, 'WSGIPath');
  if (configured === undefined) return '';
  const path = platform.generation === 'legacy' ? configured : (configured.split(':')[0]?.replace(/\./g, '/') ?? '');
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash + 1);
}

function requirementsProblem(
  doc: StateDocument,
  env: EnvironmentState,
  input: EvaluationInput,
  platform: PlatformFacts,
  files: ReadonlySet<string>,
): Problem | undefined {
  const settings = input.optionSettings;
  const folder = applicationFolder(platform, settings);
  if (files.has('requirements.txt') || files.has(`${folder}requirements.txt`)) return undefined;
  // Python stops at the first import that nothing installed; read the code to name it.
  const source = readAppSource(doc, env, input.versionLabel);
  const legacy = platform.generation === 'legacy';
  const wsgiPath =
    optionValue(settings, NS.python, 'WSGIPath') ?? (legacy ? LEGACY_DEFAULT_WSGI_PATH : GUNICORN_DEFAULT_WSGI_PATH);
  const { module } = firstMissingImport(source, source && wsgiModuleFile(source, wsgiPath, legacy));
  const nested = [...files].filter((f) => f.endsWith('/requirements.txt'));
  const where = nested.length > 0 ? ` (found only ${nested.join(', ')})` : '';
  return {
    code: 'requirements',
    stage: 'runtime',
    health: 'Severe',
    causes: [platform.generation === 'legacy' ? FAILING_5XX : WEB_NOT_RUNNING],
    events: [
      {
        severity: 'ERROR',
        message: `Application failed with ModuleNotFoundError: No module named '${module}'. No requirements.txt at the root of the source bundle${where}, so no dependencies were installed.`,
      },
    ],
    detail: { kind: 'requirements', module },
  };
}

/** F10: every environmentsecrets parameter must exist and be readable (and decryptable) by the instance role. */
function secretsProblem(
  doc: StateDocument,
  identity: InstanceIdentity | undefined,
  settings: readonly OptionSettingState[],
): Problem | undefined {
  if (!identity) return undefined;
  const failures = secretReferences(doc, settings)
    .map((reference) => secretFailure(doc, identity, reference))
    .filter((failure): failure is string => failure !== undefined);
  if (failures.length === 0) return undefined;
  return {
    code: 'secrets',
    stage: 'deploy',
    health: 'Severe',
    causes: ['Command failed on all instances.'],
    events: failures.map((failure) => ({
      severity: 'ERROR' as const,
      message: `Instance deployment failed to get one or more secrets: ${failure}`,
    })),
    detail: { kind: 'secrets', failures },
  };
}

function collectProblems(
  doc: StateDocument,
  env: EnvironmentState,
  input: EvaluationInput,
  context: EvaluationContext,
): Problem[] {
  const settings = input.optionSettings;
  const launch = [
    serviceRoleProblem(doc, settings),
    instanceProfileProblem(doc, settings),
    securityGroupProblem(doc, settings),
  ].filter((p): p is Problem => p !== undefined);
  if (launch.length > 0) return launch;
  const bundle = readBundle(doc, env, input.versionLabel);
  const unusable = bundleProblem(bundle);
  if (unusable) return [unusable];
  const platform = platformFacts(env.solutionStackName, env.platformArn);
  const identity = instanceIdentity(doc, env, settings);
  const wsgi = platform.python && bundle.kind === 'zip' ? wsgiPathProblem(platform, settings, bundle.files) : undefined;
  // Deployment steps: a failed one ends the deployment, so no app runs to fail at runtime.
  const deploy = [wsgi?.stage === 'deploy' ? wsgi : undefined, secretsProblem(doc, identity, settings)].filter(
    (p): p is Problem => p !== undefined,
  );
  if (deploy.length > 0) return deploy;
  const problems: Problem[] = [];
  if (wsgi) problems.push(wsgi);
  if (platform.python && bundle.kind === 'zip') {
    const requirements = requirementsProblem(doc, env, input, platform, bundle.files);
    if (requirements) problems.push(requirements);
  }
  problems.push(...propertiesProblems(doc, env, settings));
  const declared = doc.elasticbeanstalk.applications.find((a) => a.name === env.applicationName)?.requirements;
  const runtime = [
    databaseProblem(doc, env, settings, declared?.databaseHostProperty, context),
    appPermissionsProblem(doc, identity, settings, declared?.instanceRoleActions, context),
  ].filter((p): p is Problem => p !== undefined);
  return [...problems, ...runtime];
}

export function evaluateEnvironment(
  doc: StateDocument,
  env: EnvironmentState,
  input?: EvaluationInput,
  context: EvaluationContext = {},
): Diagnosis {
  const problems = collectProblems(
    doc,
    env,
    input ?? { optionSettings: env.optionSettings, versionLabel: env.versionLabel },
    context,
  );
  let health: HealthStatus = 'Ok';
  for (const problem of problems) if (HEALTH_RANK[problem.health] > HEALTH_RANK[health]) health = problem.health;
  const all = [...new Set(problems.flatMap((p) => p.causes))];
  // When every request fails, a partial failure rate would only contradict it.
  const causes = all.includes(FAILING_5XX) ? all.filter((c) => c !== SOME_FAILING_5XX) : all;
  return { problems, health, causes, operationFailed: problems.some((p) => p.stage !== 'runtime') };
}

export function healthColor(status: HealthStatus): HealthColor {
  switch (status) {
    case 'Ok':
    case 'Info':
      return 'Green';
    case 'Warning':
      return 'Yellow';
    case 'Degraded':
    case 'Severe':
      return 'Red';
    default:
      return 'Grey';
  }
}
