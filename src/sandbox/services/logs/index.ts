/**
 * CloudWatch Logs (awsJson1_1, signing name `logs`, `X-Amz-Target:
 * Logs_20140328.<Operation>`): the reads `eb logs --stream` and the console's
 * live tail make, over the groups Elastic Beanstalk streams instance logs to.
 */
import { createAwsJsonService, type JsonAction } from '../../protocols/awsJson';
import type { ServiceModule } from '../../serviceModule';
import { eventActions } from './events';
import { groupActions } from './groups';

const actions = new Map<string, JsonAction>([...groupActions, ...eventActions]);

export const logsService: ServiceModule = createAwsJsonService({
  signingName: 'logs',
  targetPrefix: 'Logs_20140328',
  actions,
});
