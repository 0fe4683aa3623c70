/** How the Application versions view orders and names versions. */
import type { ApplicationVersionRow } from '../../../../shared/contract';

const time = (iso: string | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};

/** Newest first (by instant, whatever the ISO spelling); undated versions last; ties by label. */
export function newestFirst(versions: readonly ApplicationVersionRow[]): ApplicationVersionRow[] {
  return [...versions].sort((a, b) => {
    const ta = time(a.dateCreated);
    const tb = time(b.dateCreated);
    if (ta !== tb) return ta === -Infinity ? 1 : tb === -Infinity ? -1 : tb - ta;
    return a.versionLabel.localeCompare(b.versionLabel);
  });
}

export function sourceUri(version: ApplicationVersionRow): string | undefined {
  return version.sourceBundle ? `s3://${version.sourceBundle.bucket}/${version.sourceBundle.key}` : undefined;
}
