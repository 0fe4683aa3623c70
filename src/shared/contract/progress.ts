/**
 * Paged reads that show their first page before the last one arrives. A
 * streamed channel has one typed page event: the rows of one AWS page (a
 * GetAccountAuthorizationDetails page, a DescribeParameters page) and the
 * counts loaded so far. Neither API says how many pages there will be, so a
 * page carries no total.
 *
 * When a caller asks for pages, the final answer is the channel's ordinary
 * output with the listed fields left empty: the pages already carried those
 * rows, and sending them twice would double the transfer and put one long
 * parse on the renderer's main thread at the end. `createPageAssembler`
 * rebuilds the whole output from the pages and that answer, in page order,
 * so every caller still gets the channel's complete output.
 */
import { z } from 'zod';
import { groupSchema, managedPolicySummarySchema, roleSchema, userSchema } from './iam';
import { parameterSummarySchema } from './ssm';

export const iamSnapshotPageSchema = z.object({
  roles: z.array(roleSchema),
  users: z.array(userSchema),
  groups: z.array(groupSchema).default([]),
  localPolicies: z.array(managedPolicySummarySchema),
  /** GetAccountAuthorizationDetails pages read so far, this one included. */
  pages: z.number().int().min(1),
  /** Rows read so far, this page included. */
  loaded: z.object({ roles: z.number().int(), users: z.number().int(), localPolicies: z.number().int() }),
});
export type IamSnapshotPage = z.infer<typeof iamSnapshotPageSchema>;

export const parameterPageSchema = z.object({
  parameters: z.array(parameterSummarySchema),
  /** DescribeParameters pages read so far, this one included. */
  pages: z.number().int().min(1),
  /** Parameters read so far, this page included. */
  loaded: z.number().int(),
});
export type ParameterPage = z.infer<typeof parameterPageSchema>;

/** Per streamed channel: its page schema and the output fields the pages carry. */
export const progressContract = {
  'iam.snapshot': { page: iamSnapshotPageSchema, lists: ['roles', 'users', 'groups', 'localPolicies'] },
  'ssm.listParameters': { page: parameterPageSchema, lists: ['parameters'] },
} as const;

export type StreamedChannel = keyof typeof progressContract;
export type ChannelProgress<C extends StreamedChannel> = z.output<(typeof progressContract)[C]['page']>;

export function isStreamedChannel(name: string): name is StreamedChannel {
  return Object.prototype.hasOwnProperty.call(progressContract, name);
}

type Lists = Record<string, unknown[]>;

/** The final answer of a streamed call: `output` with the lists the pages carried left empty. */
export function withoutStreamedLists(channel: StreamedChannel, output: unknown): unknown {
  if (typeof output !== 'object' || output === null) return output;
  const out: Lists = { ...(output as Lists) };
  for (const field of progressContract[channel].lists) out[field] = [];
  return out;
}

export interface PageAssembler {
  add(page: unknown): void;
  /** The complete output: `final` (the streamed call's answer) with each list filled from the pages, in page order. */
  finish(final: unknown): unknown;
}

export function createPageAssembler(channel: StreamedChannel): PageAssembler {
  const fields = progressContract[channel].lists;
  const pages: Lists[] = [];
  return {
    add: (page) => void pages.push(page as Lists),
    finish: (final) => {
      if (typeof final !== 'object' || final === null) return final;
      const out: Lists = { ...(final as Lists) };
      for (const field of fields) {
        const rows: unknown[] = [];
        for (const page of pages) for (const row of page[field] ?? []) rows.push(row);
        out[field] = rows;
      }
      return out;
    },
  };
}

/** Web mode: a streamed call is asked for with this Accept header, and answered as one JSON frame a line. */
export const STREAM_CONTENT_TYPE = 'application/x-ndjson';

/** One line of a streamed web answer: page events, then exactly one final result. */
export type StreamFrame = { progress: unknown } | { result: unknown };
