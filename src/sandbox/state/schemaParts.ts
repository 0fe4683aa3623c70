/** Schema pieces shared by every section of the state document. */
import { z } from 'zod';

/** Timestamps are stored exactly as AWS prints them, so they pass straight to the wire. */
export const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'must be an ISO-8601 UTC time like 2018-07-02T01:14:37Z');

export const ec2Tag = z.object({ key: z.string().min(1).max(128), value: z.string().max(256) }).strict();
