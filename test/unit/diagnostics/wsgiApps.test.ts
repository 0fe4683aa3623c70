import { describe, expect, it } from 'vitest';
import { findWsgiApps, resolveModuleFile } from '../../../src/shared/diagnostics/wsgiApps';

const modules = (files: Record<string, string>) => Object.entries(files).map(([file, text]) => ({ file, text }));
const summary = (files: Record<string, string>) =>
  findWsgiApps(modules(files)).map((a) => `${a.file}:${a.line} ${a.name} ${a.kind}`);

describe('WSGI apps read from bundled code', () => {
  it('finds app objects of any name, in any file and at any depth', () => {
    expect(
      summary({
        'main.py': 'from flask import Flask\napplication = Flask(__name__)\n',
        'app/__init__.py': 'import flask\n\napp: flask.Flask = flask.Flask(__name__)  # the app\n',
        'deep/er/still/site.py':
          'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
        'bottle_app.py': 'import bottle\nroot = bottle.Bottle()\n',
        'api.py': 'import falcon\napi = falcon.App()\n',
      }),
    ).toEqual([
      'api.py:2 api object',
      'app/__init__.py:3 app object',
      'bottle_app.py:2 root object',
      'deep/er/still/site.py:2 application object',
      'main.py:2 application object',
    ]);
  });

  it('finds factories, and what calling or aliasing them binds', () => {
    const apps = findWsgiApps(
      modules({
        'service/factory.py': [
          'from flask import Flask',
          '',
          'def create_app(config=None):',
          '    app = Flask(__name__)',
          '    app.config.from_object(config)',
          '    return app',
          '',
          'def helper():',
          '    return 1',
        ].join('\n'),
        'service/wsgi.py':
          'from service.factory import create_app\n\napplication = create_app()\nserver = application\n',
        'other.py': 'import service.factory as factory\nmade = factory.create_app()\nmaker = factory.create_app\n',
      }),
    );
    expect(apps.map((a) => [a.file, a.name, a.kind, a.via])).toEqual([
      ['other.py', 'made', 'object', 'made = factory.create_app()'],
      ['other.py', 'maker', 'factory', 'maker = factory.create_app'],
      ['service/factory.py', 'create_app', 'factory', 'def create_app(config=None):'],
      ['service/wsgi.py', 'create_app', 'factory', 'from service.factory import create_app'],
      ['service/wsgi.py', 'application', 'object', 'application = create_app()'],
      ['service/wsgi.py', 'server', 'object', 'server = application'],
    ]);
  });

  it('follows relative imports, re-exports under another name and a factory that calls another factory', () => {
    expect(
      summary({
        'pkg/__init__.py': 'from .core import build as create_app\n',
        'pkg/core.py': 'from flask import Flask\ndef build():\n    return Flask(__name__)\n',
        'pkg/wsgi.py':
          'from . import create_app\ndef make():\n    app = create_app()\n    return app\napplication = make()\n',
        'application.py': 'from pkg.wsgi import (\n    application,\n)\n',
      }),
    ).toEqual([
      'application.py:1 application object',
      'pkg/__init__.py:1 create_app factory',
      'pkg/core.py:2 build factory',
      'pkg/wsgi.py:1 create_app factory',
      'pkg/wsgi.py:2 make factory',
      'pkg/wsgi.py:5 application object',
    ]);
  });

  it('ignores apps made only inside functions, under if-blocks, in comments, and ASGI frameworks', () => {
    expect(
      summary({
        'run.py': [
          'from flask import Flask',
          '# application = Flask(__name__)',
          "if __name__ == '__main__':",
          '    app = Flask(__name__)',
          'def view():',
          "    return 'no app here'",
          'from fastapi import FastAPI',
          'api = FastAPI()',
          'config = dict(Flask=1)',
        ].join('\n'),
        'broken.py': 'from missing_module import application\nfrom . import nothing\n',
      }),
    ).toEqual([]);
  });

  it('resolves imports from the root, the importer’s folder and its package, as Python does', () => {
    const files = new Set(['app/__init__.py', 'app/views.py', 'FlaskApp/config.py', 'FlaskApp/application.py', 'x.py']);
    expect(resolveModuleFile('app/views.py', '.', files)).toBe('app/__init__.py');
    expect(resolveModuleFile('app/__init__.py', '.views', files)).toBe('app/views.py');
    expect(resolveModuleFile('FlaskApp/application.py', 'config', files)).toBe('FlaskApp/config.py');
    expect(resolveModuleFile('FlaskApp/application.py', 'x', files)).toBe('x.py');
    expect(resolveModuleFile('x.py', 'app.views', files)).toBe('app/views.py');
    expect(resolveModuleFile('x.py', 'flask', files)).toBeUndefined();
  });
});
