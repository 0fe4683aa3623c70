/**
 * The SSO picker's pure parts: the name suggested for a new profile is always
 * one the contract accepts and the config file does not hold yet; typed names
 * and regions get specific messages; the account filter matches name, id and email.
 */
import { describe, expect, it } from 'vitest';
import { newProfileNameSchema } from '../../../src/shared/contract';
import {
  filterAccounts,
  profileNameProblem,
  regionProblem,
  sortAccounts,
  suggestProfileName,
} from '../../../src/renderer/src/model/ssoProfiles';

describe('suggestProfileName', () => {
  it('joins account name and role, lower case, with other characters turned to "-"', () => {
    expect(suggestProfileName('edX Training Lab', 'ReadOnlyAccess')).toBe('edx-training-lab-readonlyaccess');
    expect(suggestProfileName('Payments (prod) — EU', 'Admin+Ops')).toBe('payments-prod-eu-admin+ops');
    expect(suggestProfileName('team@corp.example', 'Dev_Role')).toBe('team@corp.example-dev_role');
    expect(suggestProfileName('Données Àccount', 'PowerUserAccess')).toBe('donnees-account-poweruseraccess');
  });

  it('keeps to 64 characters without a trailing "-"', () => {
    const name = suggestProfileName(`${'a'.repeat(60)} b`, 'ReadOnlyAccess');
    expect(name).toBe('a'.repeat(60) + '-b-r');
    expect(suggestProfileName(`${'a'.repeat(63)} x`, 'Role')).toBe('a'.repeat(63));
  });

  it('avoids names already taken or reserved, with a numbered suffix that still fits', () => {
    expect(suggestProfileName('Lab', 'Dev', ['lab-dev'])).toBe('lab-dev-2');
    expect(suggestProfileName('Lab', 'Dev', ['lab-dev', 'lab-dev-2'])).toBe('lab-dev-3');
    const long = suggestProfileName('x'.repeat(80), 'R', ['x'.repeat(64)]);
    expect(long).toBe(`${'x'.repeat(62)}-2`);
    expect(suggestProfileName('', 'sandbox')).toBe('sandbox-2');
  });

  it('falls back to the account id when the name leaves nothing usable', () => {
    expect(suggestProfileName('日本語', '', [], '570589970431')).toBe('570589970431');
    expect(suggestProfileName('日本語', 'Admin', [], '570589970431')).toBe('570589970431-admin');
  });

  it('always suggests a name the contract accepts and the files do not hold', () => {
    const taken = ['prod-admin', 'prod-admin-2'];
    const cases: [string, string][] = [
      ['Prod', 'Admin'],
      ['  spaces  everywhere  ', 'Read Only'],
      ['[brackets] and "quotes"', 'x=y,z'],
      ['Ünïcödé Àccount', 'PowerUserAccess'],
      ['z'.repeat(200), 'AdministratorAccess'],
    ];
    for (const [account, role] of cases) {
      const name = suggestProfileName(account, role, taken, '123456789012');
      expect(newProfileNameSchema.safeParse(name).success, name).toBe(true);
      expect(profileNameProblem(name, taken), name).toBeUndefined();
    }
  });
});

describe('profileNameProblem', () => {
  it('says what is wrong with a typed name', () => {
    expect(profileNameProblem('', [])).toBe('Give the profile a name.');
    expect(profileNameProblem('lab readonly', [])).toBe(
      'Profile names use letters, digits and - _ @ + . % : / (no spaces).',
    );
    expect(profileNameProblem('x'.repeat(65), [])).toBe('Keep profile names to 64 characters.');
    expect(profileNameProblem('default', [])).toBe("'default' and 'sandbox' are reserved; choose another name.");
    expect(profileNameProblem('lab-sso', ['sandbox', 'lab-sso'])).toBe(
      'A profile named lab-sso already exists; choose another name.',
    );
    expect(profileNameProblem('lab-readonly', ['sandbox', 'lab-sso'])).toBeUndefined();
  });
});

describe('regionProblem', () => {
  it('accepts region codes and an empty field, and names what is not one', () => {
    expect(regionProblem('eu-west-1')).toBeUndefined();
    expect(regionProblem('us-gov-west-1')).toBeUndefined();
    expect(regionProblem('')).toBeUndefined();
    expect(regionProblem('Ireland')).toBe('‘Ireland’ is not an AWS region code (e.g. us-east-1).');
  });
});

describe('filterAccounts', () => {
  const accounts = sortAccounts([
    { accountId: '570589970431', accountName: 'edX Training Lab', emailAddress: 'lab@edx.example' },
    { accountId: '111122223333', accountName: 'Payments prod', emailAddress: 'aws-payments@corp.example' },
    { accountId: '444455556666', accountName: 'payments dev' },
    { accountId: '777788889999', accountName: 'sandbox-10' },
    { accountId: '777788880000', accountName: 'sandbox-2' },
  ]);

  it('sorts by name and keeps accounts whose name, id or email hold every word', () => {
    expect(accounts.map((a) => a.accountName)).toEqual([
      'edX Training Lab',
      'payments dev',
      'Payments prod',
      'sandbox-2',
      'sandbox-10',
    ]);
    expect(filterAccounts(accounts, 'PAYMENTS').map((a) => a.accountId)).toEqual(['444455556666', '111122223333']);
    expect(filterAccounts(accounts, 'payments prod').map((a) => a.accountId)).toEqual(['111122223333']);
    expect(filterAccounts(accounts, '5705').map((a) => a.accountName)).toEqual(['edX Training Lab']);
    expect(filterAccounts(accounts, 'corp.example').map((a) => a.accountName)).toEqual(['Payments prod']);
    expect(filterAccounts(accounts, '  ')).toHaveLength(5);
    expect(filterAccounts(accounts, 'nothing')).toEqual([]);
  });
});
