/** Pin, colour and production marker per profile; each change is saved in main's settings at once. */
import { profileColours, type ProfileColour, type ProfileSummary } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSession } from '../../stores/session';
import { ColourSwatch } from './profileMarker';

export function ProfilePreferencesTable({ profiles }: { profiles: readonly ProfileSummary[] }) {
  const error = useSession((s) => s.preferenceError);
  const { setPreferences } = useSession.getState();
  return (
    <section className="overview-preferences" aria-label="Profiles">
      <h3>Profiles</h3>
      {error && <ErrorNotice error={error} title="Could not save the profile preference" />}
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Pinned</th>
            <th scope="col">Colour</th>
            <th scope="col">Production</th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <tr key={p.name}>
              <th scope="row">
                <ColourSwatch colour={p.preferences?.colour} /> {p.name}
                {p.problem && <span className="muted"> (problem)</span>}
              </th>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Pin ${p.name}`}
                  checked={p.preferences?.pinned ?? false}
                  onChange={(e) => void setPreferences({ profile: p.name, pinned: e.target.checked })}
                />
              </td>
              <td>
                <select
                  aria-label={`Colour of ${p.name}`}
                  value={p.preferences?.colour ?? ''}
                  onChange={(e) =>
                    void setPreferences({
                      profile: p.name,
                      colour: e.target.value === '' ? null : (e.target.value as ProfileColour),
                    })
                  }
                >
                  <option value="">None</option>
                  {profileColours.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <label className="inline-check">
                  <input
                    type="checkbox"
                    aria-label={`Production: ${p.name}`}
                    checked={p.preferences?.production ?? false}
                    onChange={(e) => void setPreferences({ profile: p.name, production: e.target.checked })}
                  />
                  <span className="muted">read-only until unlocked</span>
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
