import { describe, expect, it } from 'vitest';
import { parametersCsv } from '../../../src/renderer/src/views/parameters/ParametersExport';

describe('the Parameters CSV export', () => {
  it('has names, types, versions and dates, and no value column', () => {
    const csv = parametersCsv([
      { name: '/app/DB_PASSWORD', type: 'SecureString', version: 3, lastModified: '2026-12-01T10:00:00.000Z' },
      { name: '/app/LOG_LEVEL', type: 'String', version: 1 },
    ]);
    expect(csv).toBe(
      'Name,Type,Version,Last modified\r\n' +
        '/app/DB_PASSWORD,SecureString,3,2026-12-01T10:00:00.000Z\r\n' +
        '/app/LOG_LEVEL,String,1,\r\n',
    );
  });

  it('quotes what would break a row, and keeps a spreadsheet from reading a name as a formula', () => {
    // A spreadsheet runs a cell that starts with = + - or @; the export must never hand it one.
    const csv = parametersCsv([
      { name: '=HYPERLINK("x")', type: 'String', version: 1 },
      { name: '-1+2', type: 'String', version: 2 },
      { name: 'a,b', type: 'StringList', version: 1 },
    ]);
    expect(csv.split('\r\n').slice(1, 4)).toEqual([
      '"\'=HYPERLINK(""x"")",String,1,',
      "'-1+2,String,2,",
      '"a,b",StringList,1,',
    ]);
  });
});
