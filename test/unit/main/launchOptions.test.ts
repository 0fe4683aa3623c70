import { describe, expect, it } from 'vitest';
import { parsePort, parseWebArgs, UsageError } from '../../../src/main/launchOptions';

describe('launch options', () => {
  it('parses ports, including 0 for any free port', () => {
    expect(parsePort('0', '--port')).toBe(0);
    expect(parsePort('65535', '--port')).toBe(65535);
  });

  it.each([
    ['65536', /out of range/],
    ['-1', /not a whole number/],
    ['80.5', /not a whole number/],
    ['http', /not a whole number/],
    ['', /needs a port/],
  ])('rejects port %j with a specific message', (value, message) => {
    expect(() => parsePort(value, '--port')).toThrow(UsageError);
    expect(() => parsePort(value, '--port')).toThrow(message);
  });

  it('reads --port N, --port=N, --data-dir and --no-sandbox', () => {
    const env = { HOME: '/home/u' };
    expect(parseWebArgs(['--port', '5199', '--data-dir', '/tmp/x', '--no-sandbox'], env)).toEqual({
      port: 5199,
      dataDir: '/tmp/x',
      sandbox: false,
      sandboxPort: 0,
      resetSandbox: false,
    });
    expect(parseWebArgs(['--port=0'], { TRELLIS_DATA_DIR: '/data/t' })).toMatchObject({ port: 0, dataDir: '/data/t' });
  });

  it('names an unknown option and lists the valid ones', () => {
    expect(() => parseWebArgs(['--prot', '1'], {})).toThrow(/Unknown option --prot\. Options: --port N/);
  });
});
