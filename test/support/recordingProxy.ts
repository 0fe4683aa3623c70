/**
 * A loopback HTTP proxy in front of a sandbox that hands every answer body to
 * `onAnswer` before passing it on, so a test can learn what the console was
 * given on the wire (temporary credentials from STS or SSO) and then look
 * for it where it must not be.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';

/** The request an answer was for, and the sandbox's time on it (sent on → whole answer back). */
export interface ProxiedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

export async function recordingProxy(
  upstream: URL,
  onAnswer: (body: string, request: ProxiedRequest) => void,
): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const t0 = performance.now();
      const out = request(
        // The sandbox answers only requests addressed to it (its DNS-rebinding guard); it does not check signatures.
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            const ms = performance.now() - t0;
            onAnswer(Buffer.concat(chunks).toString('utf8'), {
              url: req.url ?? '/',
              headers: req.headers,
              body: Buffer.concat(body),
              ms,
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks));
          });
        },
      );
      out.on('error', () => res.writeHead(502).end());
      out.end(Buffer.concat(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the recording proxy has no port');
  return { server, endpoint: `http://127.0.0.1:${address.port}` };
}
