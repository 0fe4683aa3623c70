import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TrellisError } from './aws/errors';

const settingsSchema = z.object({
  version: z.literal(1),
  readOnlyProfiles: z.array(z.string()).default([]),
});
type Settings = z.infer<typeof settingsSchema>;

/**
 * The console's own preferences (not AWS configuration). A settings file that
 * cannot be read is reported and left untouched: the user's file is never
 * overwritten with defaults.
 */
export class SettingsStore {
  private settings: Settings = { version: 1, readOnlyProfiles: [] };
  readonly problem: string | undefined;

  constructor(private readonly file: string) {
    if (!existsSync(file)) return;
    try {
      this.settings = settingsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (err) {
      const why =
        err instanceof z.ZodError
          ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
          : String((err as Error).message);
      this.problem = `${file} is not valid Trellis settings (${why}); using defaults and leaving the file as it is.`;
    }
  }

  isReadOnly(profile: string): boolean {
    return this.settings.readOnlyProfiles.includes(profile);
  }

  setReadOnly(profile: string, readOnly: boolean): void {
    if (this.problem) {
      throw new TrellisError({
        code: 'profile-config',
        message: this.problem,
        hint: 'Fix or delete the settings file.',
        retryable: false,
      });
    }
    const others = this.settings.readOnlyProfiles.filter((p) => p !== profile);
    this.settings = { ...this.settings, readOnlyProfiles: readOnly ? [...others, profile].sort() : others };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.settings, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
