import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { parseStateDocument, SandboxStateError } from '../../../src/sandbox/state/store';

const NOW = new Date('2026-11-22T03:49:14Z');

describe('STS and MFA state', () => {
  it('loads a state file written before sessions and MFA devices existed, with empty defaults', () => {
    const doc = buildScenario('training-lab', NOW);
    const { sts: _sts, ...withoutSts } = doc;
    const { mfaDevices: _devices, ...oldIam } = doc.iam;
    const loaded = parseStateDocument(JSON.stringify({ ...withoutSts, iam: oldIam }), 'old.json');
    expect(loaded.sts).toEqual({ sessions: [] });
    expect(loaded.iam.mfaDevices).toEqual([]);
  });

  it('names a malformed session or device, and a serial number used twice', () => {
    const doc = buildScenario('training-lab', NOW);
    const session = {
      kind: 'role',
      accessKeyId: 'AKIANOTASESSIONKEY00',
      tokenSha256: 'f'.repeat(64),
      issuedAt: 0,
      expiresAt: 1,
      roleId: 'AROAYLQ4JS7XQ3MFA7ADM',
      roleName: 'LabAdminWithMfa',
      roleArn: 'arn:aws:iam::570589970431:role/LabAdminWithMfa',
      sessionName: 'x1',
    };
    const parse = (value: unknown): string => {
      try {
        parseStateDocument(JSON.stringify(value), 'bad.json');
      } catch (error: unknown) {
        if (error instanceof SandboxStateError) return error.message;
        throw error;
      }
      throw new Error('expected a SandboxStateError');
    };
    expect(parse({ ...doc, sts: { sessions: [session] } })).toContain(
      'sts.sessions.0.accessKeyId: must be ASIA and 16 upper-case letters and digits',
    );
    const device = doc.iam.mfaDevices[0];
    expect(parse({ ...doc, iam: { ...doc.iam, mfaDevices: [{ ...device, seedBase32: 'not base32!' }] } })).toContain(
      'iam.mfaDevices.0.seedBase32: must be base32',
    );
    expect(parse({ ...doc, iam: { ...doc.iam, mfaDevices: [device, device] } })).toContain(
      "MFA device 'arn:aws:iam::570589970431:mfa/edXProjectUser3' appears more than once",
    );
  });
});
