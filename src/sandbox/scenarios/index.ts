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
function emptyScenario(): StateDocument {
  return emptyAccount('empty', { id: '570589970431', createDate: '2018-06-28T14:02:11Z' });
}

const SCENARIOS: Readonly<Record<ScenarioName, (now: Date, scale?: Partial<ScenarioScale>) => StateDocument>> = {
  'training-lab': trainingLabScenario,
  empty: emptyScenario,
  'large-account': largeAccountScenario,
};

/** `scale` sizes the scenarios that take sizes (`large-account`); the others ignore it. */
export function buildScenario(name: ScenarioName, now: Date, scale?: Partial<ScenarioScale>): StateDocument {
  return SCENARIOS[name](now, scale);
}
