import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from '../../../src/sandbox/cliArgs';

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error: unknown) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a CliUsageError');
}

describe('sandbox command line', () => {
  it('parses every option, in both --flag value and --flag=value forms', () => {
    expect(parseCliArgs(['--port', '4566', '--scenario=empty', '--state', 'a.json', '--reset'])).toEqual({
      port: 4566,
      scenario: 'empty',
      scenarioExplicit: true,
      stateFile: 'a.json',
      reset: true,
      help: false,
    });
  });

  it('defaults to a random port, the training lab and in-memory state', () => {
    expect(parseCliArgs([])).toMatchObject({ port: 0, scenario: 'training-lab', stateFile: undefined, reset: false });
  });

  it('reads --scale sizes for the large account, naming a bad one', () => {
    expect(
      parseCliArgs(['--scenario', 'large-account', '--scale', 'roles=5000,parameters=20000', '--scale=seed=7']).scale,
    ).toEqual({ roles: 5000, parameters: 20000, seed: 7 });
    expect(usageError(['--scale', 'rolls=5'])).toMatch(/^--scale knows roles, users, .*; got 'rolls'\.$/);
    expect(usageError(['--scale', 'roles=many'])).toBe(
      "--scale roles must be an integer from 0 to 100000, got 'roles=many'.",
    );
    expect(usageError(['--scale', 'roles=100001'])).toContain('from 0 to 100000');
    expect(usageError(['--scenario', 'empty', '--scale', 'roles=5'])).toBe(
      '--scale sizes the large-account scenario only, not empty.',
    );
  });

  it('names the bad value', () => {
    expect(usageError(['--port', 'abc'])).toBe("--port must be an integer from 0 to 65535, got 'abc'.");
    expect(usageError(['--port', '65536'])).toBe("--port must be an integer from 0 to 65535, got '65536'.");
    expect(usageError(['--port', '-1'])).toBe("--port must be an integer from 0 to 65535, got '-1'.");
    expect(usageError(['--port=1.5'])).toContain("got '1.5'");
    expect(usageError(['--scenario', 'prod'])).toBe(
      "--scenario must be one of training-lab, empty, large-account, got 'prod'.",
    );
    expect(usageError(['--state'])).toBe('--state needs a value.');
    expect(usageError(['--verbose'])).toBe("Unknown argument '--verbose'.");
  });
});
