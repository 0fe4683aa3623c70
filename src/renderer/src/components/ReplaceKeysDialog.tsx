import { useId } from 'react';
import type { SignIn } from '../../../shared/contract';
import { useReturnFocus } from '../hooks/useReturnFocus';
import { useSignIn } from '../stores/signIn';
import { Modal } from './Modal';
import { SignInActions, SignInProblem } from './SignInFooter';

type ReplaceKeysRequest = Extract<SignIn, { kind: 'replace-keys' }>;

/**
 * AWS refused the keys a profile keeps in a file (deleted, deactivated or
 * rotated, or temporary keys past their end). Only the user can put new ones
 * there; the dialog says where, and "Check again" has main re-read the files
 * at once and try the keys, so every panel of the profile loads again.
 */
export function ReplaceKeysDialog({ request }: { request: ReplaceKeysRequest }) {
  useReturnFocus();
  const pending = useSignIn((s) => s.pending);
  const error = useSignIn((s) => s.error);
  const { close, checkKeys } = useSignIn.getState();
  const errorId = useId();

  return (
    <Modal label="Replace access key" onDismiss={close} locked={pending} busy={pending} className="sign-in-dialog">
      <header className="modal-header">
        <h2>Replace access key</h2>
        <p className="muted">
          AWS rejected the access key ending in <strong>{request.accessKeyHint}</strong> of profile{' '}
          <strong>{request.profile}</strong>. It was deleted, deactivated or replaced by a new key, or, for temporary
          keys, it has expired.
        </p>
      </header>
      <div className="modal-body">
        <p>Put the profile&apos;s new key pair in this file, in the section of that profile:</p>
        <pre className="code code-wrap" aria-label="File">
          <code>{request.file}</code>
        </pre>
        <p className="muted">
          Set <code>aws_access_key_id</code> and <code>aws_secret_access_key</code> (and <code>aws_session_token</code>{' '}
          for temporary keys), save the file, then choose Check again. Trellis never shows or stores the secret.
        </p>
        <SignInProblem id={errorId} error={error} />
      </div>
      <SignInActions
        pending={pending}
        onCancel={close}
        action={{
          label: 'Check again',
          busyLabel: 'Checking…',
          run: () => void checkKeys(),
          describedBy: error ? errorId : undefined,
        }}
      />
    </Modal>
  );
}
