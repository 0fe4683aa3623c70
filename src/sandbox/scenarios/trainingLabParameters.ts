/**
 * Parameter Store for the training lab (seed 002): the Flask app's database
 * settings under /flaskapp/flaskenv/, all SecureString as the lab's Terraform
 * creates them, which the `flask-ssm-demo-prod` environment reads through its
 * `aws:elasticbeanstalk:application:environmentsecrets` options (the ARNs
 * there and the names here must agree). The password contains `&o`, the
 * character pair that seed 004's sed substitution mangled.
 *
 * `/photos/dev/` holds `Bbruceeb1-env`'s two secrets, which the instance role
 * may read (inline policy PhotosDevParameters); it may not read
 * /flaskapp/flaskenv/ (catalogue F10).
 *
 * SecureString values are stored as `seeded` references into SEEDED_SECRETS
 * rather than in the state file (see state/ssmState.ts).
 */
import type { StateDocument } from '../state/document';
import type { ParameterVersionState } from '../state/ssmState';
import { isoSeconds } from '../protocols/xml';

const ADMIN_ARN = 'arn:aws:iam::570589970431:root';
const LAB_USER_ARN = 'arn:aws:iam::570589970431:user/edXProjectUser3';
const DEFAULT_KEY = 'alias/aws/ssm';
const HOUR = 60 * 60 * 1000;

/** Seeded SecureString plaintexts by reference; the plain text is in this source file, never in a state file. */
export const SEEDED_SECRETS: Readonly<Record<string, string>> = {
  'rds-username-v1': 'flaskadmin',
  'rds-password-v1': 'Lab-Initial-Pw-2024',
  'rds-password-v2': 'Fl4sk&oRds#Pg2024',
  'rds-db-name-v1': 'flaskdb',
  // The writer instance's real sandbox endpoint, so the app's database check resolves it.
  'rds-hostname-v1': 'flask-db-instance-1.c8x2kq4mzt1p.us-east-1.rds.amazonaws.com',
  'rds-port-v1': '5432',
  'app-secret-v1': 'b7c1e0f4a9d24e3f8c6a51d2e9f07a3c',
  // Bbruceeb1-env's secrets (seed 004), rotated to letters and digits only.
  'photos-db-password-v1': 'ShowMeTheMoney2018',
  'photos-flask-secret-v1': 'asdfwe2342s',
};

interface SeedVersion {
  readonly type: ParameterVersionState['type'];
  readonly value: string;
  readonly hoursAgo: number;
  readonly user?: string;
  readonly description?: string;
}

function version(now: Date, n: number, seed: SeedVersion): ParameterVersionState {
  const secure = seed.type === 'SecureString';
  return {
    version: n,
    type: seed.type,
    ...(secure ? { seeded: seed.value, keyId: DEFAULT_KEY } : { text: seed.value }),
    tier: 'Standard',
    ...(seed.description ? { description: seed.description } : {}),
    labels: [],
    lastModifiedDate: isoSeconds(new Date(now.getTime() - seed.hoursAgo * HOUR)),
    lastModifiedUser: seed.user ?? ADMIN_ARN,
  };
}

function secure(ref: string, hoursAgo: number, description: string): SeedVersion {
  return { type: 'SecureString', value: ref, hoursAgo, description };
}

const PARAMETERS: ReadonlyArray<readonly [string, readonly SeedVersion[]]> = [
  ['/flaskapp/flaskenv/RDS_USERNAME', [secure('rds-username-v1', 150, 'Database master user')]],
  [
    '/flaskapp/flaskenv/RDS_PASSWORD',
    [
      secure('rds-password-v1', 150, 'Database master password'),
      { ...secure('rds-password-v2', 76, 'Database master password (rotated)'), user: LAB_USER_ARN },
    ],
  ],
  ['/flaskapp/flaskenv/RDS_DB_NAME', [secure('rds-db-name-v1', 150, 'Database name')]],
  ['/flaskapp/flaskenv/RDS_HOSTNAME', [secure('rds-hostname-v1', 149, 'Aurora writer endpoint')]],
  ['/flaskapp/flaskenv/RDS_PORT', [secure('rds-port-v1', 149, 'Database port')]],
  ['/flaskapp/flaskenv/APP_SECRET', [secure('app-secret-v1', 148, 'Flask SECRET_KEY')]],
  [
    '/flaskapp/config/LOG_LEVEL',
    [
      { type: 'String', value: 'DEBUG', hoursAgo: 148, description: 'Python logging level' },
      { type: 'String', value: 'INFO', hoursAgo: 74, description: 'Python logging level', user: LAB_USER_ARN },
      { type: 'String', value: 'WARNING', hoursAgo: 30, description: 'Python logging level' },
    ],
  ],
  [
    '/flaskapp/config/ALLOWED_HOSTS',
    [
      {
        type: 'StringList',
        value: 'localhost,flask-ssm-demo-prod.q8w2mthx4e.us-east-1.elasticbeanstalk.com',
        hoursAgo: 147,
      },
    ],
  ],
  ['/flaskapp/config/FEATURE_PHOTO_UPLOAD', [{ type: 'String', value: 'enabled', hoursAgo: 147 }]],
  ['/photos/app/S3_BUCKET', [{ type: 'String', value: 'edx-photos-uploads', hoursAgo: 300 }]],
  ['/photos/dev/DATABASE_PASSWORD', [secure('photos-db-password-v1', 80, 'Photos app database password')]],
  ['/photos/dev/FLASK_SECRET', [secure('photos-flask-secret-v1', 80, 'Photos app Flask secret key')]],
];

export function addTrainingLabParameters(doc: StateDocument, now: Date): void {
  doc.ssm = {
    parameters: PARAMETERS.map(([name, seeds]) => ({
      name,
      versions: seeds.map((seed, index) => version(now, index + 1, seed)),
    })),
  };
}
