/**
 * Requests the SDKs would never send, for the wire-protocol tests: node:http
 * for anything it can express, a raw socket for framing it refuses to
 * produce. Every request is bounded, so a hang fails a test instead of
 * stalling it. `codeOf` reads an error code the way each protocol's client does.
 */
import { connect } from 'node:net';
import { rawRequest } from './rawHttp';

export const WIRE_TIMEOUT_MS = 5_000;

export type Protocol = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface Send {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

export function send(endpoint: string, options: Send): Promise<Reply> {
  return rawRequest(endpoint, { ...options, timeoutMs: WIRE_TIMEOUT_MS });
}

/** `head` is the request line and headers (Host and Connection are added); read until the server closes. */
export function sendRaw(port: number, head: string, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(WIRE_TIMEOUT_MS, () => socket.destroy(new Error('raw request timed out')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = text.slice(0, split === -1 ? text.length : split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number(statusLine.split(' ')[1] ?? 0);
      resolve({ status, headers, body: split === -1 ? '' : text.slice(split + 4) });
    });
    socket.end(`${head}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n${body}`);
  });
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/**
 * The error code as that protocol's client reads it; undefined when the envelope is not that protocol's.
 * `generic` is the awsQuery envelope the sandbox uses before it knows the service.
 */
export function codeOf(protocol: Protocol | 'generic', reply: Reply): string | undefined {
  const { body } = reply;
  switch (protocol) {
    case 'query':
    case 'generic':
      return body.startsWith('<ErrorResponse') ? tag(body, 'Code') : undefined;
    case 'ec2':
      return body.startsWith('<Response><Errors>') ? tag(body, 'Code') : undefined;
    case 'rest-xml':
      return body.includes('<Error>') ? tag(body, 'Code') : undefined;
    case 'json': {
      const type: unknown = (JSON.parse(body) as Record<string, unknown>)['__type'];
      return typeof type === 'string' ? type : undefined;
    }
    case 'rest-json': {
      // The body must still be JSON; the code travels in a header.
      JSON.parse(body);
      const type = reply.headers['x-amzn-errortype'];
      return typeof type === 'string' ? type : undefined;
    }
  }
}
