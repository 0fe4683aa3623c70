import { Fragment, type ReactNode } from 'react';
import type { Finding } from '../../../../shared/contract';
import { routeHref } from '../../model/route';
import { resourceWord } from './findingGroups';
import { SeverityBadge } from './SeverityBadge';

interface Props {
  findings: readonly Finding[];
  /** The table's accessible name, e.g. "Findings for Bbruceeb2-env". */
  label: string;
  /**
   * Without it each summary links to the finding's page; with it the summary
   * toggles the detail in place (the Doctor panel and the Lab keep their context).
   */
  inline?: {
    expandedId: string | null;
    onToggle: (findingId: string) => void;
    renderDetail: (finding: Finding) => ReactNode;
  };
}

/** One row per finding: severity, rule, the one-line summary, the resource. Row names carry the summary. */
export function FindingTable({ findings, label, inline }: Props) {
  if (findings.length === 0) return <p className="empty">No findings.</p>;
  return (
    <table className="grid findings" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Rule</th>
          <th scope="col">Finding</th>
          <th scope="col">Resource</th>
        </tr>
      </thead>
      <tbody>
        {findings.map((f) => {
          const open = inline?.expandedId === f.id;
          return (
            <Fragment key={f.id}>
              <tr className={f.accepted ? 'finding-row finding-accepted' : 'finding-row'}>
                <td>
                  <SeverityBadge severity={f.severity} />
                </td>
                <td className="mono" title={f.catalogue.title}>
                  {f.rule}
                </td>
                <td>
                  {inline ? (
                    <button
                      type="button"
                      className="link-button finding-summary"
                      aria-expanded={open}
                      onClick={() => inline.onToggle(f.id)}
                    >
                      {f.summary}
                    </button>
                  ) : (
                    <a className="finding-summary" href={routeHref({ section: 'diagnostics', findingId: f.id })}>
                      {f.summary}
                    </a>
                  )}
                  {f.accepted && (
                    <>
                      {' '}
                      <span className="tag">accepted</span>
                    </>
                  )}
                </td>
                <td>
                  <span className="muted">{resourceWord(f.resource.type)}</span>{' '}
                  <span className="mono">{f.resource.name}</span>
                </td>
              </tr>
              {open && inline && (
                <tr className="finding-detail-row">
                  <td colSpan={4}>{inline.renderDetail(f)}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
