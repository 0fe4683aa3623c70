import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { createAppContext } from './context';
import { parseWebArgs, UsageError } from './launchOptions';
import { nonLoopbackBindRefusal, startWebServer } from './web/server';

async function main(): Promise<void> {
  const bindRefused = nonLoopbackBindRefusal(process.argv.slice(2), process.env);
  if (bindRefused) {
    process.stderr.write(`trellis web: ${bindRefused}\n`);
    process.exit(2);
  }
  let opts;
  try {
    opts = parseWebArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`trellis web: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  let ctx;
  try {
    ctx = await createAppContext({
      mode: 'web',
      version,
      dataDir: opts.dataDir,
      env: process.env,
      homeDir: homedir(),
      sandbox: opts.sandbox ? { port: opts.sandboxPort, reset: opts.resetSandbox } : false,
      log: (m) => process.stderr.write(`trellis: ${m}\n`),
    });
  } catch (err) {
    // A bad setting (a timeout variable) names itself; only file trouble needs the data-directory advice.
    if (err instanceof RangeError) {
      process.stderr.write(`trellis web: ${err.message}\n`);
      process.exit(2);
    }
    const e = err as NodeJS.ErrnoException;
    const what = e.path ? `cannot use ${e.path} (${e.code ?? e.message})` : e.message;
    process.stderr.write(
      `trellis web: ${what.replace(/\.$/, '')}. Choose another data directory with --data-dir DIR or TRELLIS_DATA_DIR.\n`,
    );
    process.exit(1);
  }
  let server;
  try {
    server = await startWebServer({
      router: ctx.router,
      uploads: ctx.uploads,
      port: opts.port,
      staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    });
  } catch (err) {
    await ctx.close();
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${opts.port} is already in use; pick another with --port N, or --port 0.`
        : String(err);
    process.stderr.write(`trellis web: cannot listen on 127.0.0.1: ${why}\n`);
    process.exit(1);
  }
  if (ctx.sandbox)
    process.stderr.write(
      `trellis: practice sandbox at ${ctx.sandbox.endpoint} (profile "sandbox"); data in ${opts.dataDir}\n`,
    );
  process.stdout.write(`Trellis web mode: open ${server.url}\n`);

  const stop = async () => {
    await server.close();
    await ctx.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main();
