import { useState, type FormEvent } from 'react';
import {
  putParameterIntentSchema,
  type ChangeIntent,
  type ParameterSummary,
  type ParameterTier,
  type ParameterType,
} from '../../../../shared/contract';
import { Modal } from '../../components/Modal';

interface Props {
  /** Absent for a new parameter. */
  existing?: ParameterSummary;
  /** The current value of a String/StringList being edited; SecureString values are never prefilled. */
  currentValue?: string;
  onCancel: () => void;
  onReview: (intent: ChangeIntent) => void;
}

/** Collects a put; the change itself is previewed and applied by the Review change dialog. */
export function ParameterEditor({ existing, currentValue, onCancel, onReview }: Props) {
  const [name, setName] = useState(existing?.name ?? '/flaskapp/');
  const [type, setType] = useState<ParameterType>(existing?.type ?? 'SecureString');
  const [value, setValue] = useState(existing && existing.type !== 'SecureString' ? (currentValue ?? '') : '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [tier, setTier] = useState<ParameterTier>(existing?.tier === 'Advanced' ? 'Advanced' : 'Standard');
  const [overwrite, setOverwrite] = useState(existing !== undefined);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = putParameterIntentSchema.safeParse({
      kind: 'ssm.putParameter',
      name,
      type,
      value,
      overwrite,
      ...(description ? { description } : {}),
      ...(tier === 'Advanced' ? { tier } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setProblem(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    onReview(parsed.data);
  };

  const title = existing ? `Edit ${existing.name}` : 'New parameter';
  return (
    <Modal label={title} onDismiss={onCancel} className="parameter-editor">
      <form onSubmit={submit}>
        <h2>{title}</h2>
        <label>
          Name
          <input value={name} readOnly={existing !== undefined} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value as ParameterType)}>
            <option value="String">String</option>
            <option value="StringList">StringList</option>
            <option value="SecureString">SecureString</option>
          </select>
        </label>
        <label>
          Value
          <textarea
            value={value}
            rows={3}
            spellCheck={false}
            autoComplete="off"
            placeholder={existing?.type === 'SecureString' ? 'Enter the new value' : undefined}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <label>
          Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label>
          Tier
          <select value={tier} onChange={(e) => setTier(e.target.value as ParameterTier)}>
            <option value="Standard">Standard (up to 4 KB)</option>
            <option value="Advanced">Advanced (up to 8 KB, charged)</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
          Overwrite if it exists
        </label>
        {problem && (
          <p role="alert" className="notice notice-error">
            {problem}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            Review change
          </button>
        </div>
      </form>
    </Modal>
  );
}
