import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import {
  hasErrors,
  lintPolicy,
  type IamIndex,
  type LintOptions,
  type LocatedDiagnostic,
} from '../../../../shared/policyLint';
import { loadedIamReference, loadIamReference } from './iamReference';

export interface PolicyLint {
  /** The text these diagnostics describe (lint runs on a deferred copy while typing fast). */
  text: string;
  diagnostics: LocatedDiagnostic[];
  hasErrors: boolean;
  /** The IAM reference: undefined while it loads, null when it could not be loaded. */
  iam: IamIndex | undefined | null;
}

/** Lints the text as it changes; structure and syntax at once, actions and keys once the reference is in. */
export function usePolicyLint(text: string, options: LintOptions): PolicyLint {
  const [iam, setIam] = useState<IamIndex | undefined | null>(loadedIamReference);
  useEffect(() => {
    if (iam) return;
    let live = true;
    loadIamReference().then(
      (index) => live && setIam(index),
      () => live && setIam(null),
    );
    return () => {
      live = false;
    };
  }, [iam]);
  const deferred = useDeferredValue(text);
  const { kind, size } = options;
  const sizeKey = size ? `${size.limit}|${size.others ?? 0}|${size.what}` : '';
  const diagnostics = useMemo(
    () => lintPolicy(deferred, iam ?? undefined, { kind, size }),
    // The size budget is compared by value; callers build it inline.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [deferred, iam, kind, sizeKey],
  );
  // Save must never go by stale diagnostics: while the deferred copy lags, judge the current text's syntax at least.
  const current = deferred === text ? diagnostics : lintPolicy(text, undefined, { kind, size });
  return { text: deferred, diagnostics, hasErrors: hasErrors(current), iam };
}
