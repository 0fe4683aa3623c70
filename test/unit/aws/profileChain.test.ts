import { describe, expect, it } from 'vitest';
import { describeChain, mfaSerialOf, type ProfileValues } from '../../../src/main/aws/profileChain';

const KEYS = { aws_access_key_id: 'AKIA', aws_secret_access_key: 'secret' };
const MFA = 'arn:aws:iam::111122223333:mfa/me';

function chainOf(name: string, profiles: Record<string, ProfileValues>) {
  const map = new Map(Object.entries(profiles));
  const chain = describeChain(name, map);
  return { chain, serial: mfaSerialOf(chain, map.get(name) ?? {}) };
}

describe('describeChain: where credentials come from, without a call', () => {
  it('follows a role chain to static keys and finds the mfa_serial on any hop', () => {
    const { chain, serial } = chainOf('admin', {
      base: KEYS,
      ops: { role_arn: 'arn:aws:iam::1:role/Ops', source_profile: 'base', mfa_serial: MFA },
      admin: { role_arn: 'arn:aws:iam::2:role/Admin', source_profile: 'ops' },
    });
    expect(chain).toEqual({
      hops: [
        { profile: 'admin', roleArn: 'arn:aws:iam::2:role/Admin' },
        { profile: 'ops', roleArn: 'arn:aws:iam::1:role/Ops', mfaSerial: MFA },
      ],
      source: { kind: 'static', profile: 'base' },
    });
    expect(serial).toBe(MFA);
  });

  it('ends a chain at a credential_process, with its command line', () => {
    const { chain, serial } = chainOf('admin', {
      vault: { credential_process: '/usr/bin/vault-creds --json' },
      admin: { role_arn: 'arn:aws:iam::2:role/Admin', source_profile: 'vault' },
    });
    expect(chain.source).toEqual({ kind: 'process', profile: 'vault', command: '/usr/bin/vault-creds --json' });
    expect(serial).toBeUndefined();
  });

  it('uses the keys of a source profile that also names a role, as fromIni does', () => {
    const { chain } = chainOf('admin', {
      base: { ...KEYS, role_arn: 'arn:aws:iam::1:role/Ignored', source_profile: 'nowhere' },
      admin: { role_arn: 'arn:aws:iam::2:role/Admin', source_profile: 'base' },
    });
    expect(chain.hops.map((h) => h.profile)).toEqual(['admin']);
    expect(chain.source).toEqual({ kind: 'static', profile: 'base' });
  });

  it('lets a role profile be its own source with its own keys', () => {
    const { chain, serial } = chainOf('self', {
      self: { ...KEYS, role_arn: 'arn:aws:iam::2:role/Admin', source_profile: 'self', mfa_serial: MFA },
    });
    expect(chain.hops).toHaveLength(1);
    expect(chain.source).toEqual({ kind: 'static', profile: 'self' });
    expect(serial).toBe(MFA);
  });

  it('takes mfa_serial on a keys profile as a GetSessionToken sign-in, and ignores it on a source', () => {
    expect(chainOf('keys', { keys: { ...KEYS, mfa_serial: MFA } }).serial).toBe(MFA);
    const { serial } = chainOf('admin', {
      keys: { ...KEYS, mfa_serial: MFA },
      admin: { role_arn: 'arn:aws:iam::2:role/Admin', source_profile: 'keys' },
    });
    expect(serial).toBeUndefined();
  });

  it('reports a loop and a missing source', () => {
    expect(
      chainOf('a', {
        a: { role_arn: 'arn:aws:iam::1:role/A', source_profile: 'b' },
        b: { role_arn: 'arn:aws:iam::1:role/B', source_profile: 'c' },
        c: { role_arn: 'arn:aws:iam::1:role/C', source_profile: 'b' },
      }).chain.problem,
    ).toBe('source_profile chain loops: a → b → c → b');
    expect(
      chainOf('a', {
        a: { role_arn: 'arn:aws:iam::1:role/A', source_profile: 'b' },
        b: { role_arn: 'arn:aws:iam::1:role/B', source_profile: 'gone' },
      }).chain.problem,
    ).toBe("source_profile 'gone' does not exist");
  });

  it('leaves SSO, web identity and credential_source to the SDK', () => {
    expect(chainOf('s', { s: { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'R' } }).chain.source).toEqual({
      kind: 'other',
      profile: 's',
    });
    const ec2 = chainOf('r', {
      r: { role_arn: 'arn:aws:iam::1:role/R', credential_source: 'Ec2InstanceMetadata', mfa_serial: MFA },
    });
    expect(ec2.chain.source).toEqual({ kind: 'other', profile: 'r' });
    expect(ec2.serial).toBe(MFA);
  });
});
