import { z } from 'zod';
import { readJsonFile, refuseIfMalformed, writeJsonFileAtomically } from './jsonFileStore';

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
    const read = readJsonFile(file, settingsSchema);
    if (read.status === 'ok') this.settings = read.value;
    else if (read.status === 'malformed') {
      this.problem = `${file} is not valid Trellis settings (${read.why}); using defaults and leaving the file as it is.`;
    }
  }

  isReadOnly(profile: string): boolean {
    return this.settings.readOnlyProfiles.includes(profile);
  }

  setReadOnly(profile: string, readOnly: boolean): void {
    refuseIfMalformed(this.problem, 'Fix or delete the settings file.');
    const others = this.settings.readOnlyProfiles.filter((p) => p !== profile);
    this.settings = { ...this.settings, readOnlyProfiles: readOnly ? [...others, profile].sort() : others };
    writeJsonFileAtomically(this.file, this.settings);
  }
}
