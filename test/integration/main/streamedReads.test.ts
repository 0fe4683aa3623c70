/**
 * Paged reads streamed through the router against the practice sandbox (a
 * small large-account scenario): each GetAccountAuthorizationDetails and
 * DescribeParameters page reaches the caller as a typed page event, with the
 * counts so far, before the final answer; that answer leaves out the rows
 * the pages carried, and the pages and answer together are the same output
 * as the unstreamed call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { buildScenario } from '../../../src/sandbox/scenarios';
import {
  createPageAssembler,
  iamSnapshotPageSchema,
  parameterPageSchema,
  type IamSnapshot,
  type IamSnapshotPage,
  type ParameterList,
  type ParameterPage,
  type Result,
} from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';

const SCALE = {
  roles: 2300,
  users: 150,
  applications: 1,
  environments: 1,
  events: 10,
  domains: 0,
  parameters: 230,
  dbInstances: 0,
  securityGroups: 0,
};
const target = { profile: 'sandbox', region: 'us-east-1' };

let dir: string;
let ctx: AppContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-streamed-'));
  writeFileSync(join(dir, 'sandbox-state.json'), JSON.stringify(buildScenario('large-account', new Date(), SCALE)));
  writeFileSync(join(dir, 'config'), '');
  ctx = await consoleIn(dir, { sandbox: true });
}, 60_000);

afterAll(async () => {
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name).sort();

describe('streamed paged reads', () => {
  it('iam.snapshot: one page event per GetAccountAuthorizationDetails page, then the answer without the rows', async () => {
    const pages: IamSnapshotPage[] = [];
    const answer = (await ctx.router.dispatch('iam.snapshot', { target }, undefined, (page) => {
      pages.push(iamSnapshotPageSchema.parse(page));
    })) as Result<IamSnapshot>;
    if (!answer.ok) throw new Error(answer.error.message);

    const whole = await mustCall(ctx.router, 'iam.snapshot', { target });
    // 2,300 roles, 150 users and the local policies, 1,000 items a page.
    expect(pages.length).toBe(whole.apiCalls);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.map((p) => p.pages)).toEqual(pages.map((_, i) => i + 1));
    expect(answer.data.apiCalls).toBe(pages.length);
    expect(answer.data.roles).toEqual([]);
    expect(answer.data.users).toEqual([]);
    expect(answer.data.localPolicies).toEqual([]);

    // Counts run on page by page, and the last page's counts are the whole account's.
    let roles = 0;
    for (const page of pages) {
      roles += page.roles.length;
      expect(page.loaded.roles).toBe(roles);
    }
    expect(pages.at(-1)!.loaded).toEqual({
      roles: whole.roles.length,
      users: whole.users.length,
      localPolicies: whole.localPolicies.length,
    });
    expect(whole.roles.length).toBeGreaterThanOrEqual(SCALE.roles);

    // The pages and the answer rebuild the unstreamed output, row for row.
    const assembler = createPageAssembler('iam.snapshot');
    pages.forEach((p) => assembler.add(p));
    const rebuilt = assembler.finish(answer.data) as IamSnapshot;
    expect(names(rebuilt.roles)).toEqual(names(whole.roles));
    expect(names(rebuilt.users)).toEqual(names(whole.users));
    expect(names(rebuilt.localPolicies)).toEqual(names(whole.localPolicies));
    const sample = whole.roles[1234]!;
    expect(rebuilt.roles.find((r) => r.name === sample.name)).toEqual(sample);
  });

  it('ssm.listParameters: one page event per DescribeParameters page of 50, then the answer', async () => {
    const pages: ParameterPage[] = [];
    const answer = (await ctx.router.dispatch('ssm.listParameters', { target }, undefined, (page) => {
      pages.push(parameterPageSchema.parse(page));
    })) as Result<ParameterList>;
    if (!answer.ok) throw new Error(answer.error.message);
    const whole = await mustCall(ctx.router, 'ssm.listParameters', { target });

    expect(pages.length).toBe(Math.ceil(whole.parameters.length / 50));
    expect(answer.data).toEqual({ parameters: [], apiCalls: pages.length });
    expect(pages.map((p) => p.loaded)).toEqual(pages.map((_, i) => Math.min((i + 1) * 50, whole.parameters.length)));
    const assembler = createPageAssembler('ssm.listParameters');
    pages.forEach((p) => assembler.add(p));
    expect(names((assembler.finish(answer.data) as ParameterList).parameters)).toEqual(names(whole.parameters));
  });

  it('a cancelled streamed call stops paging and sends no more page events', async () => {
    const controller = new AbortController();
    let events = 0;
    const answer = await ctx.router.dispatch('ssm.listParameters', { target }, controller.signal, () => {
      events += 1;
      if (events === 2) controller.abort();
    });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toMatch(/^Cancelled/);
    expect(events).toBe(2);
  });
});
