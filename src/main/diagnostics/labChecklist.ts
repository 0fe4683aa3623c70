/**
 * The training lab's steps as a checklist over one scan. Each item is done
 * when the rules behind it ran and passed, to do when any of them found
 * something, and unknown when nothing was there to check (e.g. no deploying
 * principal known yet), which is said rather than shown as done.
 */
import type { Check, Finding, LabChecklist, LabItem, RuleId, ScanResult } from '../../shared/contract';

interface ItemSpec {
  id: string;
  title: string;
  rules: readonly RuleId[];
  /** Findings and checks of these rules count whatever environment they name (account-wide steps). */
  accountWide: boolean;
  todo: string;
  done: string;
  unknown: string;
}

const ITEMS: readonly ItemSpec[] = [
  {
    id: 'deployer',
    title: 'The deploying role has IAMFullAccess and AdministratorAccess-AWSElasticBeanstalk',
    rules: ['F1'],
    accountWide: true,
    todo: 'The principal that runs eb init / eb create cannot create the Beanstalk roles, instance profile or application yet.',
    done: 'The deploying principal may create roles and instance profiles, pass roles and create Beanstalk applications.',
    unknown:
      'No deploying principal was found: declare the role or user you deploy with in Diagnostics → Settings, or run the jumpbox instance with its role.',
  },
  {
    id: 'vpc',
    title: 'The environment is in the database’s VPC',
    rules: ['F4'],
    accountWide: false,
    todo: 'An environment runs outside the VPC of the database it uses, so no security-group rule can connect them.',
    done: 'Every environment that uses a database runs in that database’s VPC.',
    unknown: 'No environment was linked to a database (through a property or an SSM parameter naming its endpoint).',
  },
  {
    id: 'db-ingress',
    title: 'The database allows the instances',
    rules: ['F5'],
    accountWide: false,
    todo: 'A database security group does not admit the environment’s instances on the database port.',
    done: 'The database security groups admit the environment’s instances on the database port.',
    unknown: 'No environment was linked to a database in the same VPC.',
  },
  {
    id: 'instance-role',
    title: 'The instance role has S3 access',
    rules: ['F6'],
    accountWide: false,
    todo: 'The app’s permissions (S3 and others) are not on the instance profile’s role, which is the one the app runs as.',
    done: 'The instance profile’s role carries the app’s permissions.',
    unknown: 'The environment’s roles could not be resolved.',
  },
  {
    id: 'properties',
    title: 'The region and environment properties are set',
    rules: ['F7', 'F8'],
    accountWide: false,
    todo: 'The app is missing AWS_DEFAULT_REGION or settings it needs as environment properties.',
    done: 'The region and every required property are set.',
    unknown: 'No environment to check.',
  },
  {
    id: 'domain',
    title: 'The search domain allows the app’s role',
    rules: ['F13'],
    accountWide: true,
    todo: 'A search domain is open, has an IP hole, or does not name the role the app runs as.',
    done: 'The search domains are closed to the public and allow the app’s role.',
    unknown: 'No search domain in this region.',
  },
];

function belongs(spec: ItemSpec, environmentName: string | undefined, item: { environmentName?: string }): boolean {
  if (environmentName === undefined || spec.accountWide) return true;
  return item.environmentName === environmentName;
}

export function labChecklist(scan: ScanResult, environmentName?: string): LabChecklist {
  const items = ITEMS.map((spec): LabItem => {
    const findings: Finding[] = scan.findings.filter(
      (f) => spec.rules.includes(f.rule) && !f.accepted && belongs(spec, environmentName, f),
    );
    const checks: Check[] = scan.checks.filter((c) => spec.rules.includes(c.rule) && belongs(spec, environmentName, c));
    const blind = scan.problems.some((p) => p.rules.some((r) => spec.rules.includes(r)));
    const status = findings.length > 0 ? 'todo' : checks.length > 0 && !blind ? 'done' : 'unknown';
    const explanation =
      status === 'todo'
        ? spec.todo
        : status === 'done'
          ? spec.done
          : blind
            ? `${spec.unknown} Some reads failed; see the scan problems.`
            : spec.unknown;
    return { id: spec.id, title: spec.title, status, explanation, findings, checks };
  });
  return { ...(environmentName ? { environmentName } : {}), items, scannedAt: scan.scannedAt };
}
