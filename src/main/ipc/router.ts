import {
  contract,
  isChannel,
  isStreamedChannel,
  progressContract,
  withoutStreamedLists,
  type Channel,
  type ChannelOutput,
  type ParsedInput,
  type ProgressListener,
} from '../../shared/contract';
import type { AppError, Result } from '../../shared/contract';
import { toAppError } from '../aws/errors';
import { runWithCallSignal } from './callSignal';

/** What a handler is given besides its input: a streamed channel's page sink, when the caller asked for pages. */
export interface CallContext<C extends Channel> {
  progress?: ProgressListener<C>;
}

export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>, call: CallContext<C>) => Promise<ChannelOutput<C>>;
};

export interface Router {
  /**
   * `signal` cancels the AWS requests the call makes (see callSignal.ts); the transport aborts it when the
   * caller stops waiting. `onProgress`, for a streamed channel (progress.ts), is told of each page, checked
   * against the channel's page schema; the answer then leaves out the rows the pages carried.
   */
  dispatch(
    channel: string,
    rawInput: unknown,
    signal?: AbortSignal,
    onProgress?: (page: unknown) => void,
  ): Promise<Result<unknown>>;
}

function fail(error: AppError): Result<never> {
  return { ok: false, error };
}

/** Long keys and messages are cut: an error that echoes a 1 MiB field is itself a problem. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => {
      const message = clip(i.message, 300);
      return i.path.length ? `${i.path.map((p) => clip(String(p), 100)).join('.')}: ${message}` : message;
    })
    .join('; ');
}

// A UTF-16 surrogate without its partner: JavaScript allows it, but it is not Unicode, and the SDK's
// encodeURIComponent throws "URI malformed" on it mid-call.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first key or string in already-validated input that is not well-formed Unicode.
 * Run on the parsed data, whose size the schemas bound, so the walk is bounded too.
 */
export function illFormedTextPath(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) return [...path, key];
    const found = illFormedTextPath(item, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The single entry point for both transports (Electron IPC and web mode), so
 * validation, error shaping and output checking cannot differ between them.
 */
export function createRouter(
  handlers: Handlers,
  opts: { onInternalError?: (channel: string, err: unknown) => void } = {},
): Router {
  /** The handler's page sink: each page checked like an output, and dropped (reported) if it does not fit. */
  function progressFor<C extends Channel>(channel: C, onProgress: (page: unknown) => void): CallContext<C> {
    if (!isStreamedChannel(channel)) return {};
    const schema = progressContract[channel].page;
    const progress = (page: unknown) => {
      const checked = schema.safeParse(page);
      if (checked.success) onProgress(checked.data);
      else opts.onInternalError?.(channel, checked.error);
    };
    return { progress: progress as ProgressListener<C> };
  }

  async function run<C extends Channel>(
    channel: C,
    rawInput: unknown,
    onProgress: ((page: unknown) => void) | undefined,
  ): Promise<Result<unknown>> {
    const spec = contract[channel];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return fail({
        code: 'validation',
        message: `Invalid input for ${channel}: ${describeIssues(parsed.error.issues)}`,
        retryable: false,
      });
    }
    const illFormed = illFormedTextPath(parsed.data);
    if (illFormed) {
      return fail({
        code: 'validation',
        message: `Invalid input for ${channel}: ${describeIssues([{ path: illFormed, message: 'contains a lone UTF-16 surrogate, which is not valid Unicode text' }])}`,
        retryable: false,
      });
    }
    let data: unknown;
    try {
      data = await handlers[channel](parsed.data as ParsedInput<C>, onProgress ? progressFor(channel, onProgress) : {});
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
    const streamed = onProgress !== undefined && isStreamedChannel(channel);
    return { ok: true, data: streamed ? withoutStreamedLists(channel, checked.data) : checked.data };
  }

  return {
    dispatch(channel, rawInput, signal, onProgress) {
      if (!isChannel(channel)) {
        return Promise.resolve(
          fail({ code: 'unknown-channel', message: `No such channel: ${channel}`, retryable: false }),
        );
      }
      return runWithCallSignal(signal, () => run(channel, rawInput, onProgress));
    },
  };
}
