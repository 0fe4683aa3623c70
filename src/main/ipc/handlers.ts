import type {
  AppInfo,
  MfaSession,
  ProcessApproval,
  ProfileList,
  ProfileSummary,
  SsoAccountList,
  SsoAccountRoles,
  SsoDeviceAuthorization,
  SsoPoll,
  Target,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import type { ChangeService } from '../changes/changeService';
import type { Journal } from '../changes/journal';
import type { DeployService } from '../deploy/deployService';
import type { DiagnosticsService } from '../diagnostics/service';
import type { BeanstalkLogService } from '../services/beanstalkLogs';
import * as bsConfig from '../services/beanstalkConfiguration';
import * as bsEnvironments from '../services/beanstalkEnvironments';
import * as bsEvents from '../services/beanstalkEvents';
import * as bsHealth from '../services/beanstalkHealth';
import * as liveInstances from '../services/liveInstances';
import * as bsResources from '../services/beanstalkResources';
import * as databases from '../services/databases';
import * as iam from '../services/iam';
import * as monitoring from '../services/monitoring';
import * as alarms from '../services/alarms';
import * as monitoringList from '../services/monitoringList';
import { listAwsManagedPolicies } from '../services/iamManagedPolicies';
import * as searchDomains from '../services/searchDomains';
import * as securityGroups from '../services/securityGroups';
import * as sourceBundles from '../services/sourceBundles';
import * as ssm from '../services/ssm';
import * as sts from '../services/sts';
import type { PreferenceChange } from '../settings';
import type { Handlers } from './router';

export interface HandlerDeps {
  aws: ClientFactory;
  changes: ChangeService;
  journal: Journal;
  diagnostics: DiagnosticsService;
  logs: BeanstalkLogService;
  deploy: DeployService;
  appInfo(): AppInfo;
  listProfiles(): ProfileList;
  /** Re-reads the shared files now and rebuilds the clients; the list as it then stands. */
  reloadProfiles(): ProfileList;
  setReadOnly(profile: string, readOnly: boolean): ProfileSummary;
  setPreferences(profile: string, change: PreferenceChange): ProfileSummary;
  unlockProduction(profile: string, unlocked: boolean): ProfileSummary;
  submitMfaCode(profile: string, code: string): Promise<MfaSession>;
  approveCredentialProcess(profile: string, command: string): ProcessApproval;
  startSsoSignIn(profile: string): Promise<SsoDeviceAuthorization>;
  pollSsoSignIn(signInId: string): Promise<SsoPoll>;
  listSsoAccounts(profile: string): Promise<SsoAccountList>;
  listSsoAccountRoles(profile: string, accountId: string): Promise<SsoAccountRoles>;
  /** The clock of the AWS a target reaches: the practice sandbox's may run ahead of this machine's. */
  awsNow?(target: Target): Date;
}

/** Channel → service function. Handlers stay one-liners: logic lives in services/ and changes/. */
export function createHandlers(d: HandlerDeps): Handlers {
  return {
    'app.info': async () => d.appInfo(),
    'profiles.list': async () => d.listProfiles(),
    'profiles.reload': async () => d.reloadProfiles(),
    'profiles.setReadOnly': async ({ profile, readOnly }) => d.setReadOnly(profile, readOnly),
    'profiles.setPreferences': async ({ profile, ...change }) => d.setPreferences(profile, change),
    'profiles.unlockProduction': async ({ profile, unlocked }) => d.unlockProduction(profile, unlocked),
    'profiles.submitMfaCode': ({ profile, code }) => d.submitMfaCode(profile, code),
    'profiles.approveCredentialProcess': async ({ profile, command }) => d.approveCredentialProcess(profile, command),
    'sso.startSignIn': ({ profile }) => d.startSsoSignIn(profile),
    'sso.pollSignIn': ({ signInId }) => d.pollSsoSignIn(signInId),
    'sso.listAccounts': ({ profile }) => d.listSsoAccounts(profile),
    'sso.listAccountRoles': ({ profile, accountId }) => d.listSsoAccountRoles(profile, accountId),
    'sts.getCallerIdentity': ({ target }) => sts.getCallerIdentity(d.aws, target),
    'iam.snapshot': ({ target }, { progress }) => iam.snapshot(d.aws, target, progress),
    'iam.getRole': ({ target, roleName }) => iam.getRole(d.aws, target, roleName),
    'iam.getUser': ({ target, userName }) => iam.getUser(d.aws, target, userName),
    'iam.listPolicies': ({ target, scope, onlyAttached }) => iam.listPolicies(d.aws, target, scope, onlyAttached),
    'iam.listManagedPolicies': ({ target }) => listAwsManagedPolicies(d.aws, target),
    'iam.getPolicyDocument': ({ target, policyArn, versionId }) =>
      iam.getPolicyDocument(d.aws, target, policyArn, versionId),
    'iam.listAccessKeys': ({ target, userName }) => iam.listAccessKeys(d.aws, target, userName),
    'beanstalk.listEnvironments': ({ target }) => bsEnvironments.listEnvironments(d.aws, target),
    'beanstalk.health': ({ target, environmentName }) => bsHealth.health(d.aws, target, environmentName),
    'beanstalk.describeEvents': ({ target, ...query }) => bsEvents.describeEvents(d.aws, target, query),
    'beanstalk.configuration': ({ target, environmentName }) => bsConfig.configuration(d.aws, target, environmentName),
    'beanstalk.revealProperty': ({ target, environmentName, name }) =>
      bsConfig.revealProperty(d.aws, target, environmentName, name),
    'beanstalk.applicationVersion': ({ target, applicationName, versionLabel }) =>
      sourceBundles.applicationVersion(d.aws, target, applicationName, versionLabel),
    'beanstalk.resources': ({ target, environmentName }) => bsResources.resources(d.aws, target, environmentName),
    'beanstalk.requestLogs': ({ target, environmentName, infoType, waitLimitSeconds }) =>
      d.logs.requestLogs(target, environmentName, infoType, waitLimitSeconds),
    'beanstalk.retrieveLogs': ({ target, requestId }) => d.logs.retrieveLogs(target, requestId),
    'beanstalk.logStreaming': ({ target, environmentName }) => d.logs.logStreaming(target, environmentName),
    'beanstalk.tailLiveLogs': ({ target, environmentName, ...query }) =>
      d.logs.tailLiveLogs(target, environmentName, query),
    'beanstalk.instancesLive': ({ target, environmentName }) =>
      liveInstances.instancesLive(d.aws, target, environmentName),
    'monitoring.environment': ({ target, environmentName, rangeMinutes, start, end }) =>
      monitoring.environmentMetrics(d.aws, target, {
        environmentName,
        ...(rangeMinutes === undefined ? { start, end } : { rangeMinutes }),
        journal: d.journal.list(500),
        ...(d.awsNow ? { now: d.awsNow(target) } : {}),
      }),
    'monitoring.alarms': ({ target, environmentName }) =>
      alarms.environmentAlarms(d.aws, target, environmentName, d.awsNow?.(target).getTime()),
    'monitoring.environmentList': ({ target, environmentNames }) =>
      monitoringList.environmentListMetrics(d.aws, target, environmentNames),
    'deploy.listVersions': ({ target, applicationName }) => d.deploy.listVersions(target, applicationName),
    'deploy.chooseSource': ({ kind }) => d.deploy.chooseSource(kind),
    'deploy.beginUpload': ({ kind, name }) => d.deploy.beginUpload(kind, name),
    'deploy.finishUpload': ({ uploadId }) => d.deploy.finishUpload(uploadId),
    'deploy.rebundle': ({ target, environmentName }) => d.deploy.rebundle(target, environmentName),
    'deploy.preflight': ({ target, environmentName, bundleId }) =>
      d.deploy.preflight(target, environmentName, bundleId),
    'deploy.discardBundle': async ({ bundleId }) => ({ discarded: await d.deploy.discard(bundleId) }),
    'ssm.listParameters': ({ target, path, recursive }, { progress }) =>
      ssm.listParameters(d.aws, target, path, recursive, progress),
    'ssm.getValues': ({ target, names }) => ssm.getValues(d.aws, target, names),
    'ssm.revealParameter': ({ target, name }) => ssm.revealParameter(d.aws, target, name),
    'ssm.parameterHistory': ({ target, name }) => ssm.parameterHistory(d.aws, target, name),
    'rds.listDatabases': ({ target }) => databases.listDatabases(d.aws, target),
    'ec2.securityGroups': ({ target, groupIds, dbPort }) =>
      securityGroups.securityGroups(d.aws, target, groupIds, dbPort),
    'ec2.securityGroupChoices': ({ target }) => securityGroups.securityGroupChoices(d.aws, target),
    'changes.plan': ({ target, intent }) => d.changes.plan(target, intent),
    'changes.apply': ({ planId }) => d.changes.apply(planId),
    'changes.discard': async ({ planId }) => ({ discarded: d.changes.discard(planId) }),
    'journal.list': async ({ limit }) => d.journal.list(limit),
    'journal.planUndo': ({ entryId }) => d.changes.planUndo(entryId),
    'changes.rollback': ({ entryId }) => d.changes.rollback(entryId),
    'search.listDomains': ({ target }) => searchDomains.listDomains(d.aws, target),
    'search.getDomain': ({ target, domainName }) => searchDomains.getDomain(d.aws, target, domainName),
    'diagnostics.scan': ({ target, environmentName, readLogs }) =>
      d.diagnostics.scan(target, environmentName, { readLogs }),
    'diagnostics.verify': ({ target, findingId }) => d.diagnostics.verify(target, findingId),
    'diagnostics.planFix': ({ target, findingId, fixId }) => d.diagnostics.planFix(target, findingId, fixId),
    'diagnostics.accept': ({ target, findingId, note }) => d.diagnostics.accept(target, findingId, note),
    'diagnostics.explainText': ({ target, text }) => d.diagnostics.explainText(target, text),
    'diagnostics.getSettings': ({ target }) => d.diagnostics.getSettings(target),
    'diagnostics.saveSettings': ({ target, settings }) => d.diagnostics.saveSettings(target, settings),
    'diagnostics.connectivity': ({ target, environmentName }) => d.diagnostics.connectivity(target, environmentName),
    'diagnostics.labChecklist': ({ target, environmentName }) => d.diagnostics.labChecklist(target, environmentName),
  };
}
