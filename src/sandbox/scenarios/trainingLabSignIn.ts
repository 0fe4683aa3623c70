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
 *
 * IAM Identity Center (SSO): an instance whose one directory user is assigned
 * two permission sets in the lab account, each provisioned as an
 * `AWSReservedSSO_…` role as AWS names them. Devices are approved on the
 * sandbox's own page (the verification URL it hands out), so:
 *
 * ```ini
 * [sso-session lab]
 * sso_start_url = https://d-9067c4a1b2.awsapps.com/start
 * sso_region = us-east-1
 * sso_registration_scopes = sso:account:access
 *
 * [profile lab-sso-readonly]
 * sso_session = lab
 * sso_account_id = 570589970431
 * sso_role_name = ReadOnlyAccess
 * ```
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

const SSO_USER = 'lab-learner';
const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
const SSO_ADMIN_ROLE = 'AWSReservedSSO_AdministratorAccess_5c1e9a7b3d2f4e60';
const SSO_READONLY_ROLE = 'AWSReservedSSO_ReadOnlyAccess_8d4f2a6c1b3e5f79';

/** The lab's Identity Center instance: what `sso_*` settings name, and what the console's picker shows. */
export const TRAINING_LAB_SSO = {
  startUrl: 'https://d-9067c4a1b2.awsapps.com/start',
  region: 'us-east-1',
  /** The directory user; GetRoleCredentials sessions are named after it. */
  userName: SSO_USER,
  accountId: ACCOUNT_ID,
  accountName: 'edX Training Lab',
  emailAddress: 'aws-training-lab@edx-project.example',
  /** Permission set (the portal's roleName) → the IAM role it provisions. */
  permissionSets: {
    AdministratorAccess: {
      roleName: SSO_ADMIN_ROLE,
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role${SSO_ROLE_PATH}${SSO_ADMIN_ROLE}`,
    },
    ReadOnlyAccess: {
      roleName: SSO_READONLY_ROLE,
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role${SSO_ROLE_PATH}${SSO_READONLY_ROLE}`,
    },
  },
} as const;

/** As AWS provisions permission-set roles: trusted only by the instance's SAML provider. */
const ssoTrust = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/AWSSSO_7e2d9b4c1a6f3058_DO_NOT_DELETE` },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      },
    ],
  },
  null,
  4,
);

/** Reading, not changing: the verbs AWS's ReadOnlyAccess grants, in the services the lab uses. */
const readOnly = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadEverythingInTheLab',
        Effect: 'Allow',
        Action: [
          'iam:Get*',
          'iam:List*',
          'ec2:Describe*',
          'elasticbeanstalk:Describe*',
          'elasticbeanstalk:List*',
          's3:Get*',
          's3:List*',
          'rds:Describe*',
          'rds:List*',
          'ssm:Describe*',
          'ssm:Get*',
          'ssm:List*',
          'es:Describe*',
          'es:List*',
          'es:Get*',
          'logs:Describe*',
          'logs:Get*',
          'logs:FilterLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
  null,
  4,
);

function ssoRole(
  name: string,
  id: string,
  inline: { name: string; document: string },
): StateDocument['iam']['roles'][number] {
  return {
    name,
    id,
    path: SSO_ROLE_PATH,
    createDate: '2021-03-09T16:41:27Z',
    assumeRolePolicyDocument: ssoTrust,
    description: 'Provisioned by IAM Identity Center for a permission set. Do not modify.',
    maxSessionDuration: 43200,
    tags: [],
    attachedPolicyArns: [],
    // Inline for the same reason as LabAdminWithMfa's: the lab's AWS managed policies in use stay as the course left them.
    inlinePolicies: [inline],
  };
}

function addTrainingLabSso(doc: StateDocument): void {
  doc.iam.roles.push(
    ssoRole(SSO_ADMIN_ROLE, 'AROAYLQ4JS7XSSOADM5C1', { name: 'AdministratorAccess', document: administrator }),
    ssoRole(SSO_READONLY_ROLE, 'AROAYLQ4JS7XSSORDO8D4', { name: 'ReadOnlyAccess', document: readOnly }),
  );
  doc.sso.instance = {
    startUrl: TRAINING_LAB_SSO.startUrl,
    region: TRAINING_LAB_SSO.region,
    userName: SSO_USER,
    accounts: [
      { accountId: ACCOUNT_ID, accountName: TRAINING_LAB_SSO.accountName, emailAddress: TRAINING_LAB_SSO.emailAddress },
    ],
    assignments: Object.entries(TRAINING_LAB_SSO.permissionSets).map(([permissionSetName, { roleName }]) => ({
      accountId: ACCOUNT_ID,
      permissionSetName,
      iamRoleName: roleName,
    })),
  };
}

export function addTrainingLabSignIn(doc: StateDocument): void {
  addTrainingLabSso(doc);
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
