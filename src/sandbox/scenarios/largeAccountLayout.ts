/**
 * The shape of the large account that every part shares: its applications,
 * their environments (one per application and stage), and the services each
 * environment runs. Names carry numbers (`worker-2`, `worker-10`) the way real
 * fleets do, so a console that sorts names as plain text shows them out of order.
 */
import type { StateDocument } from '../state/document';
import type { ScenarioScale } from './largeAccount';
import type { SeededRandom } from './largeAccountRandom';

const PRODUCTS = [
  'orders',
  'billing',
  'payments',
  'catalog',
  'search',
  'inventory',
  'shipping',
  'accounts',
  'identity',
  'notify',
  'reports',
  'analytics',
  'media',
  'photos',
  'checkout',
  'pricing',
  'recommend',
  'reviews',
  'support',
  'gateway',
  'ledger',
  'loyalty',
  'partners',
  'returns',
];
const FLAVOURS = ['', '-api', '-web', '-jobs', '-v2', '-admin', '-stream', '-sync'];
const STAGES = ['prod', 'staging', 'dev', 'qa', 'perf', 'sandbox', 'demo', 'uat'];

export interface EnvironmentSlot {
  readonly application: string;
  readonly stage: string;
  /** `<application>-<stage>`: the environment's name and its resources' prefix. */
  readonly name: string;
  /** Services under the environment's parameter path: `api`, `web`, `worker-1` … `worker-12`. */
  readonly services: readonly string[];
}

export interface AccountLayout {
  readonly applications: readonly string[];
  readonly environments: readonly EnvironmentSlot[];
  readonly stages: readonly string[];
}

/** What every part of the large account is built from and into. */
export interface LargeAccountBuild {
  readonly doc: StateDocument;
  readonly scale: ScenarioScale;
  readonly layout: AccountLayout;
  readonly random: SeededRandom;
  readonly now: Date;
}

function applicationName(index: number): string {
  const product = PRODUCTS[index % PRODUCTS.length] ?? 'app';
  const round = Math.floor(index / PRODUCTS.length);
  const flavour = FLAVOURS[round % FLAVOURS.length] ?? '';
  const generation = Math.floor(round / FLAVOURS.length);
  return generation === 0 ? `${product}${flavour}` : `${product}${flavour}-${generation + 1}`;
}

function stageName(index: number): string {
  const base = STAGES[index % STAGES.length] ?? 'env';
  const round = Math.floor(index / STAGES.length);
  return round === 0 ? base : `${base}${round + 1}`;
}

function servicesFor(random: SeededRandom): string[] {
  const workers = random.int(0, 12);
  const services = ['api', ...(random.chance(0.6) ? ['web'] : []), ...(random.chance(0.3) ? ['scheduler'] : [])];
  for (let n = 1; n <= workers; n += 1) services.push(`worker-${n}`);
  return services;
}

export function accountLayout(scale: ScenarioScale, random: SeededRandom): AccountLayout {
  const applications = Array.from({ length: scale.applications }, (_, index) => applicationName(index));
  const environments: EnvironmentSlot[] = [];
  const stages = new Set<string>();
  for (let index = 0; index < scale.environments; index += 1) {
    const application = applications[index % applications.length] ?? 'app';
    const stage = stageName(Math.floor(index / Math.max(1, applications.length)));
    stages.add(stage);
    environments.push({ application, stage, name: `${application}-${stage}`, services: servicesFor(random) });
  }
  return { applications, environments, stages: [...stages] };
}
