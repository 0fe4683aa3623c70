import { describe, expect, it } from 'vitest';
import { cliCommand, shellQuote } from '../../../src/main/changes/cliCommand';

describe('CLI equivalents', () => {
  it('quotes only what a shell would misread', () => {
    expect(shellQuote('arn:aws:iam::aws:policy/IAMFullAccess')).toBe('arn:aws:iam::aws:policy/IAMFullAccess');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(shellQuote('a b')).toBe("'a b'");
  });

  it('always names profile, region and endpoint so a paste hits the same account', () => {
    expect(
      cliCommand(
        { profile: 'lab admin', region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' },
        'iam',
        'attach-role-policy',
        {
          'role-name': 'EC2_Can_Use_Services',
          'policy-arn': 'arn:aws:iam::aws:policy/IAMFullAccess',
          'dry-run': false,
          force: true,
        },
      ),
    ).toBe(
      "aws iam attach-role-policy --role-name EC2_Can_Use_Services --policy-arn arn:aws:iam::aws:policy/IAMFullAccess --force --profile 'lab admin' --region eu-west-1 --endpoint-url http://127.0.0.1:4566",
    );
  });

  it('puts environment assignments first when there is no profile to name', () => {
    expect(
      cliCommand({ region: 'us-east-1', envPrefix: 'AWS_ACCESS_KEY_ID=x' }, 'sts', 'get-caller-identity', {}),
    ).toBe('AWS_ACCESS_KEY_ID=x aws sts get-caller-identity --region us-east-1');
  });
});
