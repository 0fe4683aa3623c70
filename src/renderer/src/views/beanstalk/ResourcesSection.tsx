import { useEffect } from 'react';
import type { Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf } from '../../model/loadable';
import { problemAsError } from '../../model/panelProblem';
import { useBeanstalk } from '../../stores/beanstalk';

/** Where the instances run: what an operator needs to compare with a database's VPC and security groups. */
export function ResourcesSection({ target, environmentName }: { target: Target; environmentName: string }) {
  const resources = useBeanstalk((s) => s.resources[environmentName]);
  const data = dataOf(resources);

  useEffect(() => {
    void useBeanstalk.getState().loadResources(target, environmentName);
  }, [target, environmentName]);

  const reload = () => void useBeanstalk.getState().loadResources(target, environmentName);

  return (
    <section className="detail-section" aria-busy={resources?.status === 'loading' || undefined}>
      <h3>Network placement</h3>
      {resources?.status === 'error' && (
        <ErrorNotice error={resources.error} title="Could not read the environment's resources" onRetry={reload} />
      )}
      {data?.instancesProblem && (
        <ErrorNotice error={problemAsError(data.instancesProblem)} title="Instance details are unavailable" />
      )}
      {!data ? (
        resources?.status !== 'error' && <p className="loading">Loading resources…</p>
      ) : (
        <>
          {data.instances.length > 0 && (
            <table className="grid grid-compact" aria-label="Instance network">
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">State</th>
                  <th scope="col">Private IP</th>
                  <th scope="col">VPC</th>
                  <th scope="col">Subnet</th>
                  <th scope="col">Security groups</th>
                  <th scope="col">Instance profile</th>
                </tr>
              </thead>
              <tbody>
                {data.instances.map((i) => (
                  <tr key={i.instanceId}>
                    <td>
                      <code>{i.instanceId}</code>
                    </td>
                    <td className="nowrap">{i.state ?? '—'}</td>
                    <td className="nowrap">
                      <code>{i.privateIp ?? '—'}</code>
                    </td>
                    <td className="nowrap">
                      <code>{i.vpcId ?? 'none (EC2-Classic or default)'}</code>
                    </td>
                    <td className="nowrap">
                      <code>{i.subnetId ?? '—'}</code>
                    </td>
                    <td>
                      {i.securityGroups.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="cause-lines sg-list">
                          {i.securityGroups.map((g) => (
                            <li key={g.id}>
                              <code>{g.id}</code>
                              {g.name && <span className="path">{g.name}</span>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="col-causes">
                      {i.instanceProfileArn ? (
                        <code className="arn">{i.instanceProfileArn.replace(/^.*:instance-profile\//, '')}</code>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted resource-names">
            Auto Scaling groups: {data.autoScalingGroups.length ? data.autoScalingGroups.join(', ') : 'none'} · Load
            balancers: {data.loadBalancers.length ? data.loadBalancers.join(', ') : 'none (single instance)'}
          </p>
        </>
      )}
    </section>
  );
}
