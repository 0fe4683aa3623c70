/**
 * The large account's Parameter Store: `/<application>/<stage>/<service>/<KEY>`
 * for every environment, the services numbered (`worker-2`, `worker-10`) and
 * the keys too once the common names run out (`CACHE_TTL_57`, `CACHE_TTL_120`),
 * so plain text sorting puts them out of order. One in five is a SecureString,
 * some have a few versions of history.
 *
 * SecureString values are `seeded` references into the training lab's table
 * of scenario secrets (state/ssmState.ts), so the state file holds no secret
 * and needs no KMS key to be generated.
 */
import { isoSeconds } from '../protocols/xml';
import type { ParameterType, ParameterVersionState } from '../state/ssmState';
import type { EnvironmentSlot, LargeAccountBuild } from './largeAccountLayout';
import type { SeededRandom } from './largeAccountRandom';
import { SEEDED_SECRETS } from './trainingLabParameters';

const DAY_MS = 24 * 60 * 60 * 1000;
const PLAIN_KEYS = [
  'DB_HOST',
  'DB_PORT',
  'DB_NAME',
  'CACHE_URL',
  'CACHE_TTL',
  'QUEUE_URL',
  'LOG_LEVEL',
  'FEATURE_FLAGS',
  'ALLOWED_HOSTS',
  'MAX_WORKERS',
  'TIMEOUT_SECONDS',
  'BUCKET_NAME',
  'UPSTREAM_URL',
  'RATE_LIMIT',
  'REGION_PRIORITY',
];
const SECRET_KEYS = ['DB_PASSWORD', 'API_TOKEN', 'SIGNING_SECRET', 'OAUTH_CLIENT_SECRET', 'WEBHOOK_SECRET'];
const SEEDED_REFERENCES = Object.keys(SEEDED_SECRETS);

function keyName(keys: readonly string[], ordinal: number): string {
  const base = keys[ordinal % keys.length] ?? 'KEY';
  return ordinal < keys.length ? base : `${base}_${ordinal}`;
}

function plainValue(key: string, slot: EnvironmentSlot, random: SeededRandom): { type: ParameterType; text: string } {
  if (key.startsWith('ALLOWED_HOSTS') || key.startsWith('REGION_PRIORITY')) {
    return { type: 'StringList', text: `${slot.name}.example.com,${slot.name}-internal.example.com` };
  }
  if (key.startsWith('DB_HOST')) return { type: 'String', text: `${slot.name}-db.internal.example.com` };
  if (key.startsWith('LOG_LEVEL')) return { type: 'String', text: random.pick(['DEBUG', 'INFO', 'WARNING']) };
  if (key.includes('URL'))
    return { type: 'String', text: `https://${slot.application}.${slot.stage}.example.com/${key.toLowerCase()}` };
  return { type: 'String', text: String(random.int(1, 5000)) };
}

export function addLargeAccountParameters(build: LargeAccountBuild): void {
  const { doc, scale, layout, random, now } = build;
  const slots: readonly EnvironmentSlot[] =
    layout.environments.length > 0
      ? layout.environments
      : [{ application: 'shared', stage: 'global', name: 'shared-global', services: ['config'] }];
  const perSlot = Math.ceil(scale.parameters / slots.length);
  const editors = [
    ...doc.iam.users.slice(0, 20).map((u) => `arn:aws:iam::${doc.account.id}:user${u.path}${u.name}`),
    `arn:aws:iam::${doc.account.id}:root`,
  ];
  let made = 0;
  for (const slot of slots) {
    const services = slot.services.length > 0 ? slot.services : ['app'];
    for (let k = 0; k < perSlot && made < scale.parameters; k += 1) {
      const service = services[k % services.length] ?? 'app';
      // Distinct per (service, ordinal), and the secret and plain key lists share no name.
      const ordinal = Math.floor(k / services.length);
      const secure = made % 5 === 0;
      const key = keyName(secure ? SECRET_KEYS : PLAIN_KEYS, ordinal);
      const count = random.chance(0.8) ? 1 : random.int(2, 4);
      let at = now.getTime() - random.int(30, 600) * DAY_MS;
      const versions: ParameterVersionState[] = [];
      for (let v = 1; v <= count; v += 1) {
        at += random.int(1, 25) * DAY_MS;
        const value = secure
          ? { type: 'SecureString' as const, seeded: random.pick(SEEDED_REFERENCES), keyId: 'alias/aws/ssm' }
          : (() => {
              const plain = plainValue(key, slot, random);
              return { type: plain.type, text: plain.text };
            })();
        versions.push({
          version: v,
          ...value,
          tier: random.chance(0.05) ? 'Advanced' : 'Standard',
          ...(v === 1 && random.chance(0.3) ? { description: `${key} for ${slot.name} ${service}` } : {}),
          labels: [],
          lastModifiedDate: isoSeconds(new Date(Math.min(at, now.getTime()))),
          lastModifiedUser: random.pick(editors),
        });
      }
      doc.ssm.parameters.push({ name: `/${slot.application}/${slot.stage}/${service}/${key}`, versions });
      made += 1;
    }
  }
}
