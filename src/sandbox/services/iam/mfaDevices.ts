/**
 * Reading MFA devices: which users have one, and the account's virtual
 * devices. The seed is never returned: AWS hands it out only once, when a
 * device is created, and the lab's is documented instead.
 */
import type { QueryAction } from '../../protocols/awsQuery';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import type { MfaDeviceState, StateDocument, UserState } from '../../state/document';
import { requireUser } from './lookup';
import { readPaging, userNameRule } from './rules';
import { userSummaryXml } from './shapes';

/** A device whose user was deleted is assigned to nobody. */
function assignedUser(doc: StateDocument, device: MfaDeviceState): UserState | undefined {
  return doc.iam.users.find((user) => user.name === device.userName);
}

const listMfaDevices: QueryAction = (params, { store, principal }) => {
  const doc = store.document;
  const userName =
    params.string('UserName', userNameRule) ?? (principal.kind === 'user' ? principal.userName : undefined);
  if (userName !== undefined) requireUser(doc, userName);
  const { maxItems, marker } = readPaging(params);
  // Without a user, the caller is the administrator, whose own devices the sandbox does not model.
  const devices = sortByKey(
    doc.iam.mfaDevices.filter((device) => userName !== undefined && device.userName === userName),
    (device) => device.serialNumber,
  );
  const page = paginate(devices, (device) => device.serialNumber, maxItems, marker);
  return {
    MFADevices: page.items.map((device) => ({
      UserName: device.userName,
      SerialNumber: device.serialNumber,
      EnableDate: device.enableDate,
    })),
    ...pageFields(page),
  };
};

const listVirtualMfaDevices: QueryAction = (params, { store }) => {
  const doc = store.document;
  const status = params.enumValue('AssignmentStatus', ['Assigned', 'Unassigned', 'Any'] as const) ?? 'Any';
  const { maxItems, marker } = readPaging(params);
  const devices = sortByKey(
    doc.iam.mfaDevices.filter((device) => {
      const assigned = assignedUser(doc, device) !== undefined;
      return status === 'Any' || (status === 'Assigned') === assigned;
    }),
    (device) => device.serialNumber,
  );
  const page = paginate(devices, (device) => device.serialNumber, maxItems, marker);
  return {
    VirtualMFADevices: page.items.map((device) => {
      const user = assignedUser(doc, device);
      return user
        ? { SerialNumber: device.serialNumber, User: userSummaryXml(doc, user), EnableDate: device.enableDate }
        : { SerialNumber: device.serialNumber };
    }),
    ...pageFields(page),
  };
};

export const mfaDeviceActions: ReadonlyMap<string, QueryAction> = new Map([
  ['ListMFADevices', listMfaDevices],
  ['ListVirtualMFADevices', listVirtualMfaDevices],
]);
