import { type ScenarioName, STATE_VERSION, type StateDocument } from '../state/document';
import { defaultNetwork } from './network';
import { trainingLabScenario } from './trainingLab';

/** The account and nothing in it but its default VPC; AWS managed policies still exist, as in any account. */
function emptyScenario(): StateDocument {
  return {
    version: STATE_VERSION,
    scenario: 'empty',
    account: { id: '570589970431', createDate: '2018-06-28T14:02:11Z' },
    iam: { users: [], roles: [], instanceProfiles: [], policies: [], accessKeys: [], mfaDevices: [] },
    ec2: defaultNetwork('us-east-1'),
    s3: { buckets: [] },
    elasticbeanstalk: { applications: [], applicationVersions: [], environments: [], events: [] },
    ssm: { parameters: [] },
    search: { domains: [] },
    rds: { instances: [], subnetGroups: [] },
    sts: { sessions: [] },
    sso: { clients: [], devices: [], tokens: [] },
  };
}

const SCENARIOS: Readonly<Record<ScenarioName, (now: Date) => StateDocument>> = {
  'training-lab': trainingLabScenario,
  empty: emptyScenario,
};

export function buildScenario(name: ScenarioName, now: Date): StateDocument {
  return SCENARIOS[name](now);
}
