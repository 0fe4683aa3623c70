/**
 * Every AWS managed policy in the attach dialog, in Debian's Chromium against
 * the built web mode and its embedded training-lab sandbox: a policy the lab
 * never uses is found by name with its description, attached through the
 * change preview, and shown on the role.
 */
import { afterAll, describe, it } from 'vitest';
import { openRole } from '../support/iamPage';
import { sandboxSessions } from '../support/webConsole';

const ROLE = 'EC2_Can_Use_Services';

const sessions = sandboxSessions();
afterAll(() => sessions.close());

describe('attaching any AWS managed policy', () => {
  it('searches AmazonS3ReadOnly, attaches it through the preview and sees it attached', async () => {
    const { page } = await sessions.open();
    const detail = await openRole(page, ROLE);
    await detail.getByRole('heading', { name: 'Attached policies (1)' }).waitFor();

    await detail.getByRole('button', { name: 'Attach policy' }).click();
    const dialog = page.getByRole('dialog', { name: `Attach a policy to ${ROLE}` });
    // Before a search, the lab's curated list with its hints.
    await dialog.getByRole('region', { name: 'Policies the training lab uses' }).waitFor();
    const search = dialog.getByRole('searchbox', { name: 'Search all managed policies' });

    // A broad query: at most 50 shown, the rest counted.
    await search.fill('access');
    const results = dialog.getByRole('region', { name: 'Search results' });
    await results.getByText(/^\d+ more match; refine the search\.$/).waitFor();

    await search.fill('AmazonS3ReadOnly');
    const offer = results.getByRole('listitem').filter({ hasText: 'AmazonS3ReadOnlyAccess' });
    await offer.getByText('Read and list access to Amazon S3 and Amazon S3 Object Lambda.').waitFor();
    await offer.getByRole('button', { name: 'Attach AmazonS3ReadOnlyAccess', exact: true }).click();

    const review = page.getByRole('dialog', { name: 'Review change' });
    await review.getByRole('heading', { name: 'AWS CLI equivalent' }).waitFor();
    await review
      .getByText(/attach-role-policy.*AmazonS3ReadOnlyAccess/)
      .first()
      .waitFor();
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.getByText(/^Verified: .*AmazonS3ReadOnlyAccess.*EC2_Can_Use_Services/).waitFor();
    await review.getByRole('button', { name: 'Close' }).click();
    await review.waitFor({ state: 'detached' });

    await detail.getByRole('heading', { name: 'Attached policies (2)' }).waitFor();
    await detail.getByRole('button', { name: 'Detach AmazonS3ReadOnlyAccess' }).waitFor();
  });
});
