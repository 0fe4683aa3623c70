import { createHash } from 'node:crypto';

/**
 * Names that usually hold credentials. Matching on the name (not the value)
 * errs towards masking: a masked non-secret costs one click to reveal, an
 * unmasked secret ends up in screenshots, logs and journals.
 */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|_KEY$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Stands in for a secret wherever a value is shown or stored. A hash prefix
 * lets two plans or journal entries be compared ("same password as before?")
 * without either revealing the value.
 */
export function fingerprint(value: string): string {
  const digest = createHash('sha256').update(value, 'utf8').digest('hex');
  return `«secret sha256:${digest.slice(0, 8)}»`;
}
