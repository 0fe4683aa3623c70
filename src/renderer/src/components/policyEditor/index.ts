export { PolicyEditor } from './PolicyEditor';
export { usePolicyLint, type PolicyLint } from './usePolicyLint';
