/**
 * The source bundles of the training lab, built as real ZIP archives. The
 * learner's bundle is zipped from the project folder (seed 004: `zip -r
 * deploy-app.zip Deploy/ FlaskApp/`), so the app sits one folder down; its
 * re-bundled version (used by `Bbruceeb1-env`) has the app at the root.
 */
import { createStoredZip } from '../../shared/zip';

export const LEARNER_BUNDLE_FILES: ReadonlyArray<{ path: string; content: string }> = [
  { path: 'Deploy/', content: '' },
  {
    path: 'Deploy/app.ini',
    content:
      '[uwsgi]\nmodule = application:application\nchdir = /photos/FlaskApp\nenv = AWS_DEFAULT_REGION=us-west-2\n',
  },
  {
    path: 'Deploy/photos.conf',
    content:
      'server {\n    listen 80;\n    location / { include uwsgi_params; uwsgi_pass unix:/tmp/photos.sock; }\n}\n',
  },
  { path: 'FlaskApp/', content: '' },
  {
    path: 'FlaskApp/application.py',
    content: [
      'import os',
      'import boto3',
      'from flask import Flask, render_template',
      'import config',
      '',
      'application = Flask(__name__)',
      'application.secret_key = config.FLASK_SECRET',
      "s3 = boto3.client('s3')",
      // Seed 004, exercise 6: the photos app asks Rekognition for labels.
      "rek = boto3.client('rekognition')",
      '',
      "@application.route('/')",
      'def home():',
      "    return render_template('index.html', bucket=config.PHOTOS_BUCKET)",
      '',
    ].join('\n'),
  },
  {
    path: 'FlaskApp/config.py',
    content: [
      'import os',
      "DATABASE_HOST = os.environ['DATABASE_HOST']",
      "DATABASE_USER = os.environ['DATABASE_USER']",
      "DATABASE_PASSWORD = os.environ['DATABASE_PASSWORD']",
      "DATABASE_DB_NAME = os.environ['DATABASE_DB_NAME']",
      "FLASK_SECRET = os.environ['FLASK_SECRET']",
      "PHOTOS_BUCKET = os.environ['PHOTOS_BUCKET']",
      '',
    ].join('\n'),
  },
  {
    path: 'FlaskApp/requirements.txt',
    content: 'Flask==1.0.2\nboto3==1.7.55\nmysql-connector==2.1.6\nrequests<2.19\n',
  },
  { path: 'FlaskApp/templates/', content: '' },
  { path: 'FlaskApp/templates/index.html', content: '<!doctype html><title>Photos</title><h1>Photos</h1>\n' },
];

export const SSM_DEMO_BUNDLE_FILES: ReadonlyArray<{ path: string; content: string }> = [
  {
    path: 'application.py',
    content: [
      'import os',
      'from flask import Flask',
      '',
      'def create_app():',
      '    app = Flask(__name__)',
      "    app.config['SQLALCHEMY_DATABASE_URI'] = (",
      "        f\"postgresql://{os.environ['RDS_USERNAME']}:{os.environ['RDS_PASSWORD']}\"",
      "        f\"@{os.environ['RDS_HOSTNAME']}:{os.environ['RDS_PORT']}/{os.environ['RDS_DB_NAME']}\"",
      '    )',
      "    app.secret_key = os.environ['APP_SECRET']",
      '    return app',
      '',
    ].join('\n'),
  },
  {
    path: 'requirements.txt',
    content: 'Flask==3.0.3\nFlask-SQLAlchemy==3.1.1\npsycopg2-binary==2.9.9\ngunicorn==22.0.0\nboto3==1.34.100\n',
  },
  { path: '.ebextensions/', content: '' },
  {
    path: '.ebextensions/secrets.config',
    content:
      'option_settings:\n  aws:elasticbeanstalk:application:environmentsecrets:\n    RDS_USERNAME: arn:aws:ssm:us-east-1:570589970431:parameter/flaskapp/flaskenv/RDS_USERNAME\n',
  },
  { path: 'templates/', content: '' },
  { path: 'templates/index.html', content: '<!doctype html><title>Flask SSM demo</title>\n' },
];

/**
 * The learner's second try (seed 004: `cd FlaskApp && zip -r ../deploy-app.zip .`): the
 * same app with application.py, requirements.txt and templates at the zip root.
 */
export const REBUNDLED_LEARNER_FILES: ReadonlyArray<{ path: string; content: string }> = LEARNER_BUNDLE_FILES.filter(
  (file) => file.path.startsWith('FlaskApp/') && file.path !== 'FlaskApp/',
).map((file) => ({ path: file.path.slice('FlaskApp/'.length), content: file.content }));

export function learnerBundle(): Uint8Array {
  return createStoredZip([...LEARNER_BUNDLE_FILES]);
}

export function ssmDemoBundle(): Uint8Array {
  return createStoredZip([...SSM_DEMO_BUNDLE_FILES]);
}

export function rebundledLearnerBundle(): Uint8Array {
  return createStoredZip([...REBUNDLED_LEARNER_FILES]);
}
