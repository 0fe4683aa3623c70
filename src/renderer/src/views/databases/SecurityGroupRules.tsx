import type { IngressRule, SecurityGroupDetail, Target } from '../../../../shared/contract';
import { useChanges } from '../../stores/changes';
import { ruleSummary, sourceText } from './ingressText';
import { GridHead } from '../../components/GridHead';

function revoke(target: Target, group: SecurityGroupDetail, rule: IngressRule) {
  const protocol =
    rule.protocol === 'tcp' || rule.protocol === 'udp' || rule.protocol === 'icmp' ? rule.protocol : '-1';
  void useChanges.getState().preview(target, {
    kind: 'ec2.revokeIngress',
    groupId: group.groupId,
    protocol,
    fromPort: rule.fromPort ?? -1,
    toPort: rule.toPort ?? -1,
    source: rule.source.kind === 'cidr' ? { cidr: rule.source.cidr } : { groupId: rule.source.groupId },
    ...(rule.description ? { description: rule.description } : {}),
  });
}

/** One security group's inbound rules; rules admitting the database port say so in words, not colour alone. */
export function SecurityGroupRules({
  target,
  group,
  port,
}: {
  target: Target;
  group: SecurityGroupDetail;
  port?: number;
}) {
  return (
    <section className="panel sg-panel" aria-label={`Security group ${group.groupName}`}>
      <h3>
        {group.groupName} <span className="muted mono">{group.groupId}</span>
        {group.environmentName && <span className="muted"> · {group.environmentName}</span>}
      </h3>
      {group.ingress.length === 0 ? (
        <p className="empty">No inbound rules: nothing can connect through this group.</p>
      ) : (
        <table className="grid sg-grid" aria-label={`Inbound rules of ${group.groupName}`}>
          <GridHead columns={['Protocol', 'Ports', 'Source', 'Description', 'Database port']} />
          <tbody>
            {group.ingress.map((rule) => {
              const summary = ruleSummary(rule);
              return (
                <tr key={`${summary}|${rule.protocol}`} className={rule.admitsDbPort ? 'admits-db' : undefined}>
                  <td>{rule.protocol === '-1' ? 'All' : rule.protocol.toUpperCase()}</td>
                  <td>
                    {rule.fromPort === null
                      ? 'All'
                      : rule.fromPort === rule.toPort
                        ? rule.fromPort
                        : `${rule.fromPort}-${rule.toPort ?? ''}`}
                  </td>
                  <td>
                    {sourceText(rule)}
                    {rule.source.kind === 'group' && <span className="muted mono"> {rule.source.groupId}</span>}
                  </td>
                  <td>{rule.description ?? <span className="muted">—</span>}</td>
                  <td>
                    {rule.admitsDbPort ? (
                      <strong className="db-port-badge">Admits port {port}</strong>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Revoke ${summary}`}
                      onClick={() => revoke(target, group, rule)}
                    >
                      Revoke
                    </button>
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
