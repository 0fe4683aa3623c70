import { createAwsQueryService, type QueryAction } from '../../protocols/awsQuery';
import type { ServiceModule } from '../../serviceModule';
import { iamRequestResources } from './requestResources';
import { accessKeyActions } from './accessKeys';
import { authorizationDetailsActions } from './authorizationDetails';
import { groupActions } from './groups';
import { instanceProfileActions } from './instanceProfiles';
import { managedPolicyActions } from './managedPolicies';
import { mfaDeviceActions } from './mfaDevices';
import { policyHolderActions } from './policyHolders';
import { roleActions } from './roles';
import { simulationActions } from './simulation';
import { userActions } from './users';

export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const IAM_VERSION = '2010-05-08';

const actions = new Map<string, QueryAction>([
  ...roleActions,
  ...userActions,
  ...groupActions,
  ...policyHolderActions,
  ...instanceProfileActions,
  ...managedPolicyActions,
  ...authorizationDetailsActions,
  ...accessKeyActions,
  ...simulationActions,
  ...mfaDeviceActions,
]);

export const iamService: ServiceModule = createAwsQueryService({
  signingName: 'iam',
  xmlns: IAM_XMLNS,
  version: IAM_VERSION,
  actions,
  resources: iamRequestResources,
});
