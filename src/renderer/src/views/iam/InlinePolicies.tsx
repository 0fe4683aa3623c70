/**
 * A role's or user's inline policies: each document, and add, edit and delete
 * through the policy editor and the ordinary change preview.
 */
import { useCallback, useState } from 'react';
import type { PrincipalRef, Role, Target, User } from '../../../../shared/contract';
import { POLICY_SIZE_LIMITS, policySize } from '../../../../shared/policyLint';
import { prettyPolicyText } from '../../../../shared/search';
import { CodeBlock } from '../../components/CodeBlock';
import { PolicyEditor, usePolicyLint } from '../../components/policyEditor';
import { useChanges } from '../../stores/changes';
import { useAfterPolicyChange } from './policyChanges';

interface Props {
  item: Role | User;
  principal: PrincipalRef;
  target: Target;
}

interface Draft {
  name: string;
  isNew: boolean;
  text: string;
  /** The saved document, when editing one: the editor can show what changed. */
  saved?: string;
}

const NEW_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [],
      "Resource": "*"
    }
  ]
}`;

const NAME_RULE = /^[\w+=,.@-]{1,128}$/;

function nameProblem(name: string, isNew: boolean, existing: readonly string[]): string | undefined {
  if (!isNew) return undefined;
  if (name === '') return 'Give the policy a name.';
  if (!NAME_RULE.test(name)) return 'Policy names use up to 128 letters, digits and +=,.@_- (no spaces).';
  if (existing.includes(name)) return `There is already an inline policy named ${name}; edit that one instead.`;
  return undefined;
}

function InlinePolicyForm({
  draft,
  item,
  principal,
  target,
  onChange,
  onCancel,
}: Props & { draft: Draft; onChange: (d: Draft) => void; onCancel: () => void }) {
  const others = item.inlinePolicies
    .filter((p) => p.name !== draft.name)
    .reduce((n, p) => n + policySize(p.document), 0);
  const lint = usePolicyLint(draft.text, {
    kind: 'identity',
    size: {
      limit: principal.type === 'role' ? POLICY_SIZE_LIMITS.roleInline : POLICY_SIZE_LIMITS.userInline,
      what: `the inline policies of ${principal.type} ${principal.name} combined`,
      others,
    },
  });
  const badName = nameProblem(
    draft.name,
    draft.isNew,
    item.inlinePolicies.map((p) => p.name),
  );
  const preview = () =>
    void useChanges.getState().preview(target, {
      kind: 'iam.putInlinePolicy',
      principal,
      policyName: draft.name,
      document: draft.text,
    });
  return (
    <section
      className="policy-form"
      aria-label={draft.isNew ? 'New inline policy' : `Edit inline policy ${draft.name}`}
    >
      <h4>{draft.isNew ? 'New inline policy' : `Edit ${draft.name}`}</h4>
      {draft.isNew && (
        <label className="policy-name-field">
          Policy name
          <input
            type="text"
            value={draft.name}
            aria-invalid={badName !== undefined || undefined}
            onChange={(e) => onChange({ ...draft, name: e.target.value.trim() })}
          />
          {badName && <span className="muted">{badName}</span>}
        </label>
      )}
      <PolicyEditor
        value={draft.text}
        onChange={(text) => onChange({ ...draft, text })}
        label="Inline policy document"
        lint={lint}
        {...(draft.saved === undefined ? {} : { original: draft.saved })}
      />
      <div className="search-editor-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={lint.hasErrors || badName !== undefined}
          onClick={preview}
        >
          Preview change
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

export function InlinePolicies({ item, principal, target }: Props) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const closeIfSaved = useCallback(() => setDraft(null), []);
  useAfterPolicyChange(target, principal, 'inline', closeIfSaved);
  const remove = (policyName: string) =>
    void useChanges.getState().preview(target, { kind: 'iam.deleteInlinePolicy', principal, policyName });

  return (
    <section className="detail-section" aria-label="Inline policies">
      <div className="detail-section-header">
        <h3>Inline policies ({item.inlinePolicies.length})</h3>
        {!draft && (
          <button
            type="button"
            className="button button-small"
            onClick={() => setDraft({ name: '', isNew: true, text: NEW_POLICY })}
          >
            Add inline policy
          </button>
        )}
      </div>
      {draft && (
        <InlinePolicyForm
          draft={draft}
          item={item}
          principal={principal}
          target={target}
          onChange={setDraft}
          onCancel={() => setDraft(null)}
        />
      )}
      {item.inlinePolicies.length === 0 ? (
        <p className="muted">None. Permissions come from the attached policies only.</p>
      ) : (
        item.inlinePolicies.map((p) => (
          <details key={p.name} className="inline-policy">
            <summary>{p.name}</summary>
            <div className="policy-actions">
              <button
                type="button"
                className="button button-small"
                aria-label={`Edit inline policy ${p.name}`}
                // An unread document cannot be edited: saving would replace a policy nobody saw.
                disabled={draft !== null || p.document === ''}
                onClick={() => {
                  const saved = prettyPolicyText(p.document);
                  setDraft({ name: p.name, isNew: false, text: saved, saved });
                }}
              >
                Edit
              </button>
              <button
                type="button"
                className="button button-small button-danger"
                aria-label={`Delete inline policy ${p.name}`}
                onClick={() => remove(p.name)}
              >
                Delete
              </button>
            </div>
            {p.document === '' ? (
              // Listed by name with ListRolePolicies, but GetRolePolicy was refused: the IAM notice names it.
              <p className="muted">The document could not be read with this profile&apos;s permissions.</p>
            ) : (
              <CodeBlock json text={p.document} what={`inline policy ${p.name}`} />
            )}
          </details>
        ))
      )}
    </section>
  );
}
