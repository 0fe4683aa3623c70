import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SignIn } from '../../../shared/contract';
import { useReturnFocus } from '../hooks/useReturnFocus';
import { useSession } from '../stores/session';
import { useSignIn } from '../stores/signIn';
import { Modal } from './Modal';
import { ReplaceKeysDialog } from './ReplaceKeysDialog';
import { SignInActions, SignInProblem } from './SignInFooter';

type MfaRequest = Extract<SignIn, { kind: 'mfa' }>;
type ProcessRequest = Extract<SignIn, { kind: 'approve-process' }>;
type SsoRequest = Extract<SignIn, { kind: 'sso' }>;

/**
 * The one sign-in dialog, mounted once. It opens from any panel's "Enter MFA
 * code", "Review and allow", "Sign in with SSO" or "Replace access key", and by itself when a newly chosen profile's
 * identity cannot load until the user signs in.
 */
export function SignInDialog() {
  const request = useSignIn((s) => s.request);
  usePromptForChosenProfile();
  if (!request) return null;
  if (request.kind === 'mfa') return <MfaCodeDialog request={request} />;
  if (request.kind === 'sso') return <SsoSignInDialog key={request.profile} request={request} />;
  if (request.kind === 'replace-keys') return <ReplaceKeysDialog request={request} />;
  return <ApproveProcessDialog request={request} />;
}

function usePromptForChosenProfile() {
  const identity = useSession((s) => s.identity);
  const key = useSession((s) => s.identityKey);
  useEffect(() => {
    if (key && identity.status === 'error' && identity.error.signIn) {
      useSignIn.getState().promptFor(key, identity.error.signIn);
    }
  }, [identity, key]);
}

const SIX_DIGITS = /^\d{6}$/;

function MfaCodeDialog({ request }: { request: MfaRequest }) {
  useReturnFocus();
  const pending = useSignIn((s) => s.pending);
  const serverError = useSignIn((s) => s.error);
  const { close, clearError, submitMfaCode } = useSignIn.getState();
  const [code, setCode] = useState('');
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const problemId = useId();
  const problem = localProblem ?? serverError?.message ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!SIX_DIGITS.test(code)) {
      setLocalProblem('Enter the 6 digits your MFA device shows.');
      input.current?.focus();
      return;
    }
    setLocalProblem(null);
    const ok = await submitMfaCode(code);
    // A wrong code is no use again; clear it so the next one is typed fresh.
    setCode('');
    if (!ok) input.current?.focus();
  };

  return (
    <Modal label="Enter MFA code" onDismiss={close} locked={pending} busy={pending} className="sign-in-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <header className="modal-header">
          <h2>Enter MFA code</h2>
          <p className="muted">
            Profile <strong>{request.profile}</strong> needs a code from the MFA device <code>{request.serial}</code>.
          </p>
        </header>
        <div className="modal-body">
          <div className="field">
            <label htmlFor={inputId}>6-digit code</label>
            <input
              ref={input}
              id={inputId}
              name="mfa-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              spellCheck={false}
              value={code}
              disabled={pending}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? problemId : undefined}
              onChange={(e) => {
                setCode(e.target.value.replace(/\D/g, '').slice(0, 6));
                setLocalProblem(null);
                clearError();
              }}
            />
          </div>
          {problem && (
            <p id={problemId} className="field-error" role="alert">
              {problem}
              {!localProblem && serverError?.hint ? ` ${serverError.hint}` : ''}
            </p>
          )}
          <p className="muted">
            The code goes to Trellis once, to start a session for this profile, and is not kept. The session serves
            every view until it expires; then Trellis asks again.
          </p>
        </div>
        <footer className="modal-footer">
          <button type="button" className="button" onClick={close} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}

function ApproveProcessDialog({ request }: { request: ProcessRequest }) {
  useReturnFocus();
  const pending = useSignIn((s) => s.pending);
  const error = useSignIn((s) => s.error);
  const { close, approveProcess } = useSignIn.getState();
  const errorId = useId();

  return (
    <Modal
      label="Review credential_process"
      onDismiss={close}
      locked={pending}
      busy={pending}
      className="sign-in-dialog"
    >
      <header className="modal-header">
        <h2>Allow this command for profile {request.profile}?</h2>
        <p className="muted">
          The profile gets its credentials from <code>credential_process</code>. Trellis runs it, without a shell, only
          once you allow this exact command line; if the file changes it, Trellis asks again.
        </p>
      </header>
      <div className="modal-body">
        <pre className="code code-wrap" aria-label="Command line">
          <code>{request.command}</code>
        </pre>
        <SignInProblem id={errorId} error={error} />
      </div>
      <SignInActions
        pending={pending}
        onCancel={close}
        action={{
          label: 'Allow',
          busyLabel: 'Allowing…',
          run: () => void approveProcess(),
          describedBy: error ? errorId : undefined,
        }}
      />
    </Modal>
  );
}

/**
 * The device flow: main registers and starts it, this shows the code and the
 * link, and polls at the interval main reports until the browser approves.
 * The link opens in a new window: in web mode a browser tab, on the desktop
 * the window-open handler, which hands only https links to the system browser.
 */
function SsoSignInDialog({ request }: { request: SsoRequest }) {
  useReturnFocus();
  const pending = useSignIn((s) => s.pending);
  const error = useSignIn((s) => s.error);
  const device = useSignIn((s) => s.ssoDevice);
  const { close, startSso, pollSso } = useSignIn.getState();
  const errorId = useId();

  useEffect(() => {
    if (!device) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = (seconds: number) => {
      timer = setTimeout(() => void tick(), seconds * 1000);
    };
    const tick = async () => {
      const next = await pollSso();
      if (!stopped && next !== null) wait(next);
    };
    wait(device.intervalSeconds);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [device, pollSso]);

  const link = device ? (device.verificationUriComplete ?? device.verificationUri) : null;
  return (
    <Modal label="Sign in with SSO" onDismiss={close} locked={pending} busy={pending} className="sign-in-dialog">
      <header className="modal-header">
        <h2>Sign in with SSO</h2>
        <p className="muted">
          Profile <strong>{request.profile}</strong> signs in through IAM Identity Center at{' '}
          <code>{request.startUrl}</code>. The sign-in is shared with the AWS CLI.
        </p>
      </header>
      <div className="modal-body">
        {device && link ? (
          <>
            <p>Open the sign-in page and check that it shows this code, then approve it:</p>
            <p className="sso-user-code" aria-label="User code">
              <strong>{device.userCode}</strong>
            </p>
            <p>
              <a href={link} target="_blank" rel="noopener noreferrer">
                Open the sign-in page
              </a>{' '}
              <span className="muted">({device.verificationUri})</span>
            </p>
            <p className="muted" role="status">
              Waiting for approval… the code expires at {new Date(device.expiresAt).toLocaleTimeString()}.
            </p>
          </>
        ) : (
          <p className="muted">
            Trellis asks IAM Identity Center for a one-time code that you approve in your browser.
          </p>
        )}
        <SignInProblem id={errorId} error={error} />
      </div>
      <SignInActions
        pending={pending}
        onCancel={close}
        action={
          device
            ? undefined
            : {
                label: error ? 'Start again' : 'Get a sign-in code',
                busyLabel: 'Starting…',
                run: () => void startSso(),
                describedBy: error ? errorId : undefined,
              }
        }
      />
    </Modal>
  );
}
