import { mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext } from '../../../src/main/context';
import type { Channel, ChannelInput } from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';

// Whatever Trellis writes to disk while secrets pass through it (journal,
// settings, sandbox state, the sandbox's KMS key file, anything else) must
// not contain a SecureString plaintext: secrets are fingerprinted or sealed.
let ctx: AppContext;
let dataDir: string;
const target = { profile: 'sandbox', region: 'us-east-1' };
const SEEDED = 'Fl4sk&oRds#Pg2024';
const WRITTEN = 'at-rest-canary&o-7731';
const REPLACED = 'replaced-canary&o-5512';

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

async function everyFile(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-at-rest-'));
  dataDir = join(dir, 'data');
  ctx = await consoleIn(dir, { sandbox: true, dataDir });
});
afterAll(() => ctx?.close());

describe('secrets at rest', () => {
  it('never writes a revealed or planned SecureString value to any file in the data directory', async () => {
    expect((await call('ssm.revealParameter', { target, name: '/flaskapp/flaskenv/RDS_PASSWORD' })).value).toBe(SEEDED);

    const create = await call('changes.plan', {
      target,
      intent: {
        kind: 'ssm.putParameter',
        name: '/flaskapp/flaskenv/CANARY',
        type: 'SecureString',
        value: WRITTEN,
        overwrite: false,
      },
    });
    const created = await call('changes.apply', { planId: create.id });
    expect(created.entry.verification?.verified).toBe(true);
    const overwrite = await call('changes.plan', {
      target,
      intent: {
        kind: 'ssm.putParameter',
        name: '/flaskapp/flaskenv/CANARY',
        type: 'SecureString',
        value: REPLACED,
        overwrite: true,
      },
    });
    const overwritten = await call('changes.apply', { planId: overwrite.id });
    const undo = await call('journal.planUndo', { entryId: overwritten.entry.id });
    await call('changes.apply', { planId: undo.id });
    expect((await call('ssm.revealParameter', { target, name: '/flaskapp/flaskenv/CANARY' })).value).toBe(WRITTEN);

    const files = await everyFile(dataDir);
    const names = files.map((f) => f.slice(dataDir.length + 1));
    expect(names).toEqual(
      expect.arrayContaining(['journal.jsonl', 'sandbox-state.json', 'sandbox-state.json.kms-key']),
    );
    for (const file of files) {
      const text = (await readFile(file)).toString('latin1');
      for (const secret of [SEEDED, WRITTEN, REPLACED]) {
        expect(text.includes(secret), `${secret} found in ${file}`).toBe(false);
        // Also as it would look JSON-escaped or base64-encoded in a file.
        expect(text.includes(JSON.stringify(secret).slice(1, -1)), `${secret} (JSON) in ${file}`).toBe(false);
        expect(text.includes(Buffer.from(secret).toString('base64')), `${secret} (base64) in ${file}`).toBe(false);
      }
    }
  });
});
