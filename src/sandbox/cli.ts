/** Entry point of the standalone sandbox (bundled to out/main/sandbox.js). */
import { runCli } from './cliMain';

const outcome = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

if ('exitCode' in outcome) {
  process.exit(outcome.exitCode);
} else {
  const { sandbox } = outcome;
  const stop = (): void => {
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('trellis-sandbox: error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
