/** POSIX single-quoting, only where needed, so the command can be pasted into a shell as is. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Where a pasted CLI command must go: the same account and endpoint the console used. */
export interface CliTarget {
  region: string;
  profile?: string;
  endpoint?: string;
  /** Environment assignments placed before `aws` (the sandbox accepts any key, so placeholders do). */
  envPrefix?: string;
}

export type CliArgs = Record<string, string | number | boolean | undefined>;

/**
 * The AWS CLI command equivalent to one API call. Profile, region and endpoint
 * are always explicit so that copying it never acts on a different account
 * than the console did.
 */
export function cliCommand(target: CliTarget, service: string, command: string, args: CliArgs): string {
  const parts = target.envPrefix ? [target.envPrefix, 'aws', service, command] : ['aws', service, command];
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined || value === false) continue;
    parts.push(`--${key}`);
    if (value !== true) parts.push(shellQuote(String(value)));
  }
  if (target.profile) parts.push('--profile', shellQuote(target.profile));
  parts.push('--region', target.region);
  if (target.endpoint) parts.push('--endpoint-url', shellQuote(target.endpoint));
  return parts.join(' ');
}
