import { useEffect } from 'react';
import { RULE_IDS } from '../../../../shared/contract/diagnostics';
import { CATALOGUE } from '../../../../shared/diagnostics/catalogue';
import { routeHref } from '../../model/route';

/**
 * Every entry of the guided-fix catalogue, so a finding's "seen in the
 * training notes" has somewhere to lead: what the failure looks like, why it
 * happens, and what the fix does, next to where the notes hit it.
 */
export function CataloguePage({ focus }: { focus: string }) {
  useEffect(() => {
    if (!focus) return;
    document.getElementById(`catalogue-${focus}`)?.scrollIntoView({ block: 'start' });
  }, [focus]);
  return (
    <div className="view diagnostics-view catalogue-view">
      <header className="view-header">
        <p className="breadcrumb">
          <a href={routeHref({ section: 'diagnostics' })}>Diagnostics</a> › Catalogue
        </p>
        <h1>Guided-fix catalogue</h1>
      </header>
      <p className="muted">
        The failures the training notes ran into, and their neighbours. Each one is a rule the Doctor runs on every
        scan.
      </p>
      <ol className="catalogue-list" aria-label="Catalogue entries">
        {RULE_IDS.map((rule) => {
          const entry = CATALOGUE[rule];
          return (
            <li
              key={rule}
              id={`catalogue-${rule}`}
              className={rule === focus ? 'catalogue-entry current' : 'catalogue-entry'}
              aria-current={rule === focus || undefined}
            >
              <article aria-labelledby={`catalogue-${rule}-h`}>
                <h2 id={`catalogue-${rule}-h`}>
                  <span className="tag">{rule}</span> {entry.title}
                </h2>
                <dl>
                  <dt>What you see</dt>
                  <dd>{entry.symptom}</dd>
                  <dt>Why</dt>
                  <dd>{entry.cause}</dd>
                  <dt>The fix</dt>
                  <dd>{entry.fix}</dd>
                  {entry.seenIn && (
                    <>
                      <dt>In the training notes</dt>
                      <dd>{entry.seenIn}</dd>
                    </>
                  )}
                </dl>
              </article>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
