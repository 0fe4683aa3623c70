/**
 * How a profile's colour and production marker look, in one place, so the
 * top bar, the overview and every write preview show the same thing.
 */
import type { ProfileColour, ProfileSummary } from '../../../../shared/contract';

/** Chosen to stay readable as a stripe and as a badge on the dark top bar and the light pages. */
export const colourValues: Record<ProfileColour, string> = {
  red: '#d64545',
  orange: '#e07b24',
  yellow: '#d9b52c',
  green: '#3f9d5a',
  teal: '#2a9d99',
  blue: '#3b7dd8',
  purple: '#8a5cd0',
  grey: '#808a94',
};

export function isProduction(profile: ProfileSummary | undefined): boolean {
  return profile?.preferences?.production === true;
}

/** The words a screen reader and the window title use for the marker. */
export function markerText(profile: string, account: string | undefined, region: string): string {
  return `PRODUCTION · ${profile} · account ${account ?? 'unknown'} · ${region}`;
}

/** "PRODUCTION" with the account id and region, in the profile's colour (red when it has none). */
export function ProductionMarker({
  profile,
  account,
  region,
}: {
  profile: ProfileSummary;
  account: string | undefined;
  region: string;
}) {
  const colour = colourValues[profile.preferences?.colour ?? 'red'];
  return (
    <span
      className="production-marker"
      role="note"
      aria-label={markerText(profile.name, account, region)}
      style={{ borderColor: colour }}
    >
      <span className="production-badge" style={{ background: colour }}>
        PRODUCTION
      </span>
      <span className="production-where">
        {account ?? 'account unknown'} · {region}
      </span>
    </span>
  );
}

/** A small swatch of the profile's colour, or nothing when it has none. */
export function ColourSwatch({ colour }: { colour: ProfileColour | undefined }) {
  if (!colour) return null;
  return <span className="profile-swatch" style={{ background: colourValues[colour] }} aria-hidden="true" />;
}
