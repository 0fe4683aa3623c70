import { useId, useState, type FormEvent } from 'react';
import type { DatabaseSummary, SecurityGroupChoice, SecurityGroupDetail, Target } from '../../../../shared/contract';
import {
  ingressRuleProblems,
  INGRESS_PROTOCOLS,
  parseCidr,
  type IngressProtocol,
} from '../../../../shared/network/ingress';
import { useChanges } from '../../stores/changes';
import { useDatabases } from '../../stores/databases';
import { choiceLabel, parsePorts } from './ingressText';

const PROTOCOL_LABELS: Readonly<Record<IngressProtocol, string>> = {
  tcp: 'TCP',
  udp: 'UDP',
  icmp: 'ICMP',
  '-1': 'All traffic',
};

interface Props {
  target: Target;
  database: DatabaseSummary;
  groups: readonly SecurityGroupDetail[];
  choices: readonly SecurityGroupChoice[];
  /** The account's groups are listed when the form is first used, not with every database opened. */
  choicesLoading: boolean;
}

/** Adds one rule to one of the database's groups; checked inline with the same rules main applies. */
export function AddIngressForm({ target, database, groups, choices, choicesLoading }: Props) {
  const id = useId();
  const [groupId, setGroupId] = useState(groups[0]?.groupId ?? '');
  const [sourceType, setSourceType] = useState<'group' | 'cidr'>('group');
  const [sourceGroup, setSourceGroup] = useState('');
  const [cidr, setCidr] = useState('');
  const [protocol, setProtocol] = useState<IngressProtocol>('tcp');
  const [ports, setPorts] = useState(String(database.endpoint?.port ?? ''));
  const [description, setDescription] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const { fromPort, toPort } =
    protocol === 'tcp' || protocol === 'udp' ? parsePorts(ports) : { fromPort: -1, toPort: -1 };
  const source = sourceType === 'group' ? { groupId: sourceGroup } : { cidr: cidr.trim() };
  const rule = { groupId, protocol, fromPort, toPort, source, description: description || undefined };
  const problems = ingressRuleProblems(rule);
  if (sourceType === 'group' && sourceGroup === '') problems.source = 'Choose the security group to allow.';
  const show = (field: keyof typeof problems) => (submitted ? problems[field] : undefined);
  const parsedCidr = sourceType === 'cidr' ? parseCidr(cidr) : undefined;
  const world = parsedCidr?.ok === true && parsedCidr.cidr.isWorld;
  const vpcId = groups.find((g) => g.groupId === groupId)?.vpcId ?? database.vpcId;
  const sameVpc = choices.filter((c) => c.vpcId === vpcId && c.groupId !== groupId);
  const otherVpcs = choices.filter((c) => c.vpcId !== vpcId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0) return;
    void useChanges.getState().preview(target, {
      kind: 'ec2.authorizeIngress',
      groupId,
      protocol,
      fromPort: protocol === 'tcp' || protocol === 'udp' ? fromPort : -1,
      toPort: protocol === 'tcp' || protocol === 'udp' ? toPort : -1,
      source:
        sourceType === 'group' ? { groupId: sourceGroup } : { cidr: parsedCidr?.ok ? parsedCidr.cidr.canonical : cidr },
      ...(description ? { description } : {}),
    });
  };

  const error = (field: keyof typeof problems) => {
    const message = show(field);
    return message ? (
      <p className="field-error" id={`${id}-${field}-error`}>
        {message}
      </p>
    ) : null;
  };
  const describedBy = (field: keyof typeof problems) => (show(field) ? `${id}-${field}-error` : undefined);

  return (
    <form
      className="ingress-form"
      aria-label="Add ingress rule"
      onSubmit={submit}
      // Listing every group in the account costs a scan; only someone adding a rule needs it.
      onFocus={() => useDatabases.getState().ensureChoices(target)}
      noValidate
    >
      <h3>Add ingress rule</h3>
      {groups.length > 1 && (
        <label className="field">
          <span>Security group</span>
          <select value={groupId} onChange={(e) => setGroupId(e.target.value)}>
            {groups.map((g) => (
              <option key={g.groupId} value={g.groupId}>
                {g.groupName} ({g.groupId})
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset className="field" role="radiogroup" aria-label="Source type">
        <legend>Source type</legend>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={sourceType === 'group'}
            onChange={() => setSourceType('group')}
          />
          Security group
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={sourceType === 'cidr'}
            onChange={() => setSourceType('cidr')}
          />
          CIDR block
        </label>
      </fieldset>
      {sourceType === 'group' ? (
        <label className="field">
          <span>Source security group</span>
          <select
            value={sourceGroup}
            onChange={(e) => setSourceGroup(e.target.value)}
            aria-invalid={show('source') ? true : undefined}
            aria-describedby={describedBy('source')}
          >
            <option value="">{choicesLoading ? 'Loading the account’s groups…' : 'Choose a group…'}</option>
            <optgroup label={`In ${vpcId ?? 'this VPC'}`}>
              {sameVpc.map((c) => (
                <option key={c.groupId} value={c.groupId}>
                  {choiceLabel(c)}
                </option>
              ))}
            </optgroup>
            {otherVpcs.length > 0 && (
              <optgroup label="In other VPCs (reachable only through peering)">
                {otherVpcs.map((c) => (
                  <option key={c.groupId} value={c.groupId}>
                    {choiceLabel(c)} [{c.vpcId ?? 'no VPC'}]
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          {error('source')}
        </label>
      ) : (
        <label className="field">
          <span>CIDR block</span>
          <input
            value={cidr}
            onChange={(e) => setCidr(e.target.value)}
            placeholder="10.1.0.0/16"
            aria-invalid={show('source') ? true : undefined}
            aria-describedby={describedBy('source')}
          />
          {error('source')}
          {world && <p className="field-warning">0.0.0.0/0 admits the whole internet.</p>}
        </label>
      )}
      <label className="field">
        <span>Protocol</span>
        <select value={protocol} onChange={(e) => setProtocol(e.target.value as IngressProtocol)}>
          {INGRESS_PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {PROTOCOL_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      {(protocol === 'tcp' || protocol === 'udp') && (
        <label className="field">
          <span>Port</span>
          <input
            value={ports}
            inputMode="numeric"
            onChange={(e) => setPorts(e.target.value)}
            aria-invalid={show('ports') ? true : undefined}
            aria-describedby={describedBy('ports')}
          />
          {error('ports')}
        </label>
      )}
      <label className="field">
        <span>Description</span>
        <input
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={show('description') ? true : undefined}
          aria-describedby={describedBy('description')}
        />
        {error('description')}
      </label>
      {error('groupId')}
      <button type="submit" className="button button-primary">
        Review change…
      </button>
    </form>
  );
}
