import type { Locator, Page } from 'playwright-core';

/** Opens a role's detail from the IAM table of the console on `page`. */
export async function openRole(page: Page, role: string): Promise<Locator> {
  const row = page.getByRole('main').getByRole('row', { name: new RegExp(`^${role}\\b`) });
  await row.getByRole('button', { name: role, exact: true }).click();
  const detail = page.getByRole('region', { name: `Role ${role}` });
  await detail.waitFor();
  return detail;
}
