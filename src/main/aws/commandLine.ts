/**
 * Splits a `credential_process` command line into argv the way the AWS CLI
 * does on Linux and macOS (botocore calls Python's `shlex.split`): no shell,
 * so no variables, globs, pipes or `~`; quotes group and are removed; a
 * backslash escapes the next character outside quotes, and only `"` or `\`
 * inside double quotes; single quotes keep everything literally.
 */
export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  /** A word has started, even if it is empty so far (`''` is an empty argument). */
  let inWord = false;
  let quote: "'" | '"' | undefined;

  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else if (c === '\\' && i + 1 >= line.length) throw new CommandLineError('it ends inside a double-quoted string');
      else word += c;
      continue;
    }
    if (WHITESPACE.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') {
      if (i + 1 >= line.length) throw new CommandLineError('it ends with a backslash that escapes nothing');
      word += line[++i];
    } else word += c;
  }
  if (quote) throw new CommandLineError(`a ${quote === '"' ? 'double' : 'single'} quote is never closed`);
  if (inWord) words.push(word);
  if (words.length === 0 || words[0] === '') throw new CommandLineError('it names no program to run');
  return words;
}
