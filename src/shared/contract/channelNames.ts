/**
 * The channel names alone, with no zod, so the preload bundle stays tiny.
 * `index.ts` checks at compile time that this list and the contract agree.
 */
export const channelNames = [
  'app.info',
  'profiles.list',
  'profiles.setReadOnly',
  'sts.getCallerIdentity',
  'iam.snapshot',
  'iam.getRole',
  'iam.getUser',
  'iam.listPolicies',
  'iam.getPolicyDocument',
  'iam.listAccessKeys',
  'beanstalk.listEnvironments',
  'beanstalk.health',
  'beanstalk.describeEvents',
  'beanstalk.configuration',
  'beanstalk.revealProperty',
  'beanstalk.applicationVersion',
  'beanstalk.resources',
  'ssm.listParameters',
  'ssm.getValues',
  'ssm.revealParameter',
  'ssm.parameterHistory',
  'rds.listDatabases',
  'ec2.securityGroups',
  'ec2.securityGroupChoices',
  'changes.plan',
  'changes.apply',
  'changes.discard',
  'journal.list',
  'journal.planUndo',
  'search.listDomains',
  'search.getDomain',
] as const;

export type ChannelName = (typeof channelNames)[number];
