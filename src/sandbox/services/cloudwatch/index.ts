/**
 * CloudWatch metrics and alarms (signing name `monitoring`, IAM prefix
 * `cloudwatch`) in all three of its protocols: RPC v2 CBOR, awsJson1_0 and
 * awsQuery (wire.ts). Metrics come from a MetricSource derived from the state
 * on the sandbox clock; alarms are stored in the state.
 */
import { AwsError, internalFailure } from '../../errors';
import type { RequestContext, ServiceModule } from '../../serviceModule';
import { metricSourceFor } from '../../simulation/metrics/source';
import type { MetricSource } from '../../simulation/metrics/types';
import type { StateDocument } from '../../state/document';
import {
  alarmArn,
  type AlarmsContext,
  deleteAlarms,
  describeAlarms,
  describeAlarmsForMetric,
  putMetricAlarm,
  setAlarmState,
} from './alarms';
import type { Input } from './input';
import { getMetricData } from './metricData';
import { getMetricStatistics, listMetrics } from './metrics';
import { operationName, type OutputNode, protocolOf, readInput, renderOutput, renderWireError } from './wire';

/** The alarms a write names, so a policy can allow or deny one alarm by ARN; reads are judged on `*`. */
function alarmResources(operation: string, input: Input, context: RequestContext): readonly string[] | undefined {
  const arn = (name: unknown): string => alarmArn(context, String(name));
  if (operation === 'PutMetricAlarm' || operation === 'SetAlarmState')
    return typeof input['AlarmName'] === 'string' ? [arn(input['AlarmName'])] : undefined;
  if (operation === 'DeleteAlarms' && Array.isArray(input['AlarmNames']) && input['AlarmNames'].length > 0)
    return input['AlarmNames'].map(arn);
  return undefined;
}

export type MetricSourceFor = (document: StateDocument, now: Date) => MetricSource;

type Operation = (input: Input, context: AlarmsContext) => OutputNode;

const OPERATIONS: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['ListMetrics', listMetrics],
  ['GetMetricStatistics', getMetricStatistics],
  ['GetMetricData', getMetricData],
  ['PutMetricAlarm', putMetricAlarm],
  ['DescribeAlarms', describeAlarms],
  ['DescribeAlarmsForMetric', describeAlarmsForMetric],
  ['SetAlarmState', setAlarmState],
  ['DeleteAlarms', deleteAlarms],
]);

/** A source with no metrics at all, for tests and for an account nothing publishes from. */
export const NO_METRICS: MetricSource = { list: () => [], samples: () => [] };

export interface CloudWatchOptions {
  readonly metricSource: MetricSourceFor;
}

export function createCloudWatchService(options: CloudWatchOptions): ServiceModule {
  return {
    signingName: 'monitoring',
    // Errors raised before the request is read (authentication, faults) cannot know its protocol; the AWS CLI and
    // current SDKs speak CBOR, so that is the envelope they get.
    renderError: (error, requestId) => renderWireError('cbor', error, requestId),
    handle(request, context) {
      const protocol = protocolOf(request);
      try {
        const operation = operationName(request);
        const handler = operation === undefined ? undefined : OPERATIONS.get(operation);
        if (operation === undefined || !handler) {
          if (protocol === 'query' && operation === undefined)
            throw new AwsError('MissingAction', 'Missing Action', 400);
          throw new AwsError(
            protocol === 'query' ? 'InvalidAction' : 'UnknownOperationException',
            `Could not find operation ${operation ?? '(none)'} for version 2010-08-01`,
            400,
          );
        }
        const input = readInput(request, protocol);
        context.authorize(`cloudwatch:${operation}`, alarmResources(operation, input, context));
        const now = context.now();
        const source = options.metricSource(context.store.document, now);
        const output = handler(input, { request: context, source, now });
        return renderOutput(protocol, operation, output, context.requestId);
      } catch (error: unknown) {
        if (error instanceof AwsError) return renderWireError(protocol, error, context.requestId);
        // A bug in a handler must still look like AWS to the client, not hang or drop the socket.
        console.error('[sandbox] monitoring handler failed:', error);
        return renderWireError(protocol, internalFailure('An internal error occurred.'), context.requestId);
      }
    },
  };
}

export const cloudWatchService: ServiceModule = createCloudWatchService({ metricSource: metricSourceFor });
