/** Pure text for the Databases view: port parsing, source labels and rule summaries. */
import type { IngressRule, SecurityGroupChoice } from '../../../../shared/contract';
import { portLabel } from '../../../../shared/network/ingress';

/** "3306" or "8000-8080"; anything else becomes NaN so the shared check names the problem. */
export function parsePorts(text: string): { fromPort: number; toPort: number } {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) return { fromPort: NaN, toPort: NaN };
  const fromPort = Number(match[1]);
  return { fromPort, toPort: match[2] === undefined ? fromPort : Number(match[2]) };
}

export function choiceLabel(choice: SecurityGroupChoice): string {
  return `${choice.groupName} (${choice.groupId})${choice.environmentName ? ` — ${choice.environmentName}` : ''}`;
}

export function sourceText(rule: IngressRule): string {
  if (rule.source.kind === 'cidr') return rule.source.cidr;
  const name = rule.source.groupName ?? rule.source.groupId;
  return rule.source.environmentName ? `${name} (${rule.source.environmentName})` : name;
}

/** How a rule is named in its Revoke button: "tcp 3306 from web-server-sg". */
export function ruleSummary(rule: IngressRule): string {
  const ports = portLabel(rule.protocol, rule.fromPort ?? undefined, rule.toPort ?? undefined);
  const from = rule.source.kind === 'cidr' ? rule.source.cidr : (rule.source.groupName ?? rule.source.groupId);
  return `${ports} from ${from}`;
}
