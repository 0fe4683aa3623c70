/** The build-time data plugins the app's own bundles use, for scripts/bench.mjs to hand to rolldown. */
import { managedPolicySetPlugin } from '../src/sandbox/scenarios/managedPolicySet/vitePlugin';
import { iamDataPlugin } from './iamDataPlugin';

export function benchPlugins(projectRoot: string) {
  return [managedPolicySetPlugin(projectRoot), iamDataPlugin()];
}
