import { describe, expect, it } from 'vitest';
import { CommandLineError, splitCommandLine } from '../../../src/main/aws/commandLine';

// Each expectation is what Python's shlex.split (the AWS CLI's splitter on Linux and macOS) returns.
describe('splitCommandLine, as the AWS CLI splits credential_process', () => {
  it.each([
    ['/usr/bin/get-creds --profile prod', ['/usr/bin/get-creds', '--profile', 'prod']],
    ['"/opt/My Tools/creds" --id 1', ['/opt/My Tools/creds', '--id', '1']],
    ["aws-vault exec 'my profile' --json", ['aws-vault', 'exec', 'my profile', '--json']],
    ['a"b c"d', ['ab cd']],
    ['a "" b', ['a', '', 'b']],
    ['a\\ b', ['a b']],
    ['"quote \\" inside"', ['quote " inside']],
    ['"back\\slash"', ['back\\slash']],
    ["'single \\ kept'", ['single \\ kept']],
    ['C:\\\\x', ['C:\\x']],
    ['x #not-a-comment', ['x', '#not-a-comment']],
    // No shell: variables, globs and ~ reach the program as they are written.
    ['cmd $HOME ~/x *.json', ['cmd', '$HOME', '~/x', '*.json']],
    ['  lead \t  trail  ', ['lead', 'trail']],
  ])('%s', (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });

  it.each([
    ['"open', 'a double quote is never closed'],
    ["'open", 'a single quote is never closed'],
    ['end\\', 'it ends with a backslash that escapes nothing'],
    ['   ', 'it names no program to run'],
    ['"" --flag', 'it names no program to run'],
  ])('refuses %j: %s', (line, why) => {
    expect(() => splitCommandLine(line)).toThrow(new CommandLineError(why));
  });
});
