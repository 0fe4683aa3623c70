import {
  CreateApplicationCommand,
  CreateEnvironmentCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn, motoProfile } from '../support/appConsole';
import { type AppContext } from '../../src/main/context';
import type { Channel, ChannelInput } from '../../src/shared/contract';
import { motoClientConfig, startMoto, type RunningMoto } from '../support/moto';
import { mustCall } from '../support/rpc';

// moto implements environments but not enhanced health: exactly the case in
// which the list must still show, with the health problem on each row.
let moto: RunningMoto;
let ctx: AppContext;
const target = { profile: 'moto', region: 'us-east-1' };

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

beforeAll(async () => {
  moto = await startMoto();
  const dir = mkdtempSync(join(tmpdir(), 'trellis-moto-eb-'));
  writeFileSync(join(dir, 'config'), motoProfile(moto.endpoint));
  const eb = new ElasticBeanstalkClient(motoClientConfig(moto.endpoint));
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

  ctx = await consoleIn(dir, { sandbox: false });
}, 60_000);

afterAll(async () => {
  await ctx?.close();
  await moto?.stop();
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
