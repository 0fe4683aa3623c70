/** Captures what an SDK call failed with, for asserting AWS error codes and HTTP statuses. */
export interface CaughtAwsError {
  /** The SDK's exception name, e.g. `NoSuchEntityException`. */
  readonly name: string;
  /** The wire error code from the awsQuery envelope, e.g. `NoSuchEntity`. */
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly message: string;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export async function awsError(call: Promise<unknown>): Promise<CaughtAwsError> {
  try {
    await call;
  } catch (error: unknown) {
    if (!(error instanceof Error)) throw error;
    const code = field(field(error, 'Error'), 'Code') ?? field(error, 'Code');
    const status = field(field(error, '$metadata'), 'httpStatusCode');
    return {
      name: error.name,
      code: typeof code === 'string' ? code : undefined,
      status: typeof status === 'number' ? status : undefined,
      message: error.message,
    };
  }
  throw new Error('expected the call to fail');
}

/** IAM returns policy documents URL-encoded; tests read them as JSON. */
export function decodeDocument(encoded: string | undefined): unknown {
  if (encoded === undefined) throw new Error('document missing');
  return JSON.parse(decodeURIComponent(encoded));
}
