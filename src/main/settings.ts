import { createHash } from 'node:crypto';
import { z } from 'zod';
import { profilePreferencesSchema, type ProfilePreferences } from '../shared/contract';
import type { ProcessApprovals } from './aws/processCredentials';
import { readJsonFile, refuseIfMalformed, writeJsonFileAtomically } from './jsonFileStore';

const settingsSchema = z.object({
  version: z.literal(1),
  readOnlyProfiles: z.array(z.string()).default([]),
  /**
   * credential_process command lines the user allowed, one per profile. Only a
   * digest is kept: the file says what was allowed without repeating the command.
   */
  processApprovals: z
    .array(z.object({ profile: z.string(), commandSha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .default([]),
  /** Pinned, colour and production per profile; a profile with the defaults has no entry. */
  profilePreferences: z.record(z.string(), profilePreferencesSchema).default({}),
});
type Settings = z.infer<typeof settingsSchema>;

/**
 * The console's own preferences (not AWS configuration). A settings file that
 * cannot be read is reported and left untouched: the user's file is never
 * overwritten with defaults.
 */
export class SettingsStore implements ProcessApprovals {
  private settings: Settings = { version: 1, readOnlyProfiles: [], processApprovals: [], profilePreferences: {} };
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

  /** True only for the exact command line approved for this profile; any change to it voids the approval. */
  isApproved(profile: string, command: string): boolean {
    const digest = commandDigest(command);
    return this.settings.processApprovals.some((a) => a.profile === profile && a.commandSha256 === digest);
  }

  /** Remembers the command for the profile, replacing whatever was approved for it before. */
  approveProcess(profile: string, command: string): void {
    refuseIfMalformed(this.problem, 'Fix or delete the settings file.');
    const others = this.settings.processApprovals.filter((a) => a.profile !== profile);
    const approvals = [...others, { profile, commandSha256: commandDigest(command) }];
    this.settings = {
      ...this.settings,
      processApprovals: approvals.sort((a, b) => a.profile.localeCompare(b.profile)),
    };
    writeJsonFileAtomically(this.file, this.settings);
  }

  preferencesOf(profile: string): ProfilePreferences {
    return this.settings.profilePreferences[profile] ?? DEFAULT_PREFERENCES;
  }

  /** Changes only the fields given; `colour: null` removes the colour. */
  setPreferences(profile: string, change: PreferenceChange): ProfilePreferences {
    refuseIfMalformed(this.problem, 'Fix or delete the settings file.');
    const current = this.preferencesOf(profile);
    const colour = change.colour === undefined ? current.colour : (change.colour ?? undefined);
    const next: ProfilePreferences = {
      pinned: change.pinned ?? current.pinned,
      production: change.production ?? current.production,
      ...(colour ? { colour } : {}),
    };
    const { [profile]: _previous, ...others } = this.settings.profilePreferences;
    const isDefault = !next.pinned && !next.production && !next.colour;
    this.settings = { ...this.settings, profilePreferences: isDefault ? others : { ...others, [profile]: next } };
    writeJsonFileAtomically(this.file, this.settings);
    return next;
  }
}

export type PreferenceChange = Partial<Pick<ProfilePreferences, 'pinned' | 'production'>> & {
  colour?: ProfilePreferences['colour'] | null;
};

const DEFAULT_PREFERENCES: ProfilePreferences = { pinned: false, production: false };

function commandDigest(command: string): string {
  return createHash('sha256').update(command, 'utf8').digest('hex');
}
