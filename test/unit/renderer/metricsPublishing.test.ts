/**
 * Which empty charts the notice explains: only those whose metrics the
 * health reporting ConfigDocument does not list, grouped per chart; nothing
 * when EnvironmentHealth is empty too (an endpoint such as moto, or basic
 * health), and nothing for metrics that are not Elastic Beanstalk's.
 */
import { describe, expect, it } from 'vitest';
import { unpublishedGroups } from '../../../src/renderer/src/views/beanstalk/monitoring/metricsPublishing';

const REQUESTS = [
  'ApplicationRequests2xx',
  'ApplicationRequests3xx',
  'ApplicationRequests4xx',
  'ApplicationRequests5xx',
];

describe('unpublishedGroups', () => {
  it('groups the unlisted metrics per chart, at their level', () => {
    const groups = unpublishedGroups([...REQUESTS, 'ApplicationLatencyP99', 'CPUUser', 'LoadAverage1min'], undefined);
    expect(groups).toEqual([
      { subject: 'Requests', level: 'Environment', metricNames: REQUESTS },
      { subject: 'Latency', level: 'Environment', metricNames: ['ApplicationLatencyP99'] },
      { subject: 'CPU', level: 'Instance', metricNames: ['CPUUser'] },
      { subject: 'Load', level: 'Instance', metricNames: ['LoadAverage1min'] },
    ]);
  });

  it('leaves out what the document publishes (empty for another reason, such as no traffic) and other namespaces', () => {
    const document = JSON.stringify({
      Version: 1,
      CloudWatchMetrics: { Environment: { ApplicationRequests2xx: 60, ApplicationRequests5xx: null }, Instance: {} },
    });
    expect(
      unpublishedGroups(
        ['ApplicationRequests2xx', 'ApplicationRequests5xx', 'CPUUtilization', 'DatabaseConnections'],
        document,
      ),
    ).toEqual([{ subject: 'Requests', level: 'Environment', metricNames: ['ApplicationRequests5xx'] }]);
  });

  it('says nothing when EnvironmentHealth is empty too: the ConfigDocument is not the reason', () => {
    expect(unpublishedGroups(['EnvironmentHealth', ...REQUESTS], undefined)).toEqual([]);
  });
});
