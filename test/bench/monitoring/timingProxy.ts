/**
 * The recording proxy (test/support/recordingProxy.ts) between the console
 * and the sandbox child, so the sandbox's own time is measured on exactly the
 * requests the console sends (whatever their queries): from the request sent
 * on to the sandbox's whole answer back, per AWS operation. What is left of
 * the console's time is its own (signing, parsing, shaping the answer).
 */
import { recordingProxy, type ProxiedRequest } from '../../support/recordingProxy';

export interface ProxiedCall {
  /** From the `X-Amz-Target` header, the RPC v2 path or the query's Action; 'unknown' when none says. */
  operation: string;
  sandboxMs: number;
  responseBytes: number;
}

export interface TimingProxy {
  endpoint: string;
  /** The calls since the last take, oldest first. */
  take(): ProxiedCall[];
  close(): Promise<void>;
}

function operationOf(request: ProxiedRequest): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  // The CloudWatch SDK speaks RPC v2 CBOR: the operation is the path's last part.
  const rpc = /\/operation\/([A-Za-z]+)$/.exec(request.url);
  if (rpc?.[1]) return rpc[1];
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(request.body.toString('latin1'));
  return action?.[1] ?? 'unknown';
}

export async function startTimingProxy(sandboxEndpoint: string): Promise<TimingProxy> {
  let calls: ProxiedCall[] = [];
  const { server, endpoint } = await recordingProxy(new URL(sandboxEndpoint), (body, request) =>
    calls.push({ operation: operationOf(request), sandboxMs: request.ms, responseBytes: body.length }),
  );
  return {
    endpoint,
    take() {
      const out = calls;
      calls = [];
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
