import { useEffect, useRef } from 'react';
import type { AppError, AppErrorCode, SignIn } from '../../../shared/contract';
import { useSignIn } from '../stores/signIn';
import { offersRetry } from './errorRetry';

const titles: Partial<Record<AppErrorCode, string>> = {
  'access-denied': 'Access denied',
  credentials: 'Credentials problem',
  'profile-config': 'Profile configuration problem',
  'unknown-profile': 'Unknown profile',
  network: 'Not reachable',
  timeout: 'Timed out',
  throttled: 'Throttled by AWS',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'read-only': 'Read-only profile',
  'plan-expired': 'Plan expired',
  'forbidden-sender': 'Not authorised',
  validation: 'Invalid request',
};

/** The one action each sign-in request offers; the dialog it opens has the same name. */
const signInLabels: Record<SignIn['kind'], string> = {
  mfa: 'Enter MFA code',
  'approve-process': 'Review and allow',
  sso: 'Sign in with SSO',
  'replace-keys': 'Replace access key',
};

interface Props {
  error: AppError;
  /** What failed, e.g. "Could not load roles"; defaults to a title derived from the error code. */
  title?: string;
  onRetry?: () => void;
  compact?: boolean;
}

/** Calls `onRetry` when the profile named by a sign-in error signs in (anywhere), so the panel loads again. */
function useRetryAfterSignIn(profile: string | undefined, onRetry: (() => void) | undefined) {
  const epoch = useSignIn((s) => (profile === undefined ? 0 : (s.epochs[profile] ?? 0)));
  const seen = useRef(epoch);
  useEffect(() => {
    if (epoch === seen.current) return;
    seen.current = epoch;
    onRetry?.();
  }, [epoch, onRetry]);
}

/** One failing call, shown where it failed, with what AWS said and what to do next. */
export function ErrorNotice({ error, title, onRetry, compact }: Props) {
  const signIn = error.signIn;
  useRetryAfterSignIn(signIn?.profile, onRetry);
  const heading = title ?? titles[error.code] ?? 'Request failed';
  const where = [error.service, error.operation].filter(Boolean).join(' ');
  return (
    <div role="alert" className={compact ? 'notice notice-error notice-compact' : 'notice notice-error'}>
      <div className="notice-body">
        <p className="notice-title">{heading}</p>
        <p className="notice-message">{error.message}</p>
        {(error.awsCode || error.requestId || where) && (
          <dl className="notice-meta">
            {where && (
              <div>
                <dt>Call</dt>
                <dd>{where}</dd>
              </div>
            )}
            {error.awsCode && (
              <div>
                <dt>AWS code</dt>
                <dd>
                  <code>{error.awsCode}</code>
                </dd>
              </div>
            )}
            {error.requestId && (
              <div>
                <dt>Request id</dt>
                <dd>
                  <code>{error.requestId}</code>
                </dd>
              </div>
            )}
          </dl>
        )}
        {error.hint && <p className="notice-hint">{error.hint}</p>}
      </div>
      {signIn && (
        <button
          type="button"
          className="button button-small button-primary"
          onClick={() => useSignIn.getState().open(signIn)}
        >
          {signInLabels[signIn.kind]}
        </button>
      )}
      {offersRetry(error) && onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
