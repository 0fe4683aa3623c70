import { describe, expect, it } from 'vitest';
import type { ParameterSummary } from '../../../src/shared/contract';
import { parseRoute, routeHref } from '../../../src/renderer/src/model/route';
import { buildParameterTree, leafName } from '../../../src/renderer/src/views/parameters/parameterTree';

const p = (name: string): ParameterSummary => ({ name, type: 'String', version: 1 });

describe('parameter tree', () => {
  it('nests parameters under their path folders, sorted', () => {
    const root = buildParameterTree([
      p('/flaskapp/flaskenv/RDS_PORT'),
      p('/flaskapp/config/LOG_LEVEL'),
      p('/flaskapp/flaskenv/APP_SECRET'),
      p('plain-name'),
    ]);
    expect(root.parameters.map((x) => x.name)).toEqual(['plain-name']);
    const flaskapp = root.folders[0]!;
    expect(flaskapp.path).toBe('/flaskapp/');
    expect(flaskapp.folders.map((f) => f.label)).toEqual(['config', 'flaskenv']);
    expect(flaskapp.folders[1]!.parameters.map((x) => leafName(x.name))).toEqual(['APP_SECRET', 'RDS_PORT']);
  });

  it('puts a top-level hierarchical name at the root', () => {
    const root = buildParameterTree([p('/toplevel')]);
    expect(root.folders).toEqual([]);
    expect(root.parameters.map((x) => x.name)).toEqual(['/toplevel']);
  });

  it('routes #/parameters', () => {
    expect(parseRoute('#/parameters')).toEqual({ section: 'parameters' });
    expect(routeHref({ section: 'parameters' })).toBe('#/parameters');
  });
});
