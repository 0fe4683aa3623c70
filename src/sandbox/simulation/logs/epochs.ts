/**
 * Log epochs: spans of time during which an environment's instances printed
 * the same causes. A log read (RequestEnvironmentInfo delivering, a
 * CloudWatch Logs read) first observes the environment: it derives the
 * causes from the state as it is now and, if they differ from the last
 * epoch's, starts a new epoch. The new epoch begins after the last moment a
 * read confirmed the old one, so no line ever delivered is rewritten: fixing
 * the state changes the logs from then on, not the logs already read.
 *
 * Deployment failures are like EB's own verdict on them: they clear only
 * with a new operation, so state changes between operations leave them be.
 */
import type { EnvironmentState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import type { LogCause, LogEpoch } from '../../state/logState';
import { type EvaluationContext, evaluateEnvironment } from '../healthEvaluator';
import { optionValue } from '../options';
import { deriveLogCauses } from './causes';
import { environmentOperations } from './operations';

/** Older epochs are dropped; their lines rotate away with them. */
const MAX_EPOCHS = 20;
export const CLOUDWATCH_LOGS_NAMESPACE = 'aws:elasticbeanstalk:cloudwatch:logs';

/** Whether the environment's deployed configuration streams instance logs to CloudWatch Logs. */
export function streamsLogs(env: Pick<EnvironmentState, 'optionSettings'>): boolean {
  return optionValue(env.optionSettings, CLOUDWATCH_LOGS_NAMESPACE, 'StreamLogs')?.toLowerCase() === 'true';
}

function sameCauses(a: readonly LogCause[], b: readonly LogCause[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Observes `env` (in a draft) at `at` (epoch ms), updating its `logEpochs`. */
export function observeLogEpochs(
  draft: StateDocument,
  env: EnvironmentState,
  at: number,
  context: EvaluationContext = {},
): void {
  const epochs = env.logEpochs ?? [];
  const last = epochs[epochs.length - 1];
  const streaming = streamsLogs(env);
  const operations = environmentOperations(draft, env).filter((op) => op.completedAt <= at);
  const lastOperation = operations.reduce((latest, op) => Math.max(latest, op.completedAt), 0);
  // An operation changes what the instances print from its start: its own deployment lines already show it.
  const since = (after: number): number =>
    operations.reduce((latest, op) => Math.max(latest, op.startedAt > after ? op.startedAt : op.completedAt), 0);
  const diagnosis = evaluateEnvironment(draft, env, undefined, context);
  const operatedSince = last !== undefined && lastOperation > last.confirmedAt;
  const frozen =
    last !== undefined && !operatedSince && (env.lastHealth.operationFailed === true || diagnosis.operationFailed);
  const causes = frozen && last ? last.causes : deriveLogCauses(draft, env, diagnosis);
  if (!last) {
    // With no earlier read, the causes are taken to hold since the instance started; streaming, since the
    // last operation, the latest moment the option could have been turned on.
    const streamedFrom = Math.min(since(0), at);
    env.logEpochs =
      streaming && streamedFrom > 0
        ? [
            { from: 0, confirmedAt: at, streaming: false, causes },
            { from: streamedFrom, confirmedAt: at, streaming: true, causes },
          ]
        : [{ from: 0, confirmedAt: at, streaming, causes }];
    return;
  }
  if (last.streaming === streaming && sameCauses(last.causes, causes)) {
    last.confirmedAt = Math.max(last.confirmedAt, at);
    env.logEpochs = epochs;
    return;
  }
  // The change happened after the last confirmed read: at the latest operation or health change since, if any.
  const markers = [since(last.confirmedAt), Date.parse(env.lastHealth.refreshedAt)].filter(
    (marker) => marker > last.confirmedAt && marker <= at,
  );
  const from = markers.length > 0 ? Math.max(...markers) : last.confirmedAt + 1;
  // Only an operation switches streaming, and the agent it sets up ships that operation's own lines (the EB CLI's
  // `eb logs` right after `eb logs --cloudwatch-logs enable` shows them): streaming starts with the operation, even
  // when the health refresh that ended it moved the causes' boundary later.
  const switching = operations.filter((op) => op.completedAt > last.confirmedAt).at(-1);
  // Event dates have whole seconds, so the operation may seem to start before the read it followed.
  const switchedAt =
    last.streaming === streaming || !switching ? from : Math.max(switching.startedAt, last.confirmedAt + 1);
  const switched = switchedAt < from;
  const next: LogEpoch = {
    from: switched && sameCauses(last.causes, causes) ? switchedAt : from,
    confirmedAt: at,
    streaming,
    causes,
  };
  const bridge: LogEpoch[] =
    switched && next.from !== switchedAt ? [{ from: switchedAt, confirmedAt: at, streaming, causes: last.causes }] : [];
  env.logEpochs = [...epochs, ...bridge, next].slice(-MAX_EPOCHS);
}

/** The last time a read confirmed this environment's logs; lines after it are not yet known. */
export function confirmedUntil(env: Pick<EnvironmentState, 'logEpochs'>): number | undefined {
  const epochs = env.logEpochs;
  return epochs && epochs.length > 0 ? epochs[epochs.length - 1]?.confirmedAt : undefined;
}
