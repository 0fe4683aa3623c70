/** Provided at build time by managedPolicySetPlugin (vitePlugin.ts). */
declare module 'virtual:trellis/aws-managed-policies' {
  const set: import('./format').CompactPolicySet;
  export default set;
}
