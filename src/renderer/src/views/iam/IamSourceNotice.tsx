import type { IamSnapshot } from '../../../../shared/contract';

/**
 * Says when IAM was read without GetAccountAuthorizationDetails (the identity
 * may not call it), and which parts of the view are missing because a List or
 * Get call was refused too, each with the permission it needs.
 */
export function IamSourceNotice({ snapshot }: { snapshot: IamSnapshot }) {
  if (snapshot.source !== 'list-calls') return null;
  const [first, ...rest] = snapshot.denied ?? [];
  const action = first?.action ?? 'iam:GetAccountAuthorizationDetails';
  return (
    <section className="notice notice-warning" role="status" aria-label="How IAM was loaded">
      <div className="notice-body">
        <p className="notice-title">Loaded with List calls: {action} is not allowed</p>
        {rest.length > 0 && (
          <ul aria-label="Parts not shown">
            {rest.map((d) => (
              <li key={d.action}>
                Not shown: {d.part} (missing permission <code>{d.action}</code>)
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
