/**
 * Checking a SerialNumber and TokenCode as STS does: the device must be the
 * caller's, and the code must be the current one (or one step either side, for
 * clock drift) and not used before. Codes are checked on the sandbox clock, so
 * a test that moves the clock moves the codes with it.
 */
import { AwsError } from '../../errors';
import type { Principal } from '../../identity';
import type { MfaDeviceState, StateDocument } from '../../state/document';
import { totpForStep, totpStep } from './totp';

/** Steps either side of now that still count: RFC 6238's recommended allowance for drift. */
const DRIFT_STEPS = 1;

const invalidCode = (): AwsError =>
  new AwsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', 403);

const unknownDevice = (): AwsError =>
  new AwsError(
    'AccessDenied',
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    403,
  );

const incomplete = (): AwsError =>
  new AwsError(
    'AccessDenied',
    'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
    403,
  );

/**
 * The device the caller may prove MFA with: a user's own (a device whose user
 * was deleted belongs to nobody); for the administrator, any of the account's.
 * Role sessions have no devices.
 */
function callersDevice(doc: StateDocument, principal: Principal, serialNumber: string): MfaDeviceState | undefined {
  const device = doc.iam.mfaDevices.find((candidate) => candidate.serialNumber === serialNumber);
  if (!device || !doc.iam.users.some((user) => user.name === device.userName)) return undefined;
  if (principal.kind === 'root') return device;
  if (principal.kind === 'user' && principal.userName === device.userName) return device;
  return undefined;
}

/**
 * Verifies the pair when either is given and records the code's step as used;
 * returns when MFA was proven (epoch ms), or undefined when neither was given.
 * Call it inside a mutation: a request that fails afterwards leaves the code unused.
 */
export function proveMfa(
  draft: StateDocument,
  principal: Principal,
  serialNumber: string | undefined,
  tokenCode: string | undefined,
  at: Date,
): number | undefined {
  if (serialNumber === undefined && tokenCode === undefined) return undefined;
  if (serialNumber === undefined || tokenCode === undefined) throw incomplete();
  const device = callersDevice(draft, principal, serialNumber);
  if (!device) throw unknownDevice();
  const now = totpStep(at);
  for (let step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step += 1) {
    if (totpForStep(device.seedBase32, step) !== tokenCode) continue;
    // A code already used (or older than one used) is refused, as AWS refuses a replayed code.
    if (device.lastUsedStep !== undefined && step <= device.lastUsedStep) throw invalidCode();
    device.lastUsedStep = step;
    return at.getTime();
  }
  throw invalidCode();
}
