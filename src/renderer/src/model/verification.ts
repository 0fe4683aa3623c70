import type { Verification } from '../../../shared/contract';

const PREFIX = /^\s*(not verified|verified)\s*[:.-]\s*/i;

/** The detail without a leading "Verified:" that some planners already include. */
export function verificationDetail(v: Verification): string {
  return v.detail.replace(PREFIX, '');
}

/** "Verified: IAMFullAccess is attached to EC2_Can_Use_Services", never "Verified: Verified: …". */
export function verificationSentence(v: Verification): string {
  return `${v.verified ? 'Verified' : 'Not verified'}: ${verificationDetail(v)}`;
}
