import type { Router } from '../../src/main/ipc/router';
import type { Channel, ChannelInput, ChannelOutput, Result } from '../../src/shared/contract';

/** A router call typed by its channel, as the renderer sees it. */
export function dispatch<C extends Channel>(
  router: Router,
  channel: C,
  input: ChannelInput<C>,
): Promise<Result<ChannelOutput<C>>> {
  return router.dispatch(channel, input) as Promise<Result<ChannelOutput<C>>>;
}

/** For steps that must succeed: an error result fails the test with its code and message. */
export async function mustCall<C extends Channel>(
  router: Router,
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const res = await dispatch(router, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code}: ${res.error.message}`);
  return res.data;
}
