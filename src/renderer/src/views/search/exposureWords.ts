import type { SearchDomainSummary } from '../../../../shared/contract';

/** The list's one-word exposure, in words a learner can act on. */
export const exposureWords: Readonly<Record<SearchDomainSummary['exposure'], { label: string; tone: string }>> = {
  public: { label: 'Open to the internet', tone: 'bad' },
  'ip-restricted': { label: 'IP-restricted', tone: 'warn' },
  restricted: { label: 'Restricted', tone: 'ok' },
  'no-policy': { label: 'No access policy', tone: 'muted' },
};
