/** UpdateEnvironment, RebuildEnvironment and RestartAppServer: each starts an operation that completes on the sandbox clock. */
import type { QueryAction } from '../../protocols/awsQuery';
import { startOperation } from '../../simulation/lifecycle';
import { checkHealthReportingOptions } from '../../simulation/metrics/publishing';
import { mergeOptionSettings } from '../../simulation/options';
import { resolvePlacement } from '../../simulation/provisioning';
import { invalidParameterCombination, requireEnvironment, requireReady, requireVersion } from './lookup';
import { readOptionSettings, readOptionsToRemove } from './optionParams';
import { environmentXml } from './shapes';

const updateEnvironment: QueryAction = (params, { store, now, region, requestId }) => {
  const changes = readOptionSettings(params);
  const removals = readOptionsToRemove(params);
  const versionLabel = params.string('VersionLabel');
  const description = params.string('Description', { max: 200 });
  if (versionLabel !== undefined && (changes.length > 0 || removals.length > 0)) {
    // AWS's wording, as SDKs have reported it since 2011.
    throw invalidParameterCombination(
      'You cannot update the application version and make configuration updates at the same time',
    );
  }
  return store.mutate((draft) => {
    const env = requireEnvironment(draft, params);
    requireReady(env);
    if (description !== undefined) env.description = description;
    if (versionLabel !== undefined) {
      requireVersion(draft, env.applicationName, versionLabel);
      startOperation(draft, env, now(), { kind: 'deploy', requestId, pendingVersionLabel: versionLabel });
    } else if (changes.length > 0 || removals.length > 0) {
      const pending = mergeOptionSettings(env.optionSettings, changes, removals);
      // Fail fast on a VPC or subnet that does not exist, as EB's configuration validation does.
      resolvePlacement(draft, pending);
      checkHealthReportingOptions(changes);
      startOperation(draft, env, now(), { kind: 'update', requestId, pendingOptionSettings: pending });
    }
    return environmentXml(draft, region, env);
  });
};

const rebuildEnvironment: QueryAction = (params, { store, now, requestId }) => {
  store.mutate((draft) => {
    const env = requireEnvironment(draft, params);
    requireReady(env);
    startOperation(draft, env, now(), { kind: 'rebuild', requestId });
  });
  return undefined;
};

const restartAppServer: QueryAction = (params, { store, now, requestId }) => {
  store.mutate((draft) => {
    const env = requireEnvironment(draft, params);
    requireReady(env);
    startOperation(draft, env, now(), { kind: 'restart', requestId });
  });
  return undefined;
};

export const environmentUpdateActions: ReadonlyMap<string, QueryAction> = new Map([
  ['UpdateEnvironment', updateEnvironment],
  ['RebuildEnvironment', rebuildEnvironment],
  ['RestartAppServer', restartAppServer],
]);
