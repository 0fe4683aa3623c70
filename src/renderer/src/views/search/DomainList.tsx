import type { SearchDomainSummary } from '../../../../shared/contract';
import { routeHref } from '../../model/route';
import { exposureWords } from './exposureWords';

export function DomainList({ items }: { items: readonly SearchDomainSummary[] }) {
  if (items.length === 0)
    return <p className="empty">There are no OpenSearch or Elasticsearch domains in this region.</p>;
  return (
    <div className="panel">
      <table className="grid search-grid" aria-label="Domains">
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Engine</th>
            <th scope="col">Endpoint or VPC</th>
            <th scope="col">Fine-grained access control</th>
            <th scope="col">Access</th>
            <th scope="col">Processing</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => {
            const exposure = exposureWords[d.exposure];
            return (
              <tr key={d.name}>
                <td>
                  <a className="env-link" href={routeHref({ section: 'search', domainName: d.name })}>
                    {d.name}
                  </a>
                </td>
                <td className="nowrap">
                  {d.engine} {d.version}
                </td>
                <td>
                  {d.vpc ? (
                    <span>
                      VPC {d.vpc.vpcId ?? ''} <span className="muted">({d.vpc.subnetIds.join(', ')})</span>
                    </span>
                  ) : (
                    <span className="cname">{d.endpoint ?? '—'}</span>
                  )}
                </td>
                <td>{d.fineGrainedAccessControl ? 'Enabled' : 'Disabled'}</td>
                <td>
                  <span className={`search-badge search-badge-${exposure.tone}`}>{exposure.label}</span>
                </td>
                <td>{d.processing ? 'Processing' : 'Active'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
