import type { ScenarioName, StateDocument } from '../state/document';
import { trainingLabScenario } from './trainingLab';

/** The account and nothing in it; AWS managed policies still exist, as in any account. */
function emptyScenario(): StateDocument {
  return {
    version: 1,
    scenario: 'empty',
    account: { id: '570589970431', createDate: '2018-06-28T14:02:11Z' },
    iam: { users: [], roles: [], instanceProfiles: [], policies: [], accessKeys: [] },
  };
}

const SCENARIOS: Readonly<Record<ScenarioName, (now: Date) => StateDocument>> = {
  'training-lab': trainingLabScenario,
  empty: emptyScenario,
};

export function buildScenario(name: ScenarioName, now: Date): StateDocument {
  return SCENARIOS[name](now);
}
