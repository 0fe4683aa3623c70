import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { motoClientConfig } from '../support/moto';
import { motoConsole } from '../support/motoConsole';

// The same SSM service layer and planners, pointed at moto through an ordinary
// profile with endpoint_url, as a user would point them at LocalStack or moto.
const { call, dispatch, target } = motoConsole('ssm', async (endpoint) => {
  const ssm = new SSMClient(motoClientConfig(endpoint));
  await ssm.send(new PutParameterCommand({ Name: '/app/db/password', Type: 'SecureString', Value: 'moto&oPass' }));
  await ssm.send(new PutParameterCommand({ Name: '/app/db/host', Type: 'String', Value: 'db.internal' }));
  await ssm.send(
    new PutParameterCommand({ Name: '/app/db/host', Type: 'String', Value: 'db2.internal', Overwrite: true }),
  );
  ssm.destroy();
});

describe('SSM service layer against moto', () => {
  it('lists metadata, fetches String values and reveals SecureString on request', async () => {
    const list = await call('ssm.listParameters', { target, path: '/app', recursive: true });
    expect(list.parameters.map((p) => [p.name, p.type])).toEqual([
      ['/app/db/host', 'String'],
      ['/app/db/password', 'SecureString'],
    ]);
    const values = await call('ssm.getValues', { target, names: ['/app/db/host', '/app/db/password'] });
    expect(values.values).toEqual([{ name: '/app/db/host', value: 'db2.internal', version: 2 }]);
    expect(values.secure).toEqual(['/app/db/password']);
    expect((await call('ssm.revealParameter', { target, name: '/app/db/password' })).value).toBe('moto&oPass');
    const history = await call('ssm.parameterHistory', { target, name: '/app/db/host' });
    expect(history.map((v) => v.value)).toEqual(['db.internal', 'db2.internal']);
  });

  it('puts and deletes through plans', async () => {
    const create = await call('changes.plan', {
      target,
      intent: { kind: 'ssm.putParameter', name: '/app/feature', type: 'String', value: 'on', overwrite: false },
    });
    expect(create.blocked).toBeUndefined();
    const applied = await call('changes.apply', { planId: create.id });
    expect(applied.entry.verification?.verified).toBe(true);
    const remove = await call('changes.plan', {
      target,
      intent: { kind: 'ssm.deleteParameter', name: '/app/feature' },
    });
    const removed = await call('changes.apply', { planId: remove.id });
    expect(removed.entry.verification?.verified).toBe(true);
    const gone = await dispatch('ssm.revealParameter', { target, name: '/app/feature' });
    expect(gone.ok).toBe(false);
  });
});
