/** ListObjectsV2: prefix, delimiter (common prefixes), max-keys, and continuation tokens. */
import { invalidArgument } from './errors';
import { rawXmlDocument } from '../../protocols/restXml';
import { renderElement } from '../../protocols/xml';
import type { SandboxResponse } from '../../serviceModule';
import type { BucketState } from '../../state/storageState';
import { compareKeysBinary } from './objects';

const DEFAULT_MAX_KEYS = 1000;

function encodeToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (key === '' || encodeToken(key) !== token) throw invalidArgument('The continuation token provided is incorrect');
  return key;
}

export function listObjectsV2(bucket: BucketState, query: URLSearchParams, requestId: string): SandboxResponse {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === null ? DEFAULT_MAX_KEYS : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw invalidArgument('Provided max-keys not an integer or within integer range');
  const continuationToken = query.get('continuation-token');
  const startAfter = query.get('start-after');
  const after = continuationToken !== null ? decodeToken(continuationToken) : (startAfter ?? '');

  // Each listed entry is a key or a common prefix; both count against max-keys, as in S3.
  const entries: Array<{ kind: 'key' | 'prefix'; value: string }> = [];
  const seenPrefixes = new Set<string>();
  const keys = bucket.objects
    .map((o) => o.key)
    .filter((k) => k.startsWith(prefix))
    .sort(compareKeysBinary);
  let truncated = false;
  for (const key of keys) {
    let entry: { kind: 'key' | 'prefix'; value: string } = { kind: 'key', value: key };
    if (delimiter !== '') {
      const cut = key.indexOf(delimiter, prefix.length);
      if (cut !== -1) entry = { kind: 'prefix', value: key.slice(0, cut + delimiter.length) };
    }
    if (compareKeysBinary(entry.value, after) <= 0 || (entry.kind === 'prefix' && after.startsWith(entry.value)))
      continue;
    if (entry.kind === 'prefix') {
      if (seenPrefixes.has(entry.value)) continue;
      seenPrefixes.add(entry.value);
    }
    if (entries.length === maxKeys) {
      truncated = true;
      break;
    }
    entries.push(entry);
  }
  const last = entries[entries.length - 1];
  const contents = entries
    .filter((e) => e.kind === 'key')
    .map((e) => {
      const object = bucket.objects.find((o) => o.key === e.value);
      return renderElement('Contents', {
        Key: e.value,
        LastModified: object?.lastModified,
        ETag: object?.etag,
        Size: object?.size,
        StorageClass: 'STANDARD',
      });
    })
    .join('');
  const prefixes = entries
    .filter((e) => e.kind === 'prefix')
    .map((e) => renderElement('CommonPrefixes', { Prefix: e.value }))
    .join('');
  const head = [
    renderElement('Name', bucket.name),
    renderElement('Prefix', prefix),
    delimiter === '' ? '' : renderElement('Delimiter', delimiter),
    renderElement('MaxKeys', maxKeys),
    renderElement('KeyCount', entries.length),
    renderElement('IsTruncated', truncated),
    continuationToken === null ? '' : renderElement('ContinuationToken', continuationToken),
    truncated && last ? renderElement('NextContinuationToken', encodeToken(last.value)) : '',
    startAfter === null ? '' : renderElement('StartAfter', startAfter),
  ].join('');
  return rawXmlDocument(200, 'ListBucketResult', head + contents + prefixes, requestId);
}
