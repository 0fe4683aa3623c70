/**
 * Systems Manager Parameter Store over awsJson1_1 (`AmazonSSM.<Operation>`):
 * enough for the console, the SDK and `aws ssm` to manage parameters.
 */
import { createAwsJsonService, type JsonAction } from '../../protocols/awsJson';
import type { ServiceModule } from '../../serviceModule';
import { describeParameters, getParameter, getParameterHistory, getParameters, getParametersByPath } from './reads';
import { ssmRequestResources } from './requestResources';
import { deleteParameter, putParameter } from './writes';

export const ssmService: ServiceModule = createAwsJsonService({
  signingName: 'ssm',
  targetPrefix: 'AmazonSSM',
  actions: new Map<string, JsonAction>([
    ['PutParameter', putParameter],
    ['GetParameter', getParameter],
    ['GetParameters', getParameters],
    ['GetParametersByPath', getParametersByPath],
    ['DescribeParameters', describeParameters],
    ['GetParameterHistory', getParameterHistory],
    ['DeleteParameter', deleteParameter],
  ]),
  resources: ssmRequestResources,
});
