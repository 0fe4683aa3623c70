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
