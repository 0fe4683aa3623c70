/**
 * Sign-in as operators do it, in the training lab: the course user has a
 * virtual MFA device, and `LabAdminWithMfa` is a role that user may assume
 * only with a code from it. This is what an `mfa_serial` profile chain needs:
 *
 * ```ini
 * [profile lab-user]
 * aws_access_key_id = AKIAYLQ4JS7XHN2UVQ6T
 * aws_secret_access_key = 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
 *
 * [profile lab-admin]
 * role_arn = arn:aws:iam::570589970431:role/LabAdminWithMfa
 * source_profile = lab-user
 * mfa_serial = arn:aws:iam::570589970431:mfa/edXProjectUser3
 * ```
 *
 * The TOTP secret is published on purpose (README): anyone practising needs
 * it to compute codes, and the sandbox holds nothing real.
 */
import type { StateDocument } from '../state/document';

const ACCOUNT_ID = '570589970431';
const USER_NAME = 'edXProjectUser3';
const ROLE_NAME = 'LabAdminWithMfa';

/** Facts of the lab's sign-in setup that the README, the console and tests rely on. */
export const TRAINING_LAB_SIGN_IN = {
  userName: USER_NAME,
  userArn: `arn:aws:iam::${ACCOUNT_ID}:user/${USER_NAME}`,
  /** Virtual MFA device: RFC 6238, SHA-1, 6 digits, 30-second steps. */
  mfaSerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/${USER_NAME}`,
  mfaSecretBase32: 'GQGFHSFWR3PIC3VHPZPSVCTNI7QZHMTT',
  roleName: ROLE_NAME,
  roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/${ROLE_NAME}`,
} as const;

/**
 * The trust policy names the user itself, which in the same account grants on
 * its own (the user's edXProjectPolicy says nothing about STS), and only with
 * MFA: without a code AssumeRole is refused.
 */
const mfaTrust = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CourseUserWithMfa',
        Effect: 'Allow',
        Principal: { AWS: TRAINING_LAB_SIGN_IN.userArn },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  },
  null,
  4,
);

const administrator = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] },
  null,
  4,
);

export function addTrainingLabSignIn(doc: StateDocument): void {
  doc.iam.roles.push({
    name: ROLE_NAME,
    id: 'AROAYLQ4JS7XQ3MFA7ADM',
    path: '/',
    createDate: '2018-07-20T09:12:44Z',
    assumeRolePolicyDocument: mfaTrust,
    description: 'Administrators, after signing in with MFA.',
    maxSessionDuration: 3600,
    tags: [],
    attachedPolicyArns: [],
    // Inline rather than AdministratorAccess, so the lab's set of AWS managed policies in use stays as the course left it.
    inlinePolicies: [{ name: 'LabAdministrator', document: administrator }],
  });
  doc.iam.mfaDevices.push({
    serialNumber: TRAINING_LAB_SIGN_IN.mfaSerialNumber,
    userName: USER_NAME,
    seedBase32: TRAINING_LAB_SIGN_IN.mfaSecretBase32,
    enableDate: '2018-07-20T09:10:05Z',
  });
}
