import { contract, isChannel, type Channel, type ChannelOutput, type ParsedInput } from '../../shared/contract';
import type { AppError, Result } from '../../shared/contract';
import { toAppError } from '../aws/errors';
import { runWithCallSignal } from './callSignal';

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> };

export interface Router {
  /** `signal` cancels the AWS requests the call makes (see callSignal.ts); the transport aborts it when the caller stops waiting. */
  dispatch(channel: string, rawInput: unknown, signal?: AbortSignal): Promise<Result<unknown>>;
}

function fail(error: AppError): Result<never> {
  return { ok: false, error };
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * The single entry point for both transports (Electron IPC and web mode), so
 * validation, error shaping and output checking cannot differ between them.
 */
export function createRouter(
  handlers: Handlers,
  opts: { onInternalError?: (channel: string, err: unknown) => void } = {},
): Router {
  async function run<C extends Channel>(channel: C, rawInput: unknown): Promise<Result<unknown>> {
    const spec = contract[channel];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return fail({
        code: 'validation',
        message: `Invalid input for ${channel}: ${describeIssues(parsed.error.issues)}`,
        retryable: false,
      });
    }
    let data: unknown;
    try {
      data = await handlers[channel](parsed.data as ParsedInput<C>);
    } catch (err) {
      const error = toAppError(err);
      if (error.code === 'internal') opts.onInternalError?.(channel, err);
      return fail(error);
    }
    // Checking our own output keeps the contract honest: a service that starts
    // returning a different shape fails loudly here instead of in a view.
    const checked = spec.output.safeParse(data);
    if (!checked.success) {
      opts.onInternalError?.(channel, checked.error);
      return fail({
        code: 'internal',
        message: `Trellis produced an invalid response for ${channel}: ${describeIssues(checked.error.issues)}`,
        retryable: false,
      });
    }
    return { ok: true, data: checked.data };
  }

  return {
    dispatch(channel, rawInput, signal) {
      if (!isChannel(channel)) {
        return Promise.resolve(
          fail({ code: 'unknown-channel', message: `No such channel: ${channel}`, retryable: false }),
        );
      }
      return runWithCallSignal(signal, () => run(channel, rawInput));
    },
  };
}
