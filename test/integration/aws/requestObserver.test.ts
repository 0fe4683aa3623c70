/**
 * The client factory's request observer, against the sandbox: one report per
 * HTTP attempt, named by service and operation, including every page of a
 * paginated read and every retry.
 */
import { GetAccountAuthorizationDetailsCommand, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory, type SentRequest } from '../../../src/main/aws/clientFactory';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { tempAws, type TempAws } from '../../unit/aws/fixtures';

let sandbox: TestSandbox;
let aws: TempAws;
let registry: ProfileRegistry;
let factory: ClientFactory;
let sent: SentRequest[];
const target = { profile: 'sandbox', region: SANDBOX_REGION };

beforeEach(async () => {
  sandbox = await startTestSandbox();
  aws = tempAws();
  sent = [];
  registry = new ProfileRegistry({
    env: {},
    homeDir: aws.home,
    watch: false,
    sandbox: { endpoint: sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS },
  });
  factory = new ClientFactory(registry, { maxAttempts: 1, onRequest: (r) => sent.push(r) });
});

afterEach(async () => {
  factory.destroy();
  registry.close();
  aws.cleanup();
  await sandbox.dispose();
});

describe('onRequest', () => {
  it('reports every page of a paginated read as one request each', async () => {
    const pages = await factory.call(target, 'iam', 'GetAccountAuthorizationDetails', async (client) => {
      let count = 0;
      for await (const _page of paginateGetAccountAuthorizationDetails({ client, pageSize: 5 }, { Filter: ['Role'] })) {
        count++;
      }
      return count;
    });
    expect(pages).toBeGreaterThan(1);
    expect(sent).toHaveLength(pages);
    expect(sent.every((r) => r.service === 'iam' && r.operation === 'GetAccountAuthorizationDetails')).toBe(true);
    expect(sent[0]).toMatchObject({ profile: 'sandbox', region: SANDBOX_REGION });
  });

  it('reports a failed attempt too', async () => {
    await factory
      .call(target, 'iam', 'GetAccountAuthorizationDetails', (client) =>
        client.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 0 })),
      )
      .catch(() => undefined);
    expect(sent.map((r) => r.operation)).toEqual(['GetAccountAuthorizationDetails']);
  });
});
