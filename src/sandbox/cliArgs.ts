/** Command-line parsing for the standalone sandbox, kept apart from start-up so it is testable. */
import { type Partition, PARTITIONS } from '../shared/aws/partitions';
import { PARTITIONED_SCENARIOS, SCALE_LIMITS, SCALE_NAMES, type ScaleName, type ScenarioScale } from './scenarios';
import { SCENARIO_NAMES, type ScenarioName } from './state/document';

export interface CliOptions {
  readonly port: number;
  readonly scenario: ScenarioName;
  /** True when --scenario was given, so a state file holding another scenario can be pointed out. */
  readonly scenarioExplicit: boolean;
  readonly stateFile: string | undefined;
  /** Sizes for the large-account scenario, from `--scale roles=5000,parameters=20000`. */
  readonly scale: Partial<ScenarioScale> | undefined;
  /** From `--partition aws-cn`: a new account in that partition (empty scenario only). */
  readonly partition: Partition | undefined;
  /** From `--faults`: a JSON file's path, or the JSON itself when it starts with `{` (checked at start-up). */
  readonly faults: string | undefined;
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
  `Usage: node out/main/sandbox.js [--port N] [--scenario ${SCENARIO_NAMES.join('|')}] [--scale K=N,…] [--partition P] [--state FILE] [--reset] [--faults FILE|JSON]`,
  '',
  '  --port N       port on 127.0.0.1 (0 or omitted: a random free port)',
  '  --scenario S   training-lab (default), empty or large-account; used when the state is new or reset',
  `  --scale K=N,…  sizes for large-account, e.g. roles=5000,parameters=20000 (${SCALE_NAMES.join(', ')})`,
  `  --partition P  ${PARTITIONS.join(', ')}: a new empty account in that partition, answering only in its regions`,
  '  --state FILE   keep state in FILE: load it if it exists, save after every change',
  '  --reset        replace the state in FILE with a fresh scenario before starting',
  '  --faults F     inject faults: a JSON file or inline JSON {"rules":[{"service":"iam","kind":"throttle","rate":0.2}]}',
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

function isScaleName(name: string): name is ScaleName {
  return SCALE_NAMES.some((known) => known === name);
}

function parseScale(text: string): Partial<ScenarioScale> {
  const scale: Partial<Record<ScaleName, number>> = {};
  for (const entry of text.split(',')) {
    const [name = '', value, ...rest] = entry.split('=').map((part) => part.trim());
    if (!isScaleName(name)) {
      throw new CliUsageError(`--scale knows ${SCALE_NAMES.join(', ')}; got '${name}'.`);
    }
    const limit = SCALE_LIMITS[name];
    if (value === undefined || rest.length > 0 || !/^\d+$/.test(value) || Number(value) > limit) {
      throw new CliUsageError(`--scale ${name} must be an integer from 0 to ${limit}, got '${entry.trim()}'.`);
    }
    scale[name] = Number(value);
  }
  return scale;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let port = 0;
  let scenario: ScenarioName = 'training-lab';
  let scenarioExplicit = false;
  let stateFile: string | undefined;
  let scale: Partial<ScenarioScale> | undefined;
  let partition: Partition | undefined;
  let reset = false;
  let help = false;
  let faults: string | undefined;
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
      case '--scale':
        scale = { ...scale, ...parseScale(value()) };
        break;
      case '--partition': {
        const text = value();
        const match = PARTITIONS.find((candidate) => candidate === text);
        if (match === undefined)
          throw new CliUsageError(`--partition must be one of ${PARTITIONS.join(', ')}, got '${text}'.`);
        partition = match;
        break;
      }
      case '--reset':
        reset = true;
        break;
      case '--faults': {
        const source = value();
        if (source.trim() === '') throw new CliUsageError('--faults needs a JSON file or inline JSON.');
        faults = source;
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new CliUsageError(`Unknown argument '${arg}'.`);
    }
  }
  if (scale !== undefined && scenarioExplicit && scenario !== 'large-account') {
    throw new CliUsageError(`--scale sizes the large-account scenario only, not ${scenario}.`);
  }
  if (partition !== undefined && partition !== 'aws' && !PARTITIONED_SCENARIOS.includes(scenario)) {
    throw new CliUsageError(
      `--partition ${partition} needs --scenario ${PARTITIONED_SCENARIOS.join(' or ')}: the ${scenario} scenario is written in the aws partition.`,
    );
  }
  return { port, scenario, scenarioExplicit, stateFile, scale, partition, faults, reset, help };
}
