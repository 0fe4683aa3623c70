/**
 * A least-privilege fix's inline policy crosses to the renderer so the user
 * can edit it before it is applied; every other fix keeps its intent in main
 * (a composite may carry a secret value).
 */
import { describe, expect, it } from 'vitest';
import { publicFinding } from '../../../src/main/diagnostics/engine';
import type { FindingDraft } from '../../../src/main/diagnostics/types';

const DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: 'arn:aws:ssm:eu-west-2:210987654321:parameter/orders/*' },
  ],
});

const draft: FindingDraft = {
  id: 'F10:role/orders-web',
  rule: 'F10',
  severity: 'high',
  summary: 'Role orders-web cannot read its parameters',
  resource: { type: 'role', name: 'orders-web' },
  related: [],
  evidence: [],
  explanation: 'The app reads SSM parameters at start-up.',
  catalogue: { rule: 'F10', title: 'Missing SSM permissions' },
  fixes: [
    {
      id: 'inline-policy',
      label: 'Add inline policy OrdersParameters',
      description: 'Only the parameters it reads.',
      recommended: true,
      intent: {
        kind: 'iam.putInlinePolicy',
        principal: { type: 'role', name: 'orders-web' },
        policyName: 'OrdersParameters',
        document: DOCUMENT,
      },
    },
    {
      id: 'secret',
      label: 'Move the password',
      description: 'Into SSM.',
      recommended: false,
      intent: {
        kind: 'composite',
        title: 'Move the password',
        parts: [
          { kind: 'ssm.putParameter', name: '/orders/db', value: 'hunter2', type: 'SecureString', overwrite: true },
        ],
      },
    },
  ],
};

describe('fix options as the renderer sees them', () => {
  it('carry the proposed inline policy, and nothing of any other intent', () => {
    const [inline, other] = publicFinding(draft, undefined).fixes;
    expect(inline?.policy).toEqual({
      principal: { type: 'role', name: 'orders-web' },
      policyName: 'OrdersParameters',
      document: DOCUMENT,
    });
    expect(other).toEqual({ id: 'secret', label: 'Move the password', description: 'Into SSM.', recommended: false });
    expect(JSON.stringify(publicFinding(draft, undefined))).not.toContain('hunter2');
  });
});
