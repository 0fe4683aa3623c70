/**
 * A data directory whose sandbox state is the `large-account` scenario sized
 * for the Parameters view: its parameters (in /application/stage/service/KEY
 * paths, one in five a SecureString) over its applications and environments,
 * and none of the roles, users, events, domains, databases or security groups
 * that view does not read. Web mode takes no scenario options, so the
 * scenario's document is written as the state file it starts on (a
 * PutParameter call each would take minutes).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenario, type ScenarioScale } from '../../src/sandbox/scenarios';
import type { ParameterType } from '../../src/sandbox/state/ssmState';
import { writeStateFileAtomically } from '../../src/sandbox/state/store';

const PARAMETERS_ONLY: Partial<ScenarioScale> = {
  roles: 0,
  users: 0,
  events: 0,
  domains: 0,
  dbInstances: 0,
  securityGroups: 0,
};

export interface ListedParameter {
  name: string;
  type: ParameterType;
}

/** Start web mode on `dataDir` with `--data-dir`; `parameters` is everything the console will list. */
export async function parameterAccountDataDir(
  scale: Partial<ScenarioScale>,
): Promise<{ dataDir: string; parameters: ListedParameter[] }> {
  const document = buildScenario('large-account', new Date(), { ...PARAMETERS_ONLY, ...scale });
  const dataDir = mkdtempSync(join(tmpdir(), 'trellis-parameters-'));
  await writeStateFileAtomically(join(dataDir, 'sandbox-state.json'), document);
  const parameters = document.ssm.parameters.map((p) => ({
    name: p.name,
    type: p.versions[p.versions.length - 1]!.type,
  }));
  return { dataDir, parameters };
}
