import type { AppInfo, ProfileList, ProfileSummary } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import type { ChangeService } from '../changes/changeService';
import type { Journal } from '../changes/journal';
import * as iam from '../services/iam';
import * as sts from '../services/sts';
import type { Handlers } from './router';

export interface HandlerDeps {
  aws: ClientFactory;
  changes: ChangeService;
  journal: Journal;
  appInfo(): AppInfo;
  listProfiles(): ProfileList;
  setReadOnly(profile: string, readOnly: boolean): ProfileSummary;
}

/** Channel → service function. Handlers stay one-liners: logic lives in services/ and changes/. */
export function createHandlers(d: HandlerDeps): Handlers {
  return {
    'app.info': async () => d.appInfo(),
    'profiles.list': async () => d.listProfiles(),
    'profiles.setReadOnly': async ({ profile, readOnly }) => d.setReadOnly(profile, readOnly),
    'sts.getCallerIdentity': ({ target }) => sts.getCallerIdentity(d.aws, target),
    'iam.snapshot': ({ target }) => iam.snapshot(d.aws, target),
    'iam.getRole': ({ target, roleName }) => iam.getRole(d.aws, target, roleName),
    'iam.getUser': ({ target, userName }) => iam.getUser(d.aws, target, userName),
    'iam.listPolicies': ({ target, scope, onlyAttached }) => iam.listPolicies(d.aws, target, scope, onlyAttached),
    'iam.getPolicyDocument': ({ target, policyArn, versionId }) =>
      iam.getPolicyDocument(d.aws, target, policyArn, versionId),
    'iam.listAccessKeys': ({ target, userName }) => iam.listAccessKeys(d.aws, target, userName),
    'changes.plan': ({ target, intent }) => d.changes.plan(target, intent),
    'changes.apply': ({ planId }) => d.changes.apply(planId),
    'changes.discard': async ({ planId }) => ({ discarded: d.changes.discard(planId) }),
    'journal.list': async ({ limit }) => d.journal.list(limit),
    'journal.planUndo': ({ entryId }) => d.changes.planUndo(entryId),
  };
}
