/**
 * A practice sandbox in a process of its own, for tests that kill it: started
 * with `node sandboxChild.mjs STATE_FILE [COMPACT_LOG_AT_BYTES]` (bundled by
 * the test with rolldown), it prints `READY <endpoint>` once it listens.
 */
import { startSandbox } from '../../src/sandbox';

const [stateFile, compactAt] = process.argv.slice(2);
if (stateFile === undefined) {
  console.error('usage: sandboxChild STATE_FILE [COMPACT_LOG_AT_BYTES]');
  process.exit(2);
}
startSandbox({
  scenario: 'empty',
  stateFile,
  ...(compactAt === undefined ? {} : { compactLogAtBytes: Number(compactAt) }),
}).then(
  (sandbox) => console.log(`READY ${sandbox.endpoint}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
