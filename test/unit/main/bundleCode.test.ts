import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readBundleCode } from '../../../src/main/services/bundleCode';
import { createStoredZip, listZipEntries } from '../../../src/shared/zip';

const CONFIG = [
  'import os',
  'from os import environ',
  "DB = os.environ['ORDERS_DB_URL']",
  "# TOKEN = os.environ['COMMENTED_OUT']",
  "DEBUG = os.environ.get('ORDERS_DEBUG', '0')",
  'LEVEL = os.getenv("LOG_LEVEL")',
  "KEY = environ[ 'SIGNING_KEY' ]",
  '',
].join('\n');

function reads(bytes: Uint8Array) {
  return readBundleCode(bytes, listZipEntries(bytes)).environmentReads;
}

describe('environment variables read by bundled code', () => {
  it('finds hard and soft reads with file and line, and ignores comments and vendored packages', () => {
    const zip = createStoredZip([
      { path: 'svc/settings.py', content: CONFIG },
      { path: 'svc/app.py', content: "import os\nDB = os.environ.get('ORDERS_DB_URL')\n" },
      { path: 'venv/lib/site-packages/x.py', content: "os.environ['VENDOR_ONLY']\n" },
      { path: 'README.md', content: "os.environ['NOT_CODE']\n" },
    ]);
    expect(reads(zip)).toEqual([
      { name: 'LOG_LEVEL', file: 'svc/settings.py', line: 6, required: false },
      { name: 'ORDERS_DB_URL', file: 'svc/settings.py', line: 3, required: true },
      { name: 'ORDERS_DEBUG', file: 'svc/settings.py', line: 5, required: false },
      { name: 'SIGNING_KEY', file: 'svc/settings.py', line: 7, required: true },
    ]);
  });

  it('lists the names each module defines at top level, where a WSGI callable would be', () => {
    const zip = createStoredZip([
      {
        path: 'app/main.py',
        content:
          'import os\nfrom flask import Flask\n\napplication = Flask(__name__)\n\ndef create_app():\n    inner = 1\n    return application\n\nDEBUG: bool = False\nif DEBUG == True:\n    pass\n',
      },
    ]);
    expect(readBundleCode(zip, listZipEntries(zip)).definitions).toEqual([
      {
        file: 'app/main.py',
        names: ['application', 'create_app', 'DEBUG'],
        // create_app returns the module's object rather than building one, so it is not a factory.
        wsgi: [{ name: 'application', kind: 'object', line: 4, via: 'application = Flask(__name__)' }],
      },
    ]);
  });

  it('names the AWS services the code creates clients for, and OpenSearch clients as es', () => {
    const zip = createStoredZip([
      {
        path: 'app.py',
        content:
          "import boto3\ns3 = boto3.client('s3')\nrek = boto3.Session().client(service_name=\"rekognition\")\ntable = boto3.resource('dynamodb')\n# boto3.client('sqs')\n",
      },
      { path: 'search.py', content: 'from opensearchpy import OpenSearch\n' },
    ]);
    expect(readBundleCode(zip, listZipEntries(zip)).awsServices).toEqual(['dynamodb', 'es', 'rekognition', 's3']);
  });

  it('reads DEFLATE entries as zip -r and Python write them', () => {
    const script = [
      'import io, sys, zipfile',
      'buf = io.BytesIO()',
      'with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:',
      '    z.writestr("config.py", sys.stdin.read())',
      'sys.stdout.buffer.write(buf.getvalue())',
    ].join('\n');
    const bytes = new Uint8Array(execFileSync('python3', ['-c', script], { input: CONFIG }));
    expect(listZipEntries(bytes)[0]?.method).toBe(8);
    expect(
      reads(bytes)
        .filter((r) => r.required)
        .map((r) => r.name),
    ).toEqual(['ORDERS_DB_URL', 'SIGNING_KEY']);
  });
});
