/**
 * Issuing temporary credentials. Every issuer (AssumeRole, GetSessionToken,
 * and the SSO portal's GetRoleCredentials) records its session here, so the
 * router resolves all of them the same way (identity.ts).
 */
import { sessionTokenDigest } from '../../identity';
import type { XmlNode } from '../../protocols/xml';
import { isoSeconds } from '../../protocols/xml';
import type { RoleState, StateDocument, StsSessionState } from '../../state/document';
import { iamArn } from '../../state/arns';
import { newSecretAccessKey, newSessionAccessKeyId, newSessionToken } from '../../state/ids';
import { MAX_STS_SESSIONS } from '../../state/stsState';

/** How long an expired session is remembered, so its key gets ExpiredToken (not "invalid") for a while. */
const RETAIN_EXPIRED_MS = 12 * 60 * 60 * 1000;

export type SessionSubject =
  | { readonly kind: 'role'; readonly role: RoleState; readonly sessionName: string }
  | { readonly kind: 'user'; readonly userName: string }
  | { readonly kind: 'root' };

export interface SessionOptions {
  readonly at: Date;
  readonly durationSeconds: number;
  /** Epoch ms MFA was proven for this session or the one it came from. */
  readonly mfaAuthenticatedAt?: number;
}

/** What the caller is handed once; only the key id and a digest of the token are kept. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** Drops sessions long expired, then the oldest, so one more fits under the cap. */
function pruneSessions(draft: StateDocument, at: number): void {
  const kept = draft.sts.sessions.filter((session) => session.expiresAt + RETAIN_EXPIRED_MS > at);
  kept.sort((a, b) => a.issuedAt - b.issuedAt);
  draft.sts.sessions = kept.slice(Math.max(0, kept.length - (MAX_STS_SESSIONS - 1)));
}

function sessionRecord(
  draft: StateDocument,
  subject: SessionSubject,
  common: Omit<StsSessionState, 'kind'>,
): StsSessionState {
  switch (subject.kind) {
    case 'role':
      return {
        ...common,
        kind: 'role',
        roleId: subject.role.id,
        roleName: subject.role.name,
        roleArn: iamArn(draft.account, 'role', subject.role.path, subject.role.name),
        sessionName: subject.sessionName,
      };
    case 'user':
      return { ...common, kind: 'user', userName: subject.userName };
    case 'root':
      return { ...common, kind: 'root' };
  }
}

/** Records a new session in the draft state and returns its credentials. */
export function issueSession(
  draft: StateDocument,
  subject: SessionSubject,
  options: SessionOptions,
): IssuedCredentials {
  // Whole seconds, so the Expiration the caller reads is exactly when the sandbox stops honouring the key.
  const issuedAt = Math.floor(options.at.getTime() / 1000) * 1000;
  const expiresAt = issuedAt + options.durationSeconds * 1000;
  pruneSessions(draft, issuedAt);
  const issued: IssuedCredentials = {
    accessKeyId: newSessionAccessKeyId(),
    secretAccessKey: newSecretAccessKey(),
    sessionToken: newSessionToken(),
    expiration: new Date(expiresAt),
  };
  draft.sts.sessions.push(
    sessionRecord(draft, subject, {
      accessKeyId: issued.accessKeyId,
      tokenSha256: sessionTokenDigest(issued.sessionToken),
      issuedAt,
      expiresAt,
      ...(options.mfaAuthenticatedAt === undefined ? {} : { mfaAuthenticatedAt: options.mfaAuthenticatedAt }),
    }),
  );
  return issued;
}

/** STS's `Credentials` element. */
export function credentialsXml(issued: IssuedCredentials): XmlNode {
  return {
    AccessKeyId: issued.accessKeyId,
    SecretAccessKey: issued.secretAccessKey,
    SessionToken: issued.sessionToken,
    Expiration: isoSeconds(issued.expiration),
  };
}
