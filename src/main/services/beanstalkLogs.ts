/**
 * STUB (issue 9, in progress): instance logs through RequestEnvironmentInfo /
 * RetrieveEnvironmentInfo and the CloudWatch Logs live tail.
 */
import type { LiveLogPage, LogInfoType, LogRequest, LogRetrieval, LogStreaming, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';

function notYet(): never {
  throw new TrellisError({ code: 'internal', message: 'Instance logs are not built yet.', retryable: false });
}

export class BeanstalkLogService {
  constructor(private readonly aws: ClientFactory) {}

  requestLogs(
    _target: Target,
    _environmentName: string,
    _infoType: LogInfoType,
    _waitLimitSeconds: number,
  ): Promise<LogRequest> {
    void this.aws;
    return notYet();
  }

  retrieveLogs(_target: Target, _requestId: string): Promise<LogRetrieval> {
    return notYet();
  }

  logStreaming(_target: Target, _environmentName: string): Promise<LogStreaming> {
    return notYet();
  }

  tailLiveLogs(
    _target: Target,
    _environmentName: string,
    _query: { since: string; logGroups?: string[]; filterPattern?: string },
  ): Promise<LiveLogPage> {
    return notYet();
  }
}
