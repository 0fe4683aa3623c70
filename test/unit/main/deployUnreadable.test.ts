import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Tests run as root here, where chmod cannot make a folder unreadable; the
// permission error is injected where the walk reads a directory instead.
const denied = new Set<string>();
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  return {
    ...fs,
    readdir: (async (path: string, options: never) => {
      if (denied.has(path))
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
      return fs.readdir(path, options);
    }) as typeof fs.readdir,
  };
});

const { listFolder } = await import('../../../src/main/deploy/folderSource');

describe('an unreadable folder', () => {
  it('names the folder, or the subfolder, that cannot be read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'trellis-unreadable-'));
    mkdirSync(join(root, 'private'));
    writeFileSync(join(root, 'application.py'), 'x');
    denied.add(join(root, 'private'));
    await expect(listFolder(root)).rejects.toThrow(
      `private/ inside ${root} cannot be read (permission denied); fix its permissions or add it to .ebignore.`,
    );
    denied.add(root);
    await expect(listFolder(root)).rejects.toThrow(`The folder ${root} cannot be read: permission denied.`);
  });
});
