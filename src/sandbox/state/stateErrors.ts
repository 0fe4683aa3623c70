/** Errors about the files the sandbox keeps its state in. */

/** A state file that cannot be used. The message is written for the person who owns the file. */
export class SandboxStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxStateError';
  }
}

export const RESET_HINT =
  'The file was left untouched. Fix it, or replace it with a fresh scenario: --reset for `npm run sandbox`, --reset-sandbox for `npm start` and `npm run web` (which keep the old file as a .bak).';

export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
