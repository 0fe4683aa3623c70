import { z } from 'zod';
import {
  appInfoSchema,
  callerIdentitySchema,
  mfaSessionSchema,
  processApprovalSchema,
  profileInputs,
  profilePreferenceInputs,
  profileListSchema,
  profileSummarySchema,
  ssoDeviceAuthorizationSchema,
  ssoInputs,
  ssoPollSchema,
} from './app';
import { applyOutcomeSchema, changeInputs, journalEntrySchema, planSchema } from './changes';
import { profileNameSchema, targetSchema } from './common';
import {
  accessKeySchema,
  iamInputs,
  iamSnapshotSchema,
  managedPolicySummarySchema,
  policyDocumentSchema,
  roleSchema,
  userSchema,
} from './iam';
import type { Result } from './result';
import {
  applicationVersionSchema,
  beanstalkInputs,
  environmentConfigurationSchema,
  environmentHealthSchema,
  environmentResourcesSchema,
  environmentSummarySchema,
  eventPageSchema,
} from './beanstalk';
import { channelNames, type ChannelName } from './channelNames';
import type { ChannelProgress, StreamedChannel } from './progress';
import { ssoAccountListSchema, ssoAccountRolesSchema, ssoDirectoryInputs } from './ssoDirectory';
import {
  beanstalkLogInputs,
  liveLogPageSchema,
  logRequestSchema,
  logRetrievalSchema,
  logStreamingSchema,
} from './beanstalkLogs';
import {
  applicationVersionsSchema,
  deployInputs,
  preflightSchema,
  stagedBundleSchema,
  uploadSessionSchema,
} from './deployments';
import {
  connectivityMapSchema,
  diagnosticsInputs,
  diagnosticsSettingsSchema,
  explainTextResultSchema,
  labChecklistSchema,
  scanResultSchema,
  verificationResultSchema,
} from './diagnostics';
import {
  databaseInputs,
  databaseSummarySchema,
  securityGroupChoiceSchema,
  securityGroupDetailSchema,
} from './databases';
import { environmentMetricsSchema, monitoringInputs } from './monitoring';
import { liveInstancesInputs, liveInstancesSchema } from './liveInstances';
import { alarmsInputs, environmentAlarmsSchema } from './alarms';
import { environmentListMetricsSchema, monitoringListInputs } from './monitoringList';
import { searchDomainDetailSchema, searchDomainSummarySchema, searchInputs } from './searchDomains';
import {
  parameterListSchema,
  parameterValuesSchema,
  parameterVersionSchema,
  revealedParameterSchema,
  ssmInputs,
} from './ssm';

const empty = z.object({}).strict();

/**
 * The whole surface between renderer and main. One entry per channel; the
 * router, the preload, the web client and the renderer's API type are all
 * derived from this object, so a channel cannot exist in one place only.
 */
