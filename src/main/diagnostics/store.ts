/**
 * What the user tells the Doctor and expects it to remember: declared
 * deployers, required properties, parameter paths, and findings accepted
 * with a reason. Kept per account and region, in one JSON file in the data
 * directory. A file that cannot be read is reported and never overwritten,
 * so a hand edit gone wrong loses nothing.
 */
import { z } from 'zod';
import { diagnosticsSettingsSchema, type DiagnosticsSettings } from '../../shared/contract';
import { readJsonFile, refuseIfMalformed, writeJsonFileAtomically } from '../jsonFileStore';

const acceptanceSchema = z.object({ note: z.string(), at: z.string() });
export type Acceptance = z.infer<typeof acceptanceSchema>;

const scopeSchema = z.object({
  settings: diagnosticsSettingsSchema,
  accepted: z.record(z.string(), acceptanceSchema).default({}),
});
type ScopeState = z.infer<typeof scopeSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  scopes: z.record(z.string(), scopeSchema),
});
type FileState = z.infer<typeof fileSchema>;

export const EMPTY_SETTINGS: DiagnosticsSettings = { deployers: [], requiredProperties: {}, parameterPaths: {} };

export class DiagnosticsStore {
  private state: FileState = { version: 1, scopes: {} };
  readonly problem: string | undefined;

  constructor(private readonly file: string) {
    const read = readJsonFile(file, fileSchema);
    if (read.status === 'ok') this.state = read.value;
    else if (read.status === 'malformed') {
      this.problem = `${file} is not a valid Trellis diagnostics file (${read.why}); it is left as it is and nothing new is saved until it is fixed or removed.`;
    }
  }

  private scope(key: string): ScopeState {
    return this.state.scopes[key] ?? { settings: EMPTY_SETTINGS, accepted: {} };
  }

  settings(key: string): DiagnosticsSettings {
    return this.scope(key).settings;
  }

  accepted(key: string): Readonly<Record<string, Acceptance>> {
    return this.scope(key).accepted;
  }

  saveSettings(key: string, settings: DiagnosticsSettings): DiagnosticsSettings {
    this.update(key, (s) => ({ ...s, settings }));
    return settings;
  }

  accept(key: string, findingId: string, note: string | null, at: Date): Acceptance | null {
    let result: Acceptance | null = null;
    this.update(key, (s) => {
      const accepted = { ...s.accepted };
      if (note === null) delete accepted[findingId];
      else accepted[findingId] = result = { note, at: at.toISOString() };
      return { ...s, accepted };
    });
    return result;
  }

  private update(key: string, change: (s: ScopeState) => ScopeState): void {
    refuseIfMalformed(this.problem, 'Fix or delete the diagnostics file in the data directory.');
    const next: FileState = { ...this.state, scopes: { ...this.state.scopes, [key]: change(this.scope(key)) } };
    writeJsonFileAtomically(this.file, next);
    this.state = next;
  }
}
