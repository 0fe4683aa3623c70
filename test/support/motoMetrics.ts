/** CloudWatch figures put straight into moto, which keeps only what was put (no enhanced-health metrics). */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { motoClientConfig } from './moto';

/**
 * Puts `values` as the environment's EnvironmentHealth, oldest first, five
 * minutes apart and ending five minutes ago, so each lands in its own
 * one-minute period of the last hour.
 */
export async function putEnvironmentHealth(
  endpoint: string,
  environmentName: string,
  values: readonly number[],
): Promise<void> {
  const cw = new CloudWatchClient(motoClientConfig(endpoint));
  const now = Date.now();
  try {
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/ElasticBeanstalk',
        MetricData: values.map((value, i) => ({
          MetricName: 'EnvironmentHealth',
          Dimensions: [{ Name: 'EnvironmentName', Value: environmentName }],
          Timestamp: new Date(now - (values.length - i) * 5 * 60_000),
          Value: value,
          Unit: 'None',
        })),
      }),
    );
  } finally {
    cw.destroy();
  }
}
