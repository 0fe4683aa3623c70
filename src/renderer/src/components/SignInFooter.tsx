import type { AppError } from '../../../shared/contract';

/** Why the last attempt in a sign-in dialog failed, where the dialog's action can point to it. */
export function SignInProblem({ id, error }: { id: string; error: AppError | null }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {error.message}
      {error.hint ? ` ${error.hint}` : ''}
    </p>
  );
}

interface ActionsProps {
  pending: boolean;
  onCancel: () => void;
  /** The dialog's one action; absent while there is nothing to do but wait. */
  action?: { label: string; busyLabel: string; run: () => void; describedBy?: string };
}

/** Cancel beside the dialog's one action; both wait while a call is out. */
export function SignInActions({ pending, onCancel, action }: ActionsProps) {
  return (
    <footer className="modal-footer">
      <button type="button" className="button" onClick={onCancel} disabled={pending}>
        Cancel
      </button>
      {action && (
        <button
          type="button"
          className="button button-primary"
          disabled={pending}
          aria-describedby={action.describedBy}
          onClick={action.run}
        >
          {pending ? action.busyLabel : action.label}
        </button>
      )}
    </footer>
  );
}
