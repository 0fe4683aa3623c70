/** Reading an OIDC request's JSON members, refusing a wrong type as the service does. */
import { readJsonBody } from '../../protocols/restJson';
import type { SandboxRequest } from '../../serviceModule';
import { invalidRequest } from './errors';

export interface OidcInput {
  required(name: string): string;
  optional(name: string): string | undefined;
  strings(name: string): readonly string[];
}

export function oidcInput(request: SandboxRequest): OidcInput {
  const body = readJsonBody(request);
  const optional = (name: string): string | undefined => {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw invalidRequest(`${name} must be a string.`);
    return value;
  };
  return {
    optional,
    required(name) {
      const value = optional(name);
      if (value === undefined || value === '') throw invalidRequest(`${name} is required.`);
      return value;
    },
    strings(name) {
      const value = body[name];
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
        throw invalidRequest(`${name} must be a list of strings.`);
      }
      return value;
    },
  };
}
