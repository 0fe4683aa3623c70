/** The sandbox's restJson codec and the search section of its state document. */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/sandbox/errors';
import { readJsonBody, renderRestJsonError } from '../../../src/sandbox/protocols/restJson';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { parseStateDocument, SandboxStateError } from '../../../src/sandbox/state/store';

const request = (body: string) => ({
  method: 'POST',
  path: '/2021-01-01/opensearch/domain',
  query: new URLSearchParams(),
  headers: {},
  body: Buffer.from(body),
});

describe('restJson codec', () => {
  it('puts the error code in x-amzn-ErrorType and only a message in the body', () => {
    const res = renderRestJsonError(new AwsError('ResourceNotFoundException', 'Domain not found: x', 409), 'req-1');
    expect(res.status).toBe(409);
    expect(res.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(JSON.parse(String(res.body))).toEqual({ message: 'Domain not found: x' });
  });

  it('names shared errors as OpenSearch does', () => {
    const denied = renderRestJsonError(new AwsError('AccessDenied', 'no', 403), 'r');
    expect(denied.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });

  it('reads an empty body as no members and refuses a body that is not a JSON object', () => {
    expect(readJsonBody(request(''))).toEqual({});
    expect(() => readJsonBody(request('[1]'))).toThrow(/must be a JSON object/);
    expect(() => readJsonBody(request('{'))).toThrow(/not valid JSON/);
  });
});

describe('search section of the state document', () => {
  it('loads a state file written before search domains existed, with no domains', () => {
    const doc = buildScenario('empty', new Date('2026-11-22T00:00:00Z'));
    const { search: _search, ...older } = doc;
    expect(parseStateDocument(JSON.stringify(older), 'old.json').search).toEqual({ domains: [] });
  });

  it('names the field of a broken hand-edited domain', () => {
    const doc = buildScenario('training-lab', new Date('2026-11-22T00:00:00Z'));
    const broken = JSON.parse(JSON.stringify(doc)) as { search: { domains: Array<{ engineVersion: string }> } };
    broken.search.domains[0]!.engineVersion = 'six';
    expect(() => parseStateDocument(JSON.stringify(broken), 's.json')).toThrow(SandboxStateError);
    expect(() => parseStateDocument(JSON.stringify(broken), 's.json')).toThrow(
      /search\.domains\.0\.engineVersion|engineVersion/,
    );
  });
});
