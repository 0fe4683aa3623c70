import { z } from 'zod';

/** A profile name as it may appear in `[profile NAME]`; no brackets or control characters. */
export const profileNameSchema = z
  .string()
  .min(1)
  .max(128)
  .refine((name) => !/[[\]]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 0x20) && name.trim() === name, {
    message: 'profile names cannot contain brackets, control characters or surrounding spaces',
  })
  // Bidi overrides and zero-width characters make one name look like another (e.g. a production profile).
  .refine((name) => !/[\p{Cc}\p{Cf}]/u.test(name), {
    message: 'profile names cannot contain invisible or direction-changing characters',
  });

export const regionSchema = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/, 'not an AWS region code (e.g. us-east-1)');

/**
 * Every AWS-facing call names its target explicitly. Main keeps no "current
 * profile", so two windows (or a test and a window) can never see each
 * other's data.
 */
export const targetSchema = z.object({ profile: profileNameSchema, region: regionSchema }).strict();
export type Target = z.infer<typeof targetSchema>;

export const arnSchema = z.string().regex(/^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/, 'not an ARN');

// IAM's own name patterns (see the IAM API reference for RoleName/UserName).
export const iamNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w+=,.@-]+$/, 'IAM names use letters, digits and +=,.@_-');

export const isoDateSchema = z.string();

/** An instant the renderer sends (a `since`): what toISOString() writes, so a bad date is refused before any call. */
export const isoInstantInputSchema = z.iso.datetime({
  offset: true,
  message: 'not an ISO 8601 date and time (e.g. 2026-01-31T12:00:00.000Z)',
});

/** What a call cancelled by a switch of profile or region answers, on whichever side noticed first. */
export const CANCELLED_MESSAGE = 'Cancelled: the profile or region changed while this was loading.';
