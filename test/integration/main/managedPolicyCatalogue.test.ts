import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';
import { type AppContext } from '../../../src/main/context';
import type { ChannelInput, Channel } from '../../../src/shared/contract';

// iam.listManagedPolicies through the router against the sandbox: ListPolicies
// carries no descriptions (as in AWS), so they must come from the bundled set.
let ctx: AppContext;
const target = { profile: 'sandbox', region: 'us-east-1' };
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

beforeAll(async () => {
  ctx = await consoleIn(mkdtempSync(join(tmpdir(), 'trellis-int-')), { sandbox: true });
});
afterAll(() => ctx?.close());

describe('every AWS managed policy for the attach search', () => {
  it('lists all 1,594 with descriptions, marking the derived ones', async () => {
    const policies = await call('iam.listManagedPolicies', { target });
    expect(policies).toHaveLength(1594);
    expect(policies.every((policy) => policy.awsManaged && policy.description !== undefined)).toBe(true);
    expect(policies.find((policy) => policy.name === 'AmazonS3ReadOnlyAccess')).toMatchObject({
      arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      description: 'Read and list access to Amazon S3 and Amazon S3 Object Lambda.',
      descriptionDerived: true,
      defaultVersionId: 'v3',
    });
    // A curated policy keeps AWS's own wording.
    expect(policies.find((policy) => policy.name === 'AmazonS3FullAccess')).toMatchObject({
      description: 'Provides full access to all buckets via the AWS Management Console.',
      descriptionDerived: false,
      attachmentCount: 2,
    });
    const names = policies.map((policy) => policy.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
