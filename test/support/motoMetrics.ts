/** CloudWatch figures put straight into moto, which keeps only what was put (no enhanced-health metrics). */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateApplicationCommand,
  CreateEnvironmentCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
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

/** An application and one environment in moto's Elastic Beanstalk, for a list to show (moto publishes no metrics for it). */
export async function createMotoEnvironment(
  endpoint: string,
  applicationName: string,
  environmentName: string,
): Promise<void> {
  const eb = new ElasticBeanstalkClient(motoClientConfig(endpoint));
  try {
    await eb.send(new CreateApplicationCommand({ ApplicationName: applicationName }));
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: applicationName,
        EnvironmentName: environmentName,
        SolutionStackName: '64bit Amazon Linux 2023 v4.0.1 running Python 3.11',
      }),
    );
  } finally {
    eb.destroy();
  }
}
