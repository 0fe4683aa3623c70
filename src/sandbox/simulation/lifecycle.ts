/**
 * Environment operations on the sandbox clock. An operation records when it
 * will complete; nothing runs in the background. Every request first settles
 * operations whose time has come, so the state a client reads is always the
 * state at `now()`, however long the sandbox sat idle.
 */
import { isoSeconds } from '../protocols/xml';
import type { EnvironmentOperation, EnvironmentState, HealthStatus, OptionSettingState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';
import { addEnvironmentEvent } from './events';
import { type Diagnosis, type EvaluationContext, evaluateEnvironment } from './healthEvaluator';
import { recordHealthReportingChange } from './metrics/publishing';
import { deleteManagedSecurityGroup, environmentInstances, launchInstances, terminateInstances } from './provisioning';

/** Simulated durations: long enough to observe Updating/Launching, short enough for tests to skip with the clock. */
export const OPERATION_DURATION_MS: Readonly<Record<EnvironmentOperation['kind'], number>> = {
  launch: 30_000,
  update: 15_000,
  deploy: 15_000,
  rebuild: 30_000,
  restart: 15_000,
  terminate: 15_000,
};

const START_MESSAGES: Readonly<Record<EnvironmentOperation['kind'], (env: EnvironmentState) => string[]>> = {
  launch: () => ['createEnvironment is starting.'],
  update: (env) => ['Environment update is starting.', `Updating environment ${env.name}'s configuration settings.`],
  deploy: () => ['Environment update is starting.', 'Deploying new version to instance(s).'],
  rebuild: () => ['rebuildEnvironment is starting.'],
  restart: () => ['restartAppServer is starting.'],
  terminate: () => ['terminateEnvironment is starting.'],
};

export interface OperationRequest {
  readonly kind: EnvironmentOperation['kind'];
  readonly requestId: string;
  readonly pendingOptionSettings?: OptionSettingState[];
  readonly pendingVersionLabel?: string;
}

export function startOperation(
  draft: StateDocument,
  env: EnvironmentState,
  now: Date,
  request: OperationRequest,
): void {
  const started = isoSeconds(now);
  env.operation = {
    kind: request.kind,
    startedAt: started,
    completesAt: isoSeconds(new Date(now.getTime() + OPERATION_DURATION_MS[request.kind])),
    requestId: request.requestId,
    ...(request.pendingOptionSettings === undefined ? {} : { pendingOptionSettings: request.pendingOptionSettings }),
    ...(request.pendingVersionLabel === undefined ? {} : { pendingVersionLabel: request.pendingVersionLabel }),
  };
  env.status = request.kind === 'launch' ? 'Launching' : request.kind === 'terminate' ? 'Terminating' : 'Updating';
  env.dateUpdated = started;
  for (const message of START_MESSAGES[request.kind](env)) {
    addEnvironmentEvent(draft, env, now, { severity: 'INFO', message, requestId: request.requestId });
  }
  if (request.kind === 'rebuild') {
    // A rebuild replaces every resource, instances included.
    terminateInstances(draft, env);
    launchInstances(draft, env, now);
  }
}

/** What EB reports when an operation of this kind ends; the scenario's history uses the same wording. */
export function completionMessages(
  env: EnvironmentState,
  kind: EnvironmentOperation['kind'],
  failed: boolean,
): Array<{ severity: 'INFO' | 'ERROR'; message: string }> {
  switch (kind) {
    case 'launch':
      return failed
        ? [
            {
              severity: 'ERROR',
              message:
                'Create environment operation is complete, but with errors. For more information, see troubleshooting documentation.',
            },
          ]
        : [
            { severity: 'INFO', message: 'Instance deployment completed successfully.' },
            { severity: 'INFO', message: `Successfully launched environment: ${env.name}` },
          ];
    case 'update':
      return failed
        ? [{ severity: 'ERROR', message: 'Failed to deploy configuration.' }]
        : [
            { severity: 'INFO', message: 'Successfully deployed new configuration to environment.' },
            { severity: 'INFO', message: 'Environment update completed successfully.' },
          ];
    case 'deploy':
      return failed
        ? [{ severity: 'ERROR', message: 'Failed to deploy application.' }]
        : [
            { severity: 'INFO', message: 'New application version was deployed to running EC2 instances.' },
            { severity: 'INFO', message: 'Environment update completed successfully.' },
          ];
    case 'rebuild':
      return failed
        ? [{ severity: 'ERROR', message: 'rebuildEnvironment completed, but with errors.' }]
        : [{ severity: 'INFO', message: 'rebuildEnvironment completed successfully.' }];
    case 'restart':
      return failed
        ? [{ severity: 'ERROR', message: 'restartAppServer completed, but with errors.' }]
        : [{ severity: 'INFO', message: 'restartAppServer completed successfully.' }];
    case 'terminate':
      return [{ severity: 'INFO', message: 'terminateEnvironment completed successfully.' }];
  }
}

export function healthTransitionMessage(from: HealthStatus, to: HealthStatus, causes: readonly string[]): string {
  const base = `Environment health has transitioned from ${from} to ${to}.`;
  return causes.length === 0 ? base : `${base} ${causes.join(' ')}`;
}

function rank(status: HealthStatus): number {
  return ({ Ok: 1, Info: 1, Warning: 2, Degraded: 3, Severe: 4 } as Partial<Record<HealthStatus, number>>)[status] ?? 0;
}

function recordHealth(
  draft: StateDocument,
  env: EnvironmentState,
  at: string,
  diagnosis: Diagnosis,
  requestId: string | undefined,
): void {
  const previous = env.lastHealth.status;
  if (previous !== diagnosis.health) {
    // Pending → Ok is an improvement even though Pending ranks lowest.
    const worse = rank(diagnosis.health) > Math.max(rank(previous), 1);
    addEnvironmentEvent(draft, env, at, {
      severity: worse ? 'WARN' : 'INFO',
      message: healthTransitionMessage(previous, diagnosis.health, worse ? diagnosis.causes : []),
      ...(requestId === undefined ? {} : { requestId }),
    });
  }
  env.lastHealth = {
    status: diagnosis.health,
    causes: [...diagnosis.causes],
    refreshedAt: at,
    ...(diagnosis.operationFailed ? { operationFailed: true } : {}),
  };
}

function completeOperation(
  draft: StateDocument,
  env: EnvironmentState,
  operation: EnvironmentOperation,
  context: EvaluationContext,
): void {
  const at = operation.completesAt;
  const { requestId, kind } = operation;
  delete env.operation;
  env.dateUpdated = at;
  if (kind === 'terminate') {
    terminateInstances(draft, env);
    deleteManagedSecurityGroup(draft, env);
    env.status = 'Terminated';
    for (const event of completionMessages(env, kind, false))
      addEnvironmentEvent(draft, env, at, { ...event, requestId });
    return;
  }
  if (operation.pendingOptionSettings) {
    const before = env.optionSettings;
    env.optionSettings = operation.pendingOptionSettings;
    recordHealthReportingChange(env, before, at);
  }
  if (operation.pendingVersionLabel !== undefined) env.versionLabel = operation.pendingVersionLabel;
  const diagnosis = evaluateEnvironment(draft, env, undefined, context);
  const launchFailed = diagnosis.problems.some((p) => p.stage === 'launch');
  if (launchFailed && (kind === 'launch' || kind === 'rebuild')) {
    // The Auto Scaling group never got a usable launch configuration or profile: no instance came up.
    terminateInstances(draft, env);
  }
  for (const instance of environmentInstances(draft, env)) {
    if (instance.state === 'pending') instance.state = 'running';
  }
  for (const problem of diagnosis.problems) {
    for (const event of problem.events) addEnvironmentEvent(draft, env, at, { ...event, requestId });
  }
  for (const event of completionMessages(env, kind, diagnosis.operationFailed)) {
    addEnvironmentEvent(draft, env, at, { ...event, requestId });
  }
  if (kind === 'deploy' || kind === 'launch' || kind === 'rebuild') {
    env.deploymentId += 1;
    env.deployedAt = at;
  }
  env.status = 'Ready';
  recordHealth(draft, env, at, diagnosis, requestId);
}

/** True when some operation is due, so a read-only request knows whether it must write. */
export function hasDueOperations(doc: StateDocument, now: Date): boolean {
  const stamp = isoSeconds(now);
  return doc.elasticbeanstalk.environments.some(
    (env) => env.operation !== undefined && env.operation.completesAt <= stamp,
  );
}

/** Completes every operation due by `now`, in completion order so events interleave as they would on AWS. */
export function settleEnvironments(draft: StateDocument, now: Date, context: EvaluationContext = {}): void {
  const stamp = isoSeconds(now);
  const due = draft.elasticbeanstalk.environments
    .filter((env) => env.operation !== undefined && env.operation.completesAt <= stamp)
    .sort((a, b) => (a.operation?.completesAt ?? '').localeCompare(b.operation?.completesAt ?? ''));
  for (const env of due) {
    if (env.operation) completeOperation(draft, env, env.operation, context);
  }
}

/**
 * Runtime health follows the state without an operation, as EB's health agent
 * reports a fixed security group or policy within a minute. Launch and deploy
 * failures are different: only a new operation retries them, so an environment
 * whose last verdict or whose fresh one involves such a failure is left alone.
 */
export interface HealthRefresh {
  readonly environmentId: string;
  readonly diagnosis: Diagnosis;
}

function refreshable(env: EnvironmentState): boolean {
  return env.status === 'Ready' && env.operation === undefined && env.lastHealth.operationFailed !== true;
}

/** Read-only: which of these environments' runtime health changed since it was last recorded. */
export function pendingHealthRefreshes(
  doc: StateDocument,
  environmentIds: readonly string[],
  context: EvaluationContext = {},
): HealthRefresh[] {
  const refreshes: HealthRefresh[] = [];
  for (const env of doc.elasticbeanstalk.environments) {
    if (!environmentIds.includes(env.id) || !refreshable(env)) continue;
    const diagnosis = evaluateEnvironment(doc, env, undefined, context);
    if (diagnosis.operationFailed) continue;
    const same =
      diagnosis.health === env.lastHealth.status &&
      diagnosis.causes.length === env.lastHealth.causes.length &&
      diagnosis.causes.every((cause, index) => env.lastHealth.causes[index] === cause);
    if (!same) refreshes.push({ environmentId: env.id, diagnosis });
  }
  return refreshes;
}

/** Records refreshed health found by `pendingHealthRefreshes`, with the transition event a health change emits. */
export function applyHealthRefreshes(draft: StateDocument, refreshes: readonly HealthRefresh[], now: Date): void {
  const at = isoSeconds(now);
  for (const { environmentId, diagnosis } of refreshes) {
    const env = draft.elasticbeanstalk.environments.find((e) => e.id === environmentId);
    if (!env || !refreshable(env)) continue;
    recordHealth(draft, env, at, diagnosis, undefined);
  }
}
