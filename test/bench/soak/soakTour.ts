/**
 * One operator's round of the console, in Chromium, by role and accessible
 * name: every view opened and polled (its Refresh, the overview card's
 * Reload, the Doctor's Scan), each step bounded. The page counts every alert
 * (role=alert) it ever draws, with its title and AWS code, so errors shown
 * are counted even when a later poll clears them.
 */
import type { Page } from 'playwright-core';
import { SOAK_PROFILE } from './soakConsole';

/** A step that takes longer than this is recorded as stuck and the round moves on. */
export const STEP_TIMEOUT_MS = 60_000;
const ENVIRONMENT = 'flask-ssm-demo-prod';

export interface ShownAlert {
  /** ms since the page loaded. */
  at: number;
  title: string;
  awsCode: string | null;
}

export interface StepResult {
  view: string;
  ms: number;
  /** Why the step did not finish (its timeout or a missing element); absent when it did. */
  stuck?: string;
}

type AlertWindow = Window & { __alerts: ShownAlert[] };

/** Before any page script: every element that takes role=alert, when it appears. */
export async function countAlerts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: ShownAlert[] = [];
    (window as unknown as AlertWindow).__alerts = shown;
    const seen = new WeakSet<Element>();
    const record = (el: Element) => {
      if (seen.has(el)) return;
      seen.add(el);
      const code = [...el.querySelectorAll('dt')].find((dt) => dt.textContent === 'AWS code');
      shown.push({
        at: performance.now(),
        title: el.querySelector('.notice-title')?.textContent ?? (el.textContent ?? '').slice(0, 80),
        awsCode: code?.nextElementSibling?.textContent ?? null,
      });
    };
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        for (const node of m.addedNodes) {
          if (!(node instanceof Element)) continue;
          if (node.getAttribute('role') === 'alert') record(node);
          for (const el of node.querySelectorAll('[role="alert"]')) record(el);
        }
      }
    }).observe(document, { subtree: true, childList: true });
  });
}

export const alertsShown = (page: Page): Promise<ShownAlert[]> =>
  page.evaluate(() => [...(window as unknown as AlertWindow).__alerts]);

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();

/** Clicks the view's Refresh and waits until it is idle again (its label is "Refreshing…" while busy). */
async function refresh(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Refresh', exact: true });
  await button.and(page.locator(':not([aria-busy])')).waitFor();
  await button.click();
  await button.and(page.locator(':not([aria-busy])')).waitFor();
}

/** The views in tour order; each opens its view, waits for its data, and polls it once. */
const tour: readonly { view: string; run: (page: Page) => Promise<void> }[] = [
  {
    view: 'Overview',
    run: async (page) => {
      await section(page, 'Overview');
      const pin = page.getByRole('checkbox', { name: `Pin ${SOAK_PROFILE}` });
      if (!(await pin.isChecked())) await pin.check();
      const card = page.getByRole('article', { name: `Account ${SOAK_PROFILE}` });
      await card.getByRole('button', { name: 'Reload' }).click();
      await card.locator('.overview-identity:not([aria-busy]) .identity-account').waitFor();
      // The card's findings are a whole Doctor scan, the longest read of the tour.
      await card
        .getByRole('region', { name: 'Open findings by severity' })
        .and(page.locator(':not([aria-busy])'))
        .waitFor({ timeout: STEP_TIMEOUT_MS });
    },
  },
  {
    view: 'Environments',
    run: async (page) => {
      await section(page, 'Beanstalk');
      await page
        .getByRole('table', { name: 'Environments' })
        .getByRole('link', { name: ENVIRONMENT, exact: true })
        .waitFor();
      await refresh(page);
    },
  },
  {
    view: 'Environment page',
    run: async (page) => {
      await page
        .getByRole('table', { name: 'Environments' })
        .getByRole('link', { name: ENVIRONMENT, exact: true })
        .click();
      await page.getByRole('heading', { name: ENVIRONMENT, level: 1 }).waitFor();
      await page.getByRole('region', { name: 'Environment summary' }).waitFor();
      await refresh(page);
    },
  },
  {
    view: 'IAM',
    run: async (page) => {
      await section(page, 'IAM');
      await page
        .getByRole('table', { name: 'Roles' })
        .getByRole('row', { name: /^EC2_Can_Use_Services\b/ })
        .waitFor();
      await refresh(page);
    },
  },
  {
    view: 'Parameters',
    run: async (page) => {
      await section(page, 'Parameters');
      await page.getByRole('tree', { name: 'Parameters by path' }).getByRole('treeitem').first().waitFor();
      await refresh(page);
    },
  },
  {
    view: 'Databases',
    run: async (page) => {
      await section(page, 'Databases');
      await page
        .getByRole('table', { name: 'Databases' })
        .getByRole('row')
        .filter({ hasText: 'edx-photos-db' })
        .waitFor();
      await refresh(page);
    },
  },
  {
    view: 'Domains',
    run: async (page) => {
      await section(page, 'Search domains');
      await page.getByRole('table', { name: 'Domains' }).getByRole('link', { name: 'elastic', exact: true }).waitFor();
      await refresh(page);
    },
  },
  {
    view: 'Doctor scan',
    run: async (page) => {
      await section(page, 'Diagnostics');
      const scan = page.getByRole('button', { name: /^(Scan|Scan again)$/ });
      await scan.click();
      await page
        .getByRole('button', { name: 'Scan again' })
        .and(page.locator(':not([aria-busy])'))
        .waitFor({ timeout: STEP_TIMEOUT_MS });
    },
  },
  {
    view: 'Journal',
    run: async (page) => {
      await section(page, 'Journal');
      await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
      await refresh(page);
    },
  },
];

export const TOUR_VIEWS = tour.map((t) => t.view);

/** One round of every view, stopping early (between steps) once `deadline` (epoch ms) has passed. */
export async function tourOnce(page: Page, deadline: number): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of tour) {
    if (Date.now() >= deadline) break;
    const started = performance.now();
    try {
      await step.run(page);
      results.push({ view: step.view, ms: performance.now() - started });
    } catch (err) {
      // Playwright's first line says what timed out, its call log what it was waiting for.
      const lines = err instanceof Error ? err.message.split('\n') : [String(err)];
      const why = [lines[0], lines.find((l) => l.includes('waiting for'))?.trim()].filter(Boolean).join(' ');
      results.push({ view: step.view, ms: performance.now() - started, stuck: why });
    }
  }
  return results;
}
