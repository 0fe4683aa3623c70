import {
  CreateApplicationCommand,
  CreateEnvironmentCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { describe, expect, it } from 'vitest';
import { motoClientConfig } from '../support/moto';
import { motoConsole } from '../support/motoConsole';

// moto implements environments but not enhanced health: exactly the case in
// which the list must still show, with the health problem on each row.
const { call, target } = motoConsole('eb', async (endpoint) => {
  const eb = new ElasticBeanstalkClient(motoClientConfig(endpoint));
  await eb.send(new CreateApplicationCommand({ ApplicationName: 'inventory' }));
  for (const name of ['inventory-blue', 'inventory-green']) {
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'inventory',
        EnvironmentName: name,
        SolutionStackName: '64bit Amazon Linux 2023 v4.0.1 running Python 3.11',
      }),
    );
  }
  eb.destroy();
});

describe('Elastic Beanstalk service layer against moto', () => {
  it('lists the environments even though moto has no enhanced health', async () => {
    const list = await call('beanstalk.listEnvironments', { target });
    expect(list.map((e) => e.name)).toEqual(['inventory-blue', 'inventory-green']);
    for (const row of list) {
      // moto 5.2 answers SolutionStackName "None" whatever was asked, so the platform is not checked here.
      expect(row).toMatchObject({ applicationName: 'inventory', status: 'Ready', tier: 'WebServer' });
      expect(row.causes).toEqual([]);
      expect(row.causesProblem?.message).toBeTruthy();
    }
  });

  it('answers health with both halves as problems rather than failing', async () => {
    const h = await call('beanstalk.health', { target, environmentName: 'inventory-blue' });
    expect(h.problem).toBeDefined();
    expect(h.instancesProblem).toBeDefined();
    expect(h.instances).toEqual([]);
  });
});
