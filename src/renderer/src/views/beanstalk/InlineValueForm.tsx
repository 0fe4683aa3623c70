import { useState } from 'react';

/** A validation message tied to its field by id, announced when it appears. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  );
}

interface Props {
  /** What is being edited, for the field's accessible name ("New value for WSGIPath"). */
  name: string;
  value: string;
  error: string | undefined;
  errorId: string;
  /** Typed values stay hidden on screen for secret-looking properties. */
  secret?: boolean;
  onChange(value: string): void;
  onSubmit(): void;
  onCancel(): void;
}

/** The in-row editor for one option or property value; submitting opens the Review change dialog. */
export function InlineValueForm({ name, value, error, errorId, secret, onChange, onSubmit, onCancel }: Props) {
  return (
    <form
      className="inline-edit"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <input
        className="filter"
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        aria-label={`New value for ${name}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={value}
        autoFocus
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="submit" className="button button-small button-primary">
        Review change
      </button>
      <button type="button" className="button button-small" onClick={onCancel}>
        Cancel
      </button>
      <FieldError id={errorId} message={error} />
    </form>
  );
}

/**
 * The edit state of one row: null while not editing; typing clears the
 * error, Cancel and a successful submit both close the editor.
 */
export function useInlineEdit() {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const stop = () => {
    setEditing(null);
    setError(undefined);
  };
  return {
    editing,
    error,
    start: (initial: string) => setEditing(initial),
    fail: (message: string) => setError(message),
    stop,
    /** What InlineValueForm needs besides its name, error id and submit handler. */
    formProps: {
      value: editing ?? '',
      error,
      onChange: (value: string) => {
        setEditing(value);
        setError(undefined);
      },
      onCancel: stop,
    },
  };
}

/** The row's Edit and Remove buttons, hidden while the row is being edited. */
export function EditRemoveCell({
  name,
  editing,
  onEdit,
  onRemove,
}: {
  name: string;
  editing: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  return (
    <td className="actions-cell">
      {!editing && (
        <span className="row-actions">
          <button type="button" className="button button-small" aria-label={`Edit ${name}`} onClick={onEdit}>
            Edit
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            aria-label={`Remove ${name}`}
            onClick={onRemove}
          >
            Remove
          </button>
        </span>
      )}
    </td>
  );
}
