import { describe, expect, it } from 'vitest';
import { verificationDetail, verificationSentence } from '../../../src/renderer/src/model/verification';

describe('verification wording', () => {
  it('adds the verdict to a bare detail', () => {
    const v = { verified: true, detail: 'IAMFullAccess is attached to EC2_Can_Use_Services' };
    expect(verificationSentence(v)).toBe('Verified: IAMFullAccess is attached to EC2_Can_Use_Services');
  });

  it('does not repeat a verdict the detail already carries', () => {
    const v = { verified: true, detail: 'Verified: IAMFullAccess is attached to role EC2_Can_Use_Services.' };
    expect(verificationSentence(v)).toBe('Verified: IAMFullAccess is attached to role EC2_Can_Use_Services.');
    expect(verificationDetail(v)).toBe('IAMFullAccess is attached to role EC2_Can_Use_Services.');
  });

  it('says "Not verified" when re-reading did not show the change', () => {
    expect(verificationSentence({ verified: false, detail: 'Not verified: still detached' })).toBe(
      'Not verified: still detached',
    );
  });
});
