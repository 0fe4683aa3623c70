import type { AppError } from '../../../shared/contract';

/** A panel-level problem (data, not a failed call) in the shape ErrorNotice shows. */
export function problemAsError(problem: { code: string; message: string; awsCode?: string }): AppError {
  const denied = /denied|unauthori[sz]ed|forbidden/i.test(`${problem.code} ${problem.awsCode ?? ''}`);
  return {
    code: denied ? 'access-denied' : problem.code === 'not-found' ? 'not-found' : 'aws',
    message: problem.message,
    awsCode: problem.awsCode,
    retryable: false,
  };
}
