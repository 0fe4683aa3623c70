import { useMemo, useState } from 'react';
import type { PrincipalRef, Role, Target, User } from '../../../../shared/contract';
import { curatedPolicies, retiredPolicyNames } from '../../../../shared/iam/curatedPolicies';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Modal } from '../../components/Modal';
import { dataOf } from '../../model/loadable';
import { policySearchIndex, searchPolicyIndex } from '../../model/policySearch';
import { useChanges } from '../../stores/changes';
import { usePolicyCatalogue } from '../../stores/policyCatalogue';

interface Props {
  item: Role | User;
  principal: PrincipalRef;
  target: Target;
  onClose: () => void;
}

interface Choice {
  name: string;
  arn: string;
  grants?: string;
  broad?: string;
  description?: string;
  /** The description was derived from the document, not written by AWS. */
  descriptionDerived?: boolean;
  curated?: boolean;
}

const SEARCH_LIMIT = 50;

function ChoiceItem({ choice, attached, onAttach }: { choice: Choice; attached: boolean; onAttach: () => void }) {
  return (
    <li className={attached ? 'choice choice-attached' : 'choice'}>
      <div className="choice-text">
        <span className="policy-name">{choice.name}</span>
        {(choice.grants ?? choice.description) && (
          <p className="choice-grants">
            {choice.grants ?? choice.description}
            {!choice.grants && choice.descriptionDerived && <span className="muted"> (summary of its document)</span>}
          </p>
        )}
        {choice.broad && (
          <p className="choice-broad">
            <span className="broad-tag">Broad</span> {choice.broad}
          </p>
        )}
      </div>
      {attached ? (
        <span className="tag tag-ok">Attached</span>
      ) : (
        <button type="button" className="button button-small" aria-label={`Attach ${choice.name}`} onClick={onAttach}>
          Attach
        </button>
      )}
    </li>
  );
}

export function AttachPolicyDialog({ item, principal, target, onClose }: Props) {
  const [query, setQuery] = useState('');
  const aws = usePolicyCatalogue((s) => s.aws);
  const local = usePolicyCatalogue((s) => s.local);
  const attachedArns = useMemo(() => new Set(item.attachedPolicies.map((p) => p.policyArn)), [item.attachedPolicies]);
  const awsList = dataOf(aws);
  const localList = dataOf(local);

  // Built when the lists arrive, not per keystroke; curated entries come first so they win over listed duplicates.
  const index = useMemo(() => {
    const pool: Choice[] = curatedPolicies.map((c) => ({ ...c, curated: true }));
    for (const p of [...(awsList ?? []), ...(localList ?? [])]) {
      pool.push({ name: p.name, arn: p.arn, description: p.description, descriptionDerived: p.descriptionDerived });
    }
    return policySearchIndex(pool);
  }, [awsList, localList]);
  const results = useMemo(() => searchPolicyIndex(index, query, SEARCH_LIMIT), [index, query]);
  const managed = aws.status === 'error' ? aws : local.status === 'error' ? local : aws;
  const stillLoading = aws.status === 'loading' || local.status === 'loading';

  const retired = Object.entries(retiredPolicyNames).find(
    ([old]) => query.trim().length >= 6 && old.toLowerCase().includes(query.trim().toLowerCase()),
  );

  const attach = (choice: Choice) => {
    onClose();
    void useChanges.getState().preview(target, { kind: 'iam.attachPolicy', principal, policyArn: choice.arn });
  };

  const onSearch = (value: string) => {
    setQuery(value);
    if (value.trim()) usePolicyCatalogue.getState().ensure(target);
  };

  const searching = query.trim().length > 0;
  const title = `Attach a policy to ${item.name}`;

  return (
    <Modal label={title} onDismiss={onClose} className="attach">
      <header className="modal-header">
        <h2>{title}</h2>
        <p className="muted">Every attach is previewed before anything changes.</p>
      </header>
      <div className="modal-body">
        <input
          type="search"
          className="filter filter-wide"
          aria-label="Search all managed policies"
          placeholder="Search all managed policies (AWS and customer managed)"
          value={query}
          onChange={(e) => onSearch(e.target.value)}
        />
        {retired && (
          <p className="note">
            {retired[0]} was retired by AWS; its successor is <strong>{retired[1]}</strong>.
          </p>
        )}
        {!searching ? (
          <section aria-label="Policies the training lab uses">
            <h3>Policies the training lab uses</h3>
            <ul className="choices">
              {curatedPolicies.map((c) => (
                <ChoiceItem key={c.arn} choice={c} attached={attachedArns.has(c.arn)} onAttach={() => attach(c)} />
              ))}
            </ul>
          </section>
        ) : (
          <section aria-label="Search results" aria-busy={stillLoading || undefined}>
            <h3>
              Matches
              {stillLoading && <span className="muted"> · loading the full policy list…</span>}
            </h3>
            {managed.status === 'error' && (
              <ErrorNotice
                error={managed.error}
                title="Could not list managed policies; showing the lab's policies only"
                onRetry={() => void usePolicyCatalogue.getState().load(target)}
              />
            )}
            {results.total === 0 ? (
              !stillLoading && <p className="empty">No managed policy matches ‘{query.trim()}’.</p>
            ) : (
              <ul className="choices">
                {results.shown.map((c) => (
                  <ChoiceItem key={c.arn} choice={c} attached={attachedArns.has(c.arn)} onAttach={() => attach(c)} />
                ))}
              </ul>
            )}
            {results.total > results.shown.length && (
              <p className="muted">{results.total - results.shown.length} more match; refine the search.</p>
            )}
          </section>
        )}
      </div>
      <footer className="modal-footer">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </footer>
    </Modal>
  );
}
