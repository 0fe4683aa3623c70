import type { Partition } from '../../shared/aws/partitions';
import type { ScenarioName, StateDocument } from '../state/document';
import { largeAccountScenario, type ScenarioScale } from './largeAccount';
import { emptyAccount } from './emptyAccount';
import { trainingLabScenario } from './trainingLab';

export {
  DEFAULT_SCALE,
  resolveScale,
  SCALE_LIMITS,
  SCALE_NAMES,
  type ScaleName,
  type ScenarioScale,
} from './largeAccount';

/** The account and nothing in it but its default VPC; AWS managed policies still exist, as in any account. */
function emptyScenario(partition: Partition): StateDocument {
  const account = { id: '570589970431', createDate: '2018-06-28T14:02:11Z' };
  return emptyAccount('empty', partition === 'aws' ? account : { ...account, partition });
}

const SCENARIOS: Readonly<Record<ScenarioName, (now: Date, scale?: Partial<ScenarioScale>) => StateDocument>> = {
  'training-lab': trainingLabScenario,
  empty: () => emptyScenario('aws'),
  'large-account': largeAccountScenario,
};

/** The scenarios whose data carries no ARNs of its own, so they can be built in any partition. */
export const PARTITIONED_SCENARIOS: readonly ScenarioName[] = ['empty'];

/**
 * `scale` sizes the scenarios that take sizes (`large-account`); the others ignore it.
 * `partition` builds an aws-cn or aws-us-gov account, for the scenarios that can be one.
 */
export function buildScenario(
  name: ScenarioName,
  now: Date,
  scale?: Partial<ScenarioScale>,
  partition: Partition = 'aws',
): StateDocument {
  if (partition === 'aws') return SCENARIOS[name](now, scale);
  checkScenarioPartition(name, partition);
  return emptyScenario(partition);
}

/** Throws, naming the scenarios that can, when `name` cannot be built in `partition`. */
export function checkScenarioPartition(name: ScenarioName, partition: Partition): void {
  if (partition === 'aws' || PARTITIONED_SCENARIOS.includes(name)) return;
  throw new RangeError(
    `The ${name} scenario is written in the aws partition; a ${partition} account can start only from: ${PARTITIONED_SCENARIOS.join(', ')}.`,
  );
}
