/**
 * Search domains for the selected target: the list, and each opened
 * domain's detail (policy text and classified statements). Everything belongs
 * to `key`; an answer for another key is dropped.
 */
import { create } from 'zustand';
import type { SearchDomainDetail, SearchDomainSummary, Target } from '../../../shared/contract';
import { api } from '../api';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';

export interface SearchDomainsState {
  key: string | null;
  domains: Loadable<SearchDomainSummary[]>;
  /** Details by domain name (for `key`). */
  details: Record<string, Loadable<SearchDomainDetail>>;

  resetFor: (key: string) => void;
  ensureDomains: (target: Target) => void;
  loadDomains: (target: Target) => Promise<void>;
  loadDomain: (target: Target, domainName: string) => Promise<void>;
}

export const useSearchDomains = create<SearchDomainsState>()((set, get) => {
  const current = (target: Target) => get().key === targetKey(target);
  const hold = (target: Target) => {
    if (!current(target)) get().resetFor(targetKey(target));
  };

  return {
    key: null,
    domains: idle,
    details: {},

    resetFor: (key) => {
      if (get().key === key) return;
      set({ key, domains: idle, details: {} });
    },

    ensureDomains: (target) => {
      hold(target);
      if (get().domains.status === 'idle') void get().loadDomains(target);
    },

    loadDomains: async (target) => {
      if (!current(target)) return;
      set((s) => ({ domains: loading(s.domains) }));
      const result = await api['search.listDomains']({ target });
      if (!current(target)) return;
      set((s) => ({ domains: settle(s.domains, result) }));
    },

    loadDomain: async (target, domainName) => {
      hold(target);
      set((s) => ({ details: { ...s.details, [domainName]: loading(s.details[domainName]) } }));
      const result = await api['search.getDomain']({ target, domainName });
      if (!current(target)) return;
      set((s) => ({ details: { ...s.details, [domainName]: settle(s.details[domainName], result) } }));
    },
  };
});