export const contract = {
  'app.info': { input: empty, output: appInfoSchema },
  'profiles.list': { input: empty, output: profileListSchema },
  /** Re-reads the shared files now ("Check again" after replacing a key) and rebuilds every client. */
  'profiles.reload': { input: empty, output: profileListSchema },
  'profiles.setReadOnly': {
    input: z.object({ profile: profileNameSchema, readOnly: z.boolean() }).strict(),
    output: profileSummarySchema,
  },
  'profiles.submitMfaCode': { input: profileInputs.submitMfaCode.strict(), output: mfaSessionSchema },
  'profiles.approveCredentialProcess': {
    input: profileInputs.approveCredentialProcess.strict(),
    output: processApprovalSchema,
  },
  'profiles.setPreferences': { input: profilePreferenceInputs.setPreferences.strict(), output: profileSummarySchema },
  'profiles.unlockProduction': {
    input: profilePreferenceInputs.unlockProduction.strict(),
    output: profileSummarySchema,
  },
  'sso.startSignIn': { input: ssoInputs.startSignIn.strict(), output: ssoDeviceAuthorizationSchema },
  'sso.pollSignIn': { input: ssoInputs.pollSignIn.strict(), output: ssoPollSchema },
  'sso.listAccounts': { input: ssoDirectoryInputs.listAccounts.strict(), output: ssoAccountListSchema },
  'sso.listAccountRoles': { input: ssoDirectoryInputs.listAccountRoles.strict(), output: ssoAccountRolesSchema },
  'sts.getCallerIdentity': { input: z.object({ target: targetSchema }).strict(), output: callerIdentitySchema },
  'iam.snapshot': { input: iamInputs.snapshot.strict(), output: iamSnapshotSchema },
  'iam.getRole': { input: iamInputs.getRole.strict(), output: roleSchema },
  'iam.getUser': { input: iamInputs.getUser.strict(), output: userSchema },
  'iam.listPolicies': { input: iamInputs.listPolicies.strict(), output: z.array(managedPolicySummarySchema) },
  'iam.listManagedPolicies': {
    input: iamInputs.listManagedPolicies.strict(),
    output: z.array(managedPolicySummarySchema),
  },
  'iam.getPolicyDocument': { input: iamInputs.getPolicyDocument.strict(), output: policyDocumentSchema },
  'iam.listAccessKeys': { input: iamInputs.listAccessKeys.strict(), output: z.array(accessKeySchema) },
  'beanstalk.listEnvironments': {
    input: beanstalkInputs.listEnvironments.strict(),
    output: z.array(environmentSummarySchema),
  },
  'beanstalk.health': { input: beanstalkInputs.health.strict(), output: environmentHealthSchema },
  'beanstalk.describeEvents': { input: beanstalkInputs.events.strict(), output: eventPageSchema },
  'beanstalk.configuration': { input: beanstalkInputs.configuration.strict(), output: environmentConfigurationSchema },
  'beanstalk.revealProperty': {
    input: beanstalkInputs.revealProperty.strict(),
    output: z.object({ value: z.string() }),
  },
  'beanstalk.applicationVersion': {
    input: beanstalkInputs.applicationVersion.strict(),
    output: applicationVersionSchema,
  },
  'beanstalk.resources': { input: beanstalkInputs.resources.strict(), output: environmentResourcesSchema },
  'beanstalk.requestLogs': { input: beanstalkLogInputs.requestLogs.strict(), output: logRequestSchema },
  'beanstalk.retrieveLogs': { input: beanstalkLogInputs.retrieveLogs.strict(), output: logRetrievalSchema },
  'beanstalk.logStreaming': { input: beanstalkLogInputs.logStreaming.strict(), output: logStreamingSchema },
  'beanstalk.tailLiveLogs': { input: beanstalkLogInputs.tailLiveLogs.strict(), output: liveLogPageSchema },
  'beanstalk.instancesLive': { input: liveInstancesInputs.instancesLive.strict(), output: liveInstancesSchema },
  'monitoring.environment': { input: monitoringInputs.environment.strict(), output: environmentMetricsSchema },
  'monitoring.alarms': { input: alarmsInputs.environment.strict(), output: environmentAlarmsSchema },
  'monitoring.environmentList': {
    input: monitoringListInputs.environmentList.strict(),
    output: environmentListMetricsSchema,
  },
  'deploy.listVersions': { input: deployInputs.listVersions.strict(), output: applicationVersionsSchema },
  'deploy.chooseSource': { input: deployInputs.chooseSource.strict(), output: stagedBundleSchema.nullable() },
  'deploy.beginUpload': { input: deployInputs.beginUpload.strict(), output: uploadSessionSchema },
  'deploy.finishUpload': { input: deployInputs.finishUpload.strict(), output: stagedBundleSchema },
  'deploy.rebundle': { input: deployInputs.rebundle.strict(), output: stagedBundleSchema },
  'deploy.preflight': { input: deployInputs.preflight.strict(), output: preflightSchema },
  'deploy.discardBundle': {
    input: deployInputs.discardBundle.strict(),
    output: z.object({ discarded: z.boolean() }),
  },
  'ssm.listParameters': { input: ssmInputs.listParameters.strict(), output: parameterListSchema },
  'ssm.getValues': { input: ssmInputs.getValues.strict(), output: parameterValuesSchema },
  'ssm.revealParameter': { input: ssmInputs.revealParameter.strict(), output: revealedParameterSchema },
  'ssm.parameterHistory': {
    input: ssmInputs.parameterHistory.strict(),
    output: z.array(parameterVersionSchema),
  },
  'rds.listDatabases': { input: databaseInputs.listDatabases.strict(), output: z.array(databaseSummarySchema) },
  'ec2.securityGroups': {
    input: databaseInputs.securityGroups.strict(),
    output: z.array(securityGroupDetailSchema),
  },
  'ec2.securityGroupChoices': {
    input: databaseInputs.securityGroupChoices.strict(),
    output: z.array(securityGroupChoiceSchema),
  },
  'changes.plan': { input: changeInputs.plan.strict(), output: planSchema },
  'changes.apply': { input: changeInputs.apply.strict(), output: applyOutcomeSchema },
  'changes.discard': { input: changeInputs.discard.strict(), output: z.object({ discarded: z.boolean() }) },
  'journal.list': { input: changeInputs.journalList.strict(), output: z.array(journalEntrySchema) },
  'journal.planUndo': { input: changeInputs.planUndo.strict(), output: planSchema },
  'changes.rollback': { input: changeInputs.rollback.strict(), output: applyOutcomeSchema },
  'search.listDomains': {
    input: searchInputs.listDomains.strict(),
    output: z.array(searchDomainSummarySchema),
  },
  'search.getDomain': { input: searchInputs.getDomain.strict(), output: searchDomainDetailSchema },
  'diagnostics.scan': { input: diagnosticsInputs.scan.strict(), output: scanResultSchema },
  'diagnostics.verify': { input: diagnosticsInputs.verify.strict(), output: verificationResultSchema },
  'diagnostics.planFix': { input: diagnosticsInputs.planFix.strict(), output: planSchema },
  'diagnostics.accept': {
    input: diagnosticsInputs.accept.strict(),
    output: z.object({ findingId: z.string(), accepted: z.object({ note: z.string(), at: z.string() }).nullable() }),
  },
  'diagnostics.explainText': { input: diagnosticsInputs.explainText.strict(), output: explainTextResultSchema },
  'diagnostics.getSettings': { input: diagnosticsInputs.getSettings.strict(), output: diagnosticsSettingsSchema },
  'diagnostics.saveSettings': { input: diagnosticsInputs.saveSettings.strict(), output: diagnosticsSettingsSchema },
  'diagnostics.connectivity': { input: diagnosticsInputs.connectivity.strict(), output: connectivityMapSchema },
  'diagnostics.labChecklist': { input: diagnosticsInputs.labChecklist.strict(), output: labChecklistSchema },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** A streamed channel's page listener (see progress.ts); other channels have none. */
export type ProgressListener<C extends Channel> = C extends StreamedChannel
  ? (page: ChannelProgress<C>) => void
  : never;

export interface CallOptions<C extends Channel> {
  /** Told of each page as it arrives; the answer is still the complete output. */
  onProgress?: ProgressListener<C>;
  /** Cancels this call (e.g. its view was left), beside the target switch that cancels every call of a target. */
  signal?: AbortSignal;
}

/** What the renderer calls: one async function per channel, never throwing. */
export type TrellisApi = {
  [C in Channel]: (input: ChannelInput<C>, options?: CallOptions<C>) => Promise<Result<ChannelOutput<C>>>;
};

export const channels: readonly Channel[] = channelNames;

// Both directions, so adding a channel to one list and not the other fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatchContract: Same<ChannelName, Channel> = true;
void namesMatchContract;

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './result';
export * from './common';
export * from './app';
export * from './iam';
export * from './changes';
export * from './beanstalk';
export * from './liveInstances';
export * from './searchDomains';
export * from './ssm';
export * from './databases';
export * from './diagnostics';
export * from './ssoDirectory';
export * from './beanstalkLogs';
export * from './deployments';
export * from './progress';
export * from './monitoring';
export * from './alarms';
export * from './monitoringList';
