/**
 * What `node out/main/sandbox.js` does, as a function with injected output so
 * tests can run it in-process. Exit code 2 means the arguments or the state
 * file were unusable; nothing is ever written over a state file that failed to
 * load unless --reset was given.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliUsageError, parseCliArgs, USAGE } from './cliArgs';
import { FaultConfigError, parseFaultConfigText } from './faults/config';
import type { FaultConfig } from './faults/types';
import { SERVICES } from './router';
import { type RunningSandbox, SandboxStateError, startSandbox } from './index';
import { buildScenario } from './scenarios';
import { writeStateFileAtomically } from './state/store';

export interface CliOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export type CliOutcome = { readonly exitCode: number } | { readonly sandbox: RunningSandbox };

function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

async function currentScenario(endpoint: string): Promise<string> {
  const response = await fetch(`${endpoint}/_trellis/health`);
  const body: unknown = await response.json();
  if (typeof body === 'object' && body !== null && 'scenario' in body) {
    const { scenario } = body as { scenario: unknown };
    if (typeof scenario === 'string') return scenario;
  }
  throw new Error('The sandbox health route gave no scenario.');
}

/** `--faults` is inline JSON when it opens an object, else a file to read; either way checked before the sandbox starts. */
async function loadFaults(source: string): Promise<FaultConfig> {
  const inline = source.trimStart().startsWith('{');
  let text = source;
  if (!inline) {
    try {
      text = await readFile(source, 'utf8');
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FaultConfigError(`cannot read the --faults file ${source} (${reason}).`);
    }
  }
  try {
    return parseFaultConfigText(
      text,
      SERVICES.map((service) => service.signingName),
    );
  } catch (error: unknown) {
    if (error instanceof FaultConfigError && !inline) throw new FaultConfigError(`${source}: ${error.message}`);
    throw error;
  }
}

export async function runCli(argv: readonly string[], output: CliOutput): Promise<CliOutcome> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (error: unknown) {
    if (!(error instanceof CliUsageError)) throw error;
    output.err(`trellis-sandbox: ${error.message}`);
    output.err(USAGE);
    return { exitCode: 2 };
  }
  if (options.help) {
    output.out(USAGE);
    return { exitCode: 0 };
  }
  const stateFile = options.stateFile === undefined ? undefined : resolve(options.stateFile);
  let faults: FaultConfig | undefined;
  try {
    faults = options.faults === undefined ? undefined : await loadFaults(options.faults);
  } catch (error: unknown) {
    if (!(error instanceof FaultConfigError)) throw error;
    output.err(`trellis-sandbox: --faults: ${error.message}`);
    return { exitCode: 2 };
  }
  try {
    if (options.reset && stateFile !== undefined) {
      await writeStateFileAtomically(
        stateFile,
        buildScenario(options.scenario, new Date(), options.scale, options.partition),
      );
    }
    const sandbox = await startSandbox({
      port: options.port,
      scenario: options.scenario,
      stateFile,
      ...(options.scale === undefined ? {} : { scale: options.scale }),
      ...(options.partition === undefined ? {} : { partition: options.partition }),
      ...(faults === undefined ? {} : { faults }),
    });
    const scenario = await currentScenario(sandbox.endpoint);
    if (options.scenarioExplicit && scenario !== options.scenario) {
      output.err(
        `trellis-sandbox: note: ${stateFile} holds the ${scenario} scenario; --scenario ${options.scenario} applies only to a new state file or with --reset.`,
      );
    }
    output.out(
      `Trellis sandbox listening on ${sandbox.endpoint} (scenario ${scenario}, state ${stateFile ?? 'in-memory'})`,
    );
    if (faults !== undefined && faults.rules.length > 0) {
      output.out(`Injecting faults: ${faults.rules.length} rule(s); see ${sandbox.endpoint}/_trellis/faults`);
    }
    return { sandbox };
  } catch (error: unknown) {
    if (error instanceof SandboxStateError) {
      output.err(`trellis-sandbox: ${error.message}`);
      return { exitCode: 2 };
    }
    const code = errnoCode(error);
    if (code === 'EADDRINUSE') {
      output.err(`trellis-sandbox: port ${options.port} is already in use; pick another with --port.`);
      return { exitCode: 1 };
    }
    if (code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EROFS') {
      const reason = error instanceof Error ? error.message : String(error);
      output.err(`trellis-sandbox: cannot write state file ${stateFile ?? ''} (${reason}).`);
      return { exitCode: 2 };
    }
    throw error;
  }
}
