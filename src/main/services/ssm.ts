/**
 * SSM Parameter Store reads. Listing uses DescribeParameters (metadata only,
 * 50 a page); values are fetched with GetParameters (10 names a call) only for
 * what is shown, and never for SecureString parameters: their values reach the
 * renderer solely through `revealParameter`, when the user asks.
 */
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersCommand,
  paginateDescribeParameters,
  type ParameterHistory,
  type ParameterMetadata,
  type ParameterStringFilter,
} from '@aws-sdk/client-ssm';
import type {
  ParameterList,
  ParameterPage,
  ParameterSummary,
  ParameterType,
  ParameterValues,
  ParameterVersion,
  RevealedParameter,
  Target,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { deniedPermission, explainDenial } from './deniedPermission';

const isoOpt = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);
const GET_PARAMETERS_BATCH = 10;

function typeOf(value: string | undefined): ParameterType {
  return value === 'StringList' || value === 'SecureString' ? value : 'String';
}

function summaryOf(p: ParameterMetadata): ParameterSummary {
  return {
    name: p.Name ?? '',
    arn: p.ARN,
    type: typeOf(p.Type),
    version: p.Version ?? 1,
    lastModified: isoOpt(p.LastModifiedDate),
    lastModifiedUser: p.LastModifiedUser,
    tier: p.Tier,
    keyId: p.KeyId,
    description: p.Description || undefined,
    dataType: p.DataType,
  };
}

/** Every parameter under `path` (all of them without one), metadata only; `onPage` hears of each page as it arrives. */
export async function listParameters(
  aws: ClientFactory,
  target: Target,
  path: string | undefined,
  recursive: boolean,
  onPage?: (page: ParameterPage) => void,
): Promise<ParameterList> {
  const filters: ParameterStringFilter[] =
    path === undefined || (path === '/' && recursive)
      ? []
      : [{ Key: 'Path', Option: recursive ? 'Recursive' : 'OneLevel', Values: [path] }];
  return aws.call(target, 'ssm', 'DescribeParameters', async (client) => {
    const parameters: ParameterSummary[] = [];
    let apiCalls = 0;
    const pages = paginateDescribeParameters(
      { client, pageSize: 50 },
      { MaxResults: 50, ...(filters.length ? { ParameterFilters: filters } : {}) },
    );
    for await (const page of pages) {
      apiCalls += 1;
      const pageParameters = (page.Parameters ?? []).map(summaryOf);
      parameters.push(...pageParameters);
      onPage?.({ parameters: pageParameters, pages: apiCalls, loaded: parameters.length });
    }
    parameters.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { parameters, apiCalls };
  });
}

/**
 * Values of the String and StringList parameters among `names`, ten a call.
 * GetParameters is asked without decryption, so even a SecureString named by
 * mistake comes back as ciphertext, and it is then dropped, not returned.
 * The calls run side by side, as many at once as the client factory's SSM
 * limit allows, so the rows on screen fill in one round trip.
 */
export async function getValues(aws: ClientFactory, target: Target, names: string[]): Promise<ParameterValues> {
  const unique = [...new Set(names)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += GET_PARAMETERS_BATCH) batches.push(unique.slice(i, i + GET_PARAMETERS_BATCH));
  const answers = await Promise.all(
    batches.map((batch) =>
      aws.call(target, 'ssm', 'GetParameters', (client) =>
        client.send(new GetParametersCommand({ Names: batch, WithDecryption: false })),
      ),
    ),
  );
  const result: ParameterValues = { values: [], secure: [], missing: [], apiCalls: answers.length };
  for (const out of answers) {
    for (const p of out.Parameters ?? []) {
      if (p.Type === 'SecureString') result.secure.push(p.Name ?? '');
      else result.values.push({ name: p.Name ?? '', value: p.Value ?? '', version: p.Version ?? 1 });
    }
    result.missing.push(...(out.InvalidParameters ?? []));
  }
  return result;
}

/** AWS's ParameterNotFound for GetParameter carries no message at all; name the parameter and region instead. */
async function naming<T>(target: Target, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error: unknown) {
    if (error instanceof TrellisError && error.appError.awsCode === 'ParameterNotFound') {
      throw new TrellisError({
        ...error.appError,
        code: 'not-found',
        message: `Parameter ${name} does not exist in ${target.region}.`,
      });
    }
    throw error;
  }
}

/** The one path by which a SecureString value reaches the renderer: the user asked to see it. */
export async function revealParameter(aws: ClientFactory, target: Target, name: string): Promise<RevealedParameter> {
  const out = await naming(target, name, () =>
    aws.call(target, 'ssm', 'GetParameter', (client) =>
      client.send(new GetParameterCommand({ Name: name, WithDecryption: true })),
    ),
  ).catch((err: unknown) => {
    // SSM may allow the read and KMS refuse the decryption (a customer managed key); say which of the two is missing.
    const kms = deniedPermission(err)?.action.toLowerCase() === 'kms:decrypt';
    return explainDenial(
      err,
      { action: 'ssm:GetParameter' },
      kms
        ? 'The value is encrypted with a customer managed KMS key, whose key policy leaves decryption to IAM: this identity may read the parameter but not decrypt it.'
        : undefined,
    );
  });
  if (!out.Parameter) {
    throw new TrellisError({ code: 'not-found', message: `Parameter ${name} was not returned.`, retryable: false });
  }
  return { value: out.Parameter.Value ?? '', version: out.Parameter.Version ?? 1 };
}

/** Raw history pages, oldest first; `decrypt` only for planners that must put an old value back. */
export async function readHistory(
  aws: ClientFactory,
  target: Target,
  name: string,
  decrypt: boolean,
): Promise<ParameterHistory[]> {
  return aws.call(target, 'ssm', 'GetParameterHistory', async (client) => {
    const versions: ParameterHistory[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new GetParameterHistoryCommand({ Name: name, WithDecryption: decrypt, MaxResults: 50, NextToken: token }),
      );
      versions.push(...(page.Parameters ?? []));
      token = page.NextToken;
    } while (token);
    return versions.sort((a, b) => (a.Version ?? 0) - (b.Version ?? 0));
  });
}

export async function parameterHistory(aws: ClientFactory, target: Target, name: string): Promise<ParameterVersion[]> {
  const history = await naming(target, name, () => readHistory(aws, target, name, false));
  return history.map((h) => {
    const type = typeOf(h.Type);
    return {
      version: h.Version ?? 0,
      type,
      lastModified: isoOpt(h.LastModifiedDate),
      user: h.LastModifiedUser,
      description: h.Description || undefined,
      labels: h.Labels ?? [],
      ...(type === 'SecureString' ? {} : { value: h.Value ?? '' }),
    };
  });
}

/** The current parameter with its value decrypted, or undefined when it does not exist; for planners only. */
export async function readCurrent(
  aws: ClientFactory,
  target: Target,
  name: string,
): Promise<{ type: ParameterType; value: string; version: number; description?: string; tier?: string } | undefined> {
  const history = await readHistory(aws, target, name, true).catch((error: unknown) => {
    if (error instanceof TrellisError && error.appError.awsCode === 'ParameterNotFound') return undefined;
    throw error;
  });
  const last = history?.[history.length - 1];
  if (!last) return undefined;
  return {
    type: typeOf(last.Type),
    value: last.Value ?? '',
    version: last.Version ?? 1,
    description: last.Description || undefined,
    tier: last.Tier,
  };
}
