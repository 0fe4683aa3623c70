/**
 * Ten accounts that are not the training lab, each built with the AWS CLI in
 * its own empty sandbox, in eu-west-1, ap-southeast-2 or (in the China
 * partition) cn-north-1 and cn-northwest-1, with its own names,
 * ports, file layouts and policies. Each lists the findings the Doctor must
 * raise on it, and the ones it must not: a rule that leans on the lab's
 * names, ports, region or file names fails one of the two.
 */
import { type AccountSpec, beanstalkApp, FLASK_APP, NS, REQUIREMENTS, STACKS } from './cliAccountSteps';
import { relay, tally } from './cliNetworkAccounts';
import { beacon, signal } from './cliSearchAccounts';

const EU = 'eu-west-1';
const AP = 'ap-southeast-2';
/** Ningxia: an aws-cn account, whose ARNs and AWS managed policies say `arn:aws-cn:`. */
const CN_NW = 'cn-northwest-1';
const FACTORY = 'from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n';

const ledger: AccountSpec = {
  profile: 'ledger',
  region: EU,
  about: 'legacy Python, the app in main.py, WSGIPath left at its default',
  bundles: { 'ledger.zip': { 'main.py': FLASK_APP, 'requirements.txt': REQUIREMENTS } },
  steps: ({ zip }) =>
    beanstalkApp({
      prefix: 'ledger',
      region: EU,
      zip: zip('ledger.zip'),
      stack: STACKS.legacy,
      environments: { 'ledger-web': [] },
    }),
  environments: ['ledger-web'],
  mustRaise: [
    {
      id: 'F3:environment/ledger-web',
      severity: 'critical',
      summary: 'the app is created in main.py (application = Flask(__name__))',
      fixes: ['main.py'],
    },
  ],
  mustNotRaise: ['F4:', 'F5:', 'F7:', 'F8:', 'F12:', 'F13:', 'F15:', 'F16:'],
};

const atlas: AccountSpec = {
  profile: 'atlas',
  region: EU,
  about: 'Amazon Linux 2023, a package app/ whose __init__ makes `app`',
  bundles: {
    'atlas.zip': {
      'app/__init__.py': 'from flask import Flask\n\napp = Flask(__name__)\n\nfrom . import views  # noqa: E402\n',
      'app/views.py': 'from . import app\n\n\n@app.route("/")\ndef index():\n    return "atlas"\n',
      'requirements.txt': REQUIREMENTS,
    },
  },
  steps: ({ zip }) =>
    beanstalkApp({
      prefix: 'atlas',
      region: EU,
      zip: zip('atlas.zip'),
      stack: STACKS.al2023,
      environments: { 'atlas-api': [[NS.python, 'WSGIPath', 'application:application']] },
    }),
  environments: ['atlas-api'],
  // A package is imported by name: pointing WSGIPath at it is the fix, re-bundling its folder would break it.
  mustRaise: [
    { id: 'F3:environment/atlas-api', summary: 'app/__init__.py (app = Flask(__name__))', fixes: ['app:app'] },
  ],
  mustNotRaise: ['F15:', 'F16:', 'F13:'],
};

const harbor: AccountSpec = {
  profile: 'harbor',
  region: CN_NW,
  about: 'Amazon Linux 2, src/service/wsgi.py binds the result of a factory in another module',
  bundles: {
    'harbor.zip': {
      'src/__init__.py': '',
      'src/service/__init__.py': '',
      'src/service/factory.py': FACTORY,
      'src/service/wsgi.py': 'from src.service.factory import create_app\n\napplication = create_app()\n',
      'requirements.txt': REQUIREMENTS,
    },
  },
  steps: ({ zip }) =>
    beanstalkApp({
      prefix: 'harbor',
      region: CN_NW,
      zip: zip('harbor.zip'),
      stack: STACKS.al2,
      environments: { 'harbor-web': [] },
    }),
  environments: ['harbor-web'],
  mustRaise: [
    {
      id: 'F3:environment/harbor-web',
      summary: 'src/service/wsgi.py (application = create_app())',
      fixes: ['src.service.wsgi:application'],
    },
  ],
  mustNotRaise: ['F15:', 'F16:'],
};

const press: AccountSpec = {
  profile: 'press',
  region: AP,
  about: 'Amazon Linux 2023, only a create_app() factory; one environment calls it, one does not',
  bundles: { 'press.zip': { 'web/__init__.py': '', 'web/factory.py': FACTORY, 'requirements.txt': REQUIREMENTS } },
  steps: ({ zip }) =>
    beanstalkApp({
      prefix: 'press',
      region: AP,
      zip: zip('press.zip'),
      stack: STACKS.al2023,
      environments: { 'press-bad': [], 'press-ok': [[NS.python, 'WSGIPath', 'web.factory:create_app()']] },
    }),
  environments: ['press-bad', 'press-ok'],
  mustRaise: [{ id: 'F3:environment/press-bad', fixes: ['web.factory:create_app()'] }],
  mustNotRaise: ['F3:environment/press-ok', 'F15:', 'F16:'],
  mustPass: ['F3:environment/press-ok'],
};

const quarry: AccountSpec = {
  profile: 'quarry',
  region: EU,
  about: 'legacy Python, a bundle in which nothing makes a WSGI app',
  bundles: {
    'quarry.zip': { 'worker.py': 'import time\n\nwhile True:\n    time.sleep(60)\n', 'requirements.txt': 'requests\n' },
  },
  steps: ({ zip }) =>
    beanstalkApp({
      prefix: 'quarry',
      region: EU,
      zip: zip('quarry.zip'),
      stack: STACKS.legacy,
      environments: { 'quarry-jobs': [] },
    }),
  environments: ['quarry-jobs'],
  // No WSGIPath value could work, so none is offered; the finding says what the code lacks.
  mustRaise: [{ id: 'F3:environment/quarry-jobs', summary: 'no module in it creates a WSGI app', fixes: [] }],
  mustNotRaise: ['F15:', 'F16:'],
};

const orchard: AccountSpec = {
  profile: 'orchard',
  region: AP,
  about: 'Amazon Linux 2023, the project zipped one folder down in a folder that is not a Python name',
  bundles: {
    'orchard.zip': {
      'orders-api/application.py': FLASK_APP,
      'orders-api/requirements.txt': REQUIREMENTS,
      'docs/README.md': '# orders\n',
    },
  },
  steps: ({ zip }) =>
    beanstalkApp({
      prefix: 'orchard',
      region: AP,
      zip: zip('orchard.zip'),
      stack: STACKS.al2023,
      environments: { 'orchard-api': [] },
    }),
  environments: ['orchard-api'],
  mustRaise: [
    { id: 'F3:environment/orchard-api', fixes: ['rebundle-deploy'] },
    { id: 'F15:environment/orchard-api', summary: 'it has only orders-api/requirements.txt' },
  ],
  mustNotRaise: ['F16:', 'F13:'],
};

export const ACCOUNTS: readonly AccountSpec[] = [
  ledger,
  atlas,
  harbor,
  press,
  quarry,
  orchard,
  signal,
  beacon,
  tally,
  relay,
];
