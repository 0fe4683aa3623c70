/**
 * Runs a list of AWS CLI commands against one endpoint in ONE Python process:
 * each command goes through the CLI's own driver (`awscli.clidriver`, what
 * the `aws` script calls), with the same arguments, parsing and output a
 * shell would give it. Starting `aws` once per command costs ~0.6 s of CPU
 * for the interpreter alone; ten accounts of ~15 commands would not fit the
 * test's time budget on two cores.
 *
 * A command may save a value from its JSON output (`{ name, path }`, a dotted
 * path) for later commands to use as `{{name}}`. The batch stops at the first
 * failure and reports it with the CLI's own stderr.
 */
import { spawn } from 'node:child_process';

export interface CliStep {
  args: string[];
  save?: { name: string; path: string };
}

export interface CliBatchResult {
  /** Every command run, with its exit code and stderr; the last failed when `failed` is set. */
  results: Array<{ args: string[]; rc: number; stderr: string; seconds: number }>;
  vars: Record<string, string>;
  failed?: string;
}

const RUNNER = String.raw`
import contextlib, io, json, sys, time
from awscli.clidriver import create_clidriver

spec = json.load(sys.stdin)
driver = create_clidriver()
values = {}
results = []
failed = None

def fill(text):
    for key, value in values.items():
        text = text.replace('{{' + key + '}}', value)
    return text

def pick(value, path):
    for part in path.split('.'):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value

for step in spec['commands']:
    args = [fill(a) for a in step['args']]
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = driver.main(['--endpoint-url', spec['endpoint'], '--region', spec['region'], '--output', 'json'] + args)
        except SystemExit as exit:
            rc = exit.code if isinstance(exit.code, int) else 1
    results.append({'args': args, 'rc': rc, 'stderr': err.getvalue(), 'seconds': time.monotonic() - started})
    if rc != 0:
        failed = ' '.join(args) + ': ' + err.getvalue().strip()
        break
    save = step.get('save')
    if save:
        try:
            values[save['name']] = str(pick(json.loads(out.getvalue()), save['path']))
        except (KeyError, IndexError, ValueError, TypeError) as problem:
            failed = ' '.join(args) + ': no ' + save['path'] + ' in its output (' + repr(problem) + ')'
            break

result = {'results': results, 'vars': values}
if failed:
    result['failed'] = failed
json.dump(result, sys.stdout)
`;

/** Bounded: a wedged CLI fails the test instead of hanging it. */
const BATCH_TIMEOUT_MS = 120_000;

export function runCliBatch(
  endpoint: string,
  region: string,
  env: NodeJS.ProcessEnv,
  commands: readonly CliStep[],
): Promise<CliBatchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', RUNNER], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), BATCH_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`the AWS CLI batch exited with ${String(code)}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve(JSON.parse(stdout) as CliBatchResult);
    });
    child.stdin.end(JSON.stringify({ endpoint, region, commands }));
  });
}
