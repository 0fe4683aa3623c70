/** Command-line parsing for the standalone sandbox, kept apart from start-up so it is testable. */
import { SCENARIO_NAMES, type ScenarioName } from './state/document';

export interface CliOptions {
  readonly port: number;
  readonly scenario: ScenarioName;
  /** True when --scenario was given, so a state file holding another scenario can be pointed out. */
  readonly scenarioExplicit: boolean;
  readonly stateFile: string | undefined;
  readonly reset: boolean;
  readonly help: boolean;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const USAGE = [
  'Usage: node out/main/sandbox.js [--port N] [--scenario training-lab|empty] [--state FILE] [--reset]',
  '',
  '  --port N       port on 127.0.0.1 (0 or omitted: a random free port)',
  '  --scenario S   training-lab (default) or empty; used when the state is new or reset',
  '  --state FILE   keep state in FILE: load it if it exists, save after every change',
  '  --reset        replace the state in FILE with a fresh scenario before starting',
].join('\n');

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new CliUsageError(`--port must be an integer from 0 to 65535, got '${text}'.`);
  }
  return Number(text);
}

function parseScenario(text: string): ScenarioName {
  const match = SCENARIO_NAMES.find((name) => name === text);
  if (match === undefined) {
    throw new CliUsageError(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}, got '${text}'.`);
  }
  return match;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let port = 0;
  let scenario: ScenarioName = 'training-lab';
  let scenarioExplicit = false;
  let stateFile: string | undefined;
  let reset = false;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new CliUsageError(`${flag} needs a value.`);
      i += 1;
      return next;
    };
    switch (flag) {
      case '--port':
        port = parsePort(value());
        break;
      case '--scenario':
        scenario = parseScenario(value());
        scenarioExplicit = true;
        break;
      case '--state': {
        const file = value();
        if (file.trim() === '') throw new CliUsageError('--state needs a file name.');
        stateFile = file;
        break;
      }
      case '--reset':
        reset = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new CliUsageError(`Unknown argument '${arg}'.`);
    }
  }
  return { port, scenario, scenarioExplicit, stateFile, reset, help };
}
