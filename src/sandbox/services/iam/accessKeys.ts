import { invalidInput, limitExceeded, noSuchEntity } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import type { QueryParams } from '../../protocols/queryParams';
import { pageFields, paginate, sortByKey } from '../../protocols/pagination';
import { isoSeconds } from '../../protocols/xml';
import type { Principal } from '../../identity';
import type { AccessKeyState, StateDocument } from '../../state/document';
import { newAccessKeyId, newSecretAccessKey } from '../../state/ids';
import { requireUser } from './lookup';
import { accessKeyIdRule, readPaging, userNameRule } from './rules';
import { accessKeyMetadataXml } from './shapes';

/** AWS's fixed quota of access keys per user. */
const ACCESS_KEYS_PER_USER = 2;
/** Enough for any practice session's rotations, without letting the state file grow without end. */
const DELETED_KEYS_REMEMBERED = 1000;

/** AWS defaults UserName to the caller. The root's own keys are not modelled, so it has none. */
function targetUserName(params: QueryParams, principal: Principal): string | undefined {
  return params.string('UserName', userNameRule) ?? (principal.kind === 'user' ? principal.userName : undefined);
}

function requireKey(doc: StateDocument, accessKeyId: string, userName: string | undefined): AccessKeyState {
  const key = doc.iam.accessKeys.find(
    (candidate) => candidate.accessKeyId === accessKeyId && (userName === undefined || candidate.userName === userName),
  );
  if (!key) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
  return key;
}

const createAccessKey: QueryAction = (params, { store, principal, now }) => {
  const userName = targetUserName(params, principal);
  if (userName === undefined) {
    throw invalidInput('The sandbox does not keep access keys for the root user; pass UserName.');
  }
  return store.mutate((draft) => {
    const user = requireUser(draft, userName);
    if (draft.iam.accessKeys.filter((key) => key.userName === user.name).length >= ACCESS_KEYS_PER_USER) {
      throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
    }
    const key: AccessKeyState = {
      accessKeyId: newAccessKeyId(),
      secretAccessKey: newSecretAccessKey(),
      userName: user.name,
      status: 'Active',
      createDate: isoSeconds(now()),
    };
    draft.iam.accessKeys.push(key);
    return {
      AccessKey: {
        UserName: key.userName,
        AccessKeyId: key.accessKeyId,
        Status: key.status,
        SecretAccessKey: key.secretAccessKey,
        CreateDate: key.createDate,
      },
    };
  });
};

const listAccessKeys: QueryAction = (params, { store, principal }) => {
  const doc = store.document;
  const userName = targetUserName(params, principal);
  const { maxItems, marker } = readPaging(params);
  if (userName !== undefined) requireUser(doc, userName);
  const keys = sortByKey(
    doc.iam.accessKeys.filter((key) => userName !== undefined && key.userName === userName),
    (key) => key.accessKeyId,
  );
  const page = paginate(keys, (key) => key.accessKeyId, maxItems, marker);
  return { AccessKeyMetadata: page.items.map(accessKeyMetadataXml), ...pageFields(page) };
};

const getAccessKeyLastUsed: QueryAction = (params, { store }) => {
  const key = requireKey(store.document, params.requiredString('AccessKeyId', accessKeyIdRule), undefined);
  const lastUsed = key.lastUsed
    ? { LastUsedDate: key.lastUsed.date, ServiceName: key.lastUsed.serviceName, Region: key.lastUsed.region }
    : { ServiceName: 'N/A', Region: 'N/A' };
  return { UserName: key.userName, AccessKeyLastUsed: lastUsed };
};

const updateAccessKey: QueryAction = (params, { store, principal }) => {
  const accessKeyId = params.requiredString('AccessKeyId', accessKeyIdRule);
  const status = params.enumValue('Status', ['Active', 'Inactive'] as const);
  if (status === undefined) params.requiredString('Status');
  const userName = targetUserName(params, principal);
  store.mutate((draft) => {
    if (userName !== undefined) requireUser(draft, userName);
    const key = requireKey(draft, accessKeyId, userName ?? '');
    if (status !== undefined) key.status = status;
  });
  return undefined;
};

const deleteAccessKey: QueryAction = (params, { store, principal }) => {
  const accessKeyId = params.requiredString('AccessKeyId', accessKeyIdRule);
  const userName = targetUserName(params, principal);
  store.mutate((draft) => {
    if (userName !== undefined) requireUser(draft, userName);
    const key = requireKey(draft, accessKeyId, userName ?? '');
    draft.iam.accessKeys = draft.iam.accessKeys.filter((candidate) => candidate !== key);
    // Remembered so the deleted key is refused rather than taken for an unknown (administrator) key; bounded.
    draft.iam.deletedAccessKeyIds = [...(draft.iam.deletedAccessKeyIds ?? []), key.accessKeyId].slice(
      -DELETED_KEYS_REMEMBERED,
    );
  });
  return undefined;
};

export const accessKeyActions: ReadonlyMap<string, QueryAction> = new Map([
  ['CreateAccessKey', createAccessKey],
  ['ListAccessKeys', listAccessKeys],
  ['GetAccessKeyLastUsed', getAccessKeyLastUsed],
  ['UpdateAccessKey', updateAccessKey],
  ['DeleteAccessKey', deleteAccessKey],
]);
