import { useEffect } from 'react';
import type { Target, User } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { accessKeyWarning } from '../../model/accessKeys';
import { dataOf } from '../../model/loadable';
import { formatAge, formatDate, formatDateTime } from '../../model/time';
import { useIam } from '../../stores/iam';

/** `now` is the snapshot's time, so ages are stable and computed without reading the clock during render. */
export function AccessKeys({ user, target, now }: { user: User; target: Target; now: Date }) {
  const keys = useIam((s) => s.accessKeys[user.name]);
  const data = dataOf(keys);

  useEffect(() => {
    if (!useIam.getState().accessKeys[user.name]) void useIam.getState().loadAccessKeys(target, user.name);
  }, [user.name, target]);

  const reload = () => void useIam.getState().loadAccessKeys(target, user.name);

  return (
    <section className="detail-section" aria-busy={keys?.status === 'loading' || undefined}>
      <h3>Access keys{data ? ` (${data.length})` : ''}</h3>
      {keys?.status === 'error' && (
        <ErrorNotice error={keys.error} title="Could not list access keys" onRetry={reload} />
      )}
      {!data ? (
        keys?.status !== 'error' && <p className="loading">Loading access keys…</p>
      ) : data.length === 0 ? (
        <p className="muted">No access keys. This user cannot call AWS APIs with keys.</p>
      ) : (
        <table className="grid grid-compact" aria-label="Access keys">
          <thead>
            <tr>
              <th scope="col">Access key</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
            </tr>
          </thead>
          <tbody>
            {data.map((key) => {
              const warning = accessKeyWarning(key, now);
              return (
                <tr key={key.accessKeyId}>
                  <td>
                    <code>{key.accessKeyId}</code>
                  </td>
                  <td>
                    <span className={key.status === 'Active' ? 'tag tag-ok' : 'tag'}>{key.status}</span>
                  </td>
                  <td className="nowrap" title={formatDateTime(key.createDate)}>
                    {formatDate(key.createDate)}
                  </td>
                  <td>
                    {key.lastUsedUnknown ? (
                      <span className="muted">Unknown: {key.lastUsedUnknown}</span>
                    ) : (
                      <span title={key.lastUsedDate ? formatDateTime(key.lastUsedDate) : undefined}>
                        {formatAge(key.lastUsedDate, now)}
                      </span>
                    )}
                    {key.lastUsedService && (
                      <span className="muted">
                        {' '}
                        · {key.lastUsedService}
                        {key.lastUsedRegion ? ` in ${key.lastUsedRegion}` : ''}
                      </span>
                    )}
                    {warning && <span className="flag">⚠ {warning}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
