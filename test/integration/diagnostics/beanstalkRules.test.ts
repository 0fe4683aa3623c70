import { describe, expect, it } from 'vitest';
import { labDoctor } from '../../support/diagnostics';
import { bundleFamily } from '../../../src/main/diagnostics/rules/bundle';
import { environmentPropertiesFamily } from '../../../src/main/diagnostics/rules/environmentProperties';
import { SEEDED_SECRETS } from '../../../src/sandbox/scenarios/trainingLabParameters';

const doctor = labDoctor('ebrules');

describe('Beanstalk configuration rules on the training lab', () => {
  it('finds the nested bundle of Bbruceeb2-env (F3, F15) and passes the healthy environments', async () => {
    const out = await doctor.scan(bundleFamily);
    expect(out.findings.map((f) => f.id).sort()).toEqual([
      'F15:environment/Bbruceeb2-env',
      'F3:environment/Bbruceeb2-env',
    ]);
    const f3 = out.findings.find((f) => f.rule === 'F3');
    expect(f3?.evidence).toContainEqual(
      expect.objectContaining({ source: 'event', text: 'Your WSGIPath refers to a file that does not exist.' }),
    );
    expect(f3?.evidence).toContainEqual(expect.objectContaining({ source: 'bundle', text: 'Deploy/, FlaskApp/' }));
    // The one-click re-bundle repairs F3 and F15 together; pointing WSGIPath into the folder stays as the lesser choice.
    expect(f3?.fixes.map((f) => f.id)).toEqual(['rebundle-deploy', 'set-wsgi-path']);
    expect(f3?.fixes[1]?.intent).toMatchObject({ set: [{ optionName: 'WSGIPath', value: 'FlaskApp/application.py' }] });
    expect(f3?.manual?.steps[0]?.command).toBe('cd FlaskApp && zip -r ../deploy-app-rebundled.zip .');
    const demo = out.checks.find((c) => c.id === 'F3:environment/flask-ssm-demo-prod');
    expect(demo).toMatchObject({ passed: true });
    // The code was read: the factory the setting calls is named, with the line that defines it.
    expect(demo?.detail).toContain('module application.py binds create_app() in version app-v3 (def create_app():)');
  });

  it('finds region, missing secret, risky and plain secrets (F7, F8, F9, F11) with values kept out of findings', async () => {
    const settings = {
      ...doctor.evaluation.settings,
      requiredProperties: {
        'Bbruceeb2-env': ['DATABASE_HOST', 'DATABASE_USER', 'DATABASE_PASSWORD', 'DATABASE_DB_NAME', 'FLASK_SECRET'],
      },
    };
    const out = await doctor.scan(environmentPropertiesFamily, { settings });
    expect(out.findings.map((f) => f.id).sort()).toEqual([
      'F11:environment/Bbruceeb2-env',
      'F7:environment/Bbruceeb2-env',
      'F8:environment/Bbruceeb2-env',
      'F9:environment/Bbruceeb2-env@DATABASE_PASSWORD',
      'F9:ssm-parameter//flaskapp/flaskenv/RDS_PASSWORD',
    ]);
    const f8 = out.findings.find((f) => f.rule === 'F8');
    const f8Intent = f8?.fixes[0]?.intent;
    expect(f8Intent?.kind).toBe('composite');
    if (f8Intent?.kind !== 'composite') throw new Error('expected a composite');
    expect(f8Intent.parts[0]).toMatchObject({
      kind: 'ssm.putParameter',
      name: '/bbruceeb2/Bbruceeb2-env/FLASK_SECRET',
      type: 'SecureString',
    });
    expect(out.findings.find((f) => f.rule === 'F7')?.fixes[0]?.intent).toMatchObject({
      set: [{ optionName: 'AWS_DEFAULT_REGION', value: 'us-east-1' }],
    });
    const f11 = out.findings.find((f) => f.rule === 'F11');
    const parts = f11?.fixes[0]?.intent.kind === 'composite' ? f11.fixes[0].intent.parts : [];
    expect(parts.map((p) => p.kind)).toEqual(['ssm.putParameter', 'beanstalk.updateOptions', 'iam.putInlinePolicy']);
    expect(parts[2]).toMatchObject({ principal: { type: 'role', name: 'aws-elasticbeanstalk-ec2-role' } });

    // What crosses to the renderer never holds a secret value, only fingerprints.
    const visible = JSON.stringify(
      out.findings.map((f) => ({ ...f, fixes: f.fixes.map(({ intent: _i, ...rest }) => rest) })),
    );
    const secrets = [...Object.values(SEEDED_SECRETS), '1W4&IK%oDoKQpKGQ'].filter(
      (v) => /[^A-Za-z0-9]/.test(v) || v.length > 12,
    );
    for (const secret of secrets) expect(visible).not.toContain(secret);
  });

  it('reads only the scoped environment', async () => {
    const source = doctor.source();
    const scoped = { ...doctor.evaluation, environmentName: 'flask-ssm-demo-prod' };
    const bundle = await bundleFamily.run(source, scoped);
    const props = await environmentPropertiesFamily.run(source, scoped);
    const environments = new Set(
      [...bundle.checks, ...props.checks].map((c) => c.environmentName).filter((n) => n !== undefined),
    );
    expect([...environments]).toEqual(['flask-ssm-demo-prod']);
    expect(props.findings.map((f) => f.id)).toEqual(['F9:ssm-parameter//flaskapp/flaskenv/RDS_PASSWORD']);
  });
});
