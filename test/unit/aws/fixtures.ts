import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempAws {
  /** A fake home directory; the real ~/.aws is never read. */
  home: string;
  configPath: string;
  credentialsPath: string;
  write(which: 'config' | 'credentials', text: string): void;
  cleanup(): void;
}

/** Shared files at the default locations under a temporary home. */
export function tempAws(files: { config?: string; credentials?: string } = {}): TempAws {
  const home = mkdtempSync(join(tmpdir(), 'trellis-aws-'));
  mkdirSync(join(home, '.aws'));
  const paths = { config: join(home, '.aws', 'config'), credentials: join(home, '.aws', 'credentials') };
  const write = (which: 'config' | 'credentials', text: string) => writeFileSync(paths[which], text);
  if (files.config !== undefined) write('config', files.config);
  if (files.credentials !== undefined) write('credentials', files.credentials);
  return {
    home,
    configPath: paths.config,
    credentialsPath: paths.credentials,
    write,
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Joins lines so tests can count line numbers at a glance. */
export function lines(...rows: string[]): string {
  return rows.join('\n') + '\n';
}
