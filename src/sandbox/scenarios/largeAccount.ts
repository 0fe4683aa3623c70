/**
 * A large, busy account to measure against: thousands of roles, parameters,
 * security groups and events, generated straight into the state (no API
 * calls), deterministically from a seed, in seconds. Sizes come from
 * `ScenarioScale`; the defaults are the account issue 11 describes.
 *
 * Every part is built the way the rest of the sandbox expects it, so the
 * state passes its own schema and integrity checks, environments' health is
 * what the evaluator derives, and every service reads it as it reads any
 * other account.
 */
import type { StateDocument } from '../state/document';
import { emptyAccount } from './emptyAccount';
import { addLargeAccountBeanstalk } from './largeAccountBeanstalk';
import { addLargeAccountDatabases } from './largeAccountDatabases';
import { addLargeAccountDomains } from './largeAccountDomains';
import { addLargeAccountIam } from './largeAccountIam';
import { addLargeAccountNetwork, fillSecurityGroups } from './largeAccountNetwork';
import { addLargeAccountParameters } from './largeAccountParameters';
import { SeededRandom } from './largeAccountRandom';
import { accountLayout } from './largeAccountLayout';

export const LARGE_ACCOUNT_ID = '318654207961';

export interface ScenarioScale {
  readonly roles: number;
  readonly users: number;
  readonly applications: number;
  readonly environments: number;
  readonly events: number;
  readonly domains: number;
  readonly parameters: number;
  readonly dbInstances: number;
  readonly securityGroups: number;
  /** The generator's seed: the same seed and sizes give the same account. */
  readonly seed: number;
}

export const DEFAULT_SCALE: ScenarioScale = {
  roles: 5000,
  users: 500,
  applications: 60,
  environments: 300,
  events: 50_000,
  domains: 100,
  parameters: 20_000,
  dbInstances: 1000,
  securityGroups: 5000,
  seed: 1,
};

export type ScaleName = keyof ScenarioScale;
export const SCALE_NAMES = Object.keys(DEFAULT_SCALE) as ScaleName[];

/** The largest size each option accepts: enough for any benchmark, small enough to fit in memory. */
export const SCALE_LIMITS: Readonly<Record<ScaleName, number>> = {
  roles: 100_000,
  users: 50_000,
  applications: 1000,
  environments: 5000,
  events: 1_000_000,
  domains: 1000,
  parameters: 500_000,
  dbInstances: 20_000,
  securityGroups: 100_000,
  seed: 0xffffffff,
};

/** Fills in defaults and checks each size; a bad one gets a RangeError naming it. */
export function resolveScale(partial: Partial<ScenarioScale> = {}): ScenarioScale {
  const scale = { ...DEFAULT_SCALE, ...partial };
  for (const name of SCALE_NAMES) {
    const value = scale[name];
    if (!Number.isInteger(value) || value < 0 || value > SCALE_LIMITS[name]) {
      throw new RangeError(`Scale ${name} must be an integer from 0 to ${SCALE_LIMITS[name]}, got ${String(value)}.`);
    }
  }
  if (scale.environments > 0 && scale.applications === 0) {
    throw new RangeError('Scale environments needs at least one application.');
  }
  return scale;
}

export function largeAccountScenario(now: Date, partial?: Partial<ScenarioScale>): StateDocument {
  const scale = resolveScale(partial);
  const random = new SeededRandom(scale.seed);
  const layout = accountLayout(scale, random);
  const doc = emptyAccount('large-account', { id: LARGE_ACCOUNT_ID, createDate: '2016-03-14T09:26:53Z' });
  const build = { doc, scale, layout, random, now };
  const network = addLargeAccountNetwork(build);
  addLargeAccountIam(build);
  // Beanstalk after IAM and the network: environments' health is derived from both.
  addLargeAccountBeanstalk(build, network);
  addLargeAccountDatabases(build, network);
  addLargeAccountDomains(build, network);
  fillSecurityGroups(build, network);
  addLargeAccountParameters(build);
  return doc;
}
