/**
 * The app console pointed at a running moto through an ordinary `moto`
 * profile, as a user would point it at any emulator. moto is seeded directly
 * with the SDK before the console starts, so the console only ever sees
 * state it did not make itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { AppContext } from '../../src/main/context';
import type { Channel, ChannelInput, ChannelOutput, Result, Target } from '../../src/shared/contract';
import { consoleIn, motoProfile } from './appConsole';
import { startMoto, type RunningMoto } from './moto';
import { dispatch, mustCall } from './rpc';

export interface MotoConsole {
  /** moto's address; set up in `beforeAll`, so only read it inside tests. */
  readonly endpoint: string;
  readonly target: Target;
  /** For steps that must succeed: an error result fails the test. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** For steps whose error result the test looks at. */
  dispatch<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
}

/**
 * Registers the `beforeAll`/`afterAll` that start moto, seed it, start the console over it, and stop both.
 * The `moto` profile and the target are in `region`; seed clients should use the same one.
 */
export function motoConsole(
  label: string,
  seed: (endpoint: string) => Promise<void>,
  region = 'us-east-1',
): MotoConsole {
  let moto: RunningMoto | undefined;
  let ctx: AppContext | undefined;
  beforeAll(async () => {
    moto = await startMoto();
    const dir = mkdtempSync(join(tmpdir(), `trellis-moto-${label}-`));
    writeFileSync(join(dir, 'config'), motoProfile(moto.endpoint, region));
    await seed(moto.endpoint);
    ctx = await consoleIn(dir, { sandbox: false });
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
    await moto?.stop();
  });

  const running = (): { moto: RunningMoto; ctx: AppContext } => {
    if (!moto || !ctx) throw new Error('the moto console is only available inside tests');
    return { moto, ctx };
  };
  return {
    get endpoint() {
      return running().moto.endpoint;
    },
    target: { profile: 'moto', region },
    call: (channel, input) => mustCall(running().ctx.router, channel, input),
    dispatch: (channel, input) => dispatch(running().ctx.router, channel, input),
  };
}
