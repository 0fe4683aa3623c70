import { createAwsQueryService, type QueryAction } from '../../protocols/awsQuery';
import type { ServiceModule } from '../../serviceModule';
import { beanstalkRequestResources } from './requestResources';
import { applicationActions } from './applications';
import { configurationActions } from './configuration';
import { configurationOptionActions } from './configurationOptions';
import { environmentInfoActions } from './environmentInfo';
import { environmentActions } from './environments';
import { environmentUpdateActions } from './environmentUpdates';
import { eventActions } from './events';
import { healthActions } from './health';
import { storageActions } from './storage';

export const ELASTIC_BEANSTALK_XMLNS = 'https://elasticbeanstalk.amazonaws.com/docs/2010-12-01/';

const actions = new Map<string, QueryAction>([
  ...applicationActions,
  ...environmentActions,
  ...environmentUpdateActions,
  ...healthActions,
  ...eventActions,
  ...configurationActions,
  ...configurationOptionActions,
  ...environmentInfoActions,
  ...storageActions,
]);

export const elasticBeanstalkService: ServiceModule = createAwsQueryService({
  signingName: 'elasticbeanstalk',
  xmlns: ELASTIC_BEANSTALK_XMLNS,
  version: '2010-12-01',
  actions,
  resources: beanstalkRequestResources,
});
