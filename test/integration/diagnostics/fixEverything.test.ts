/**
 * The lab is winnable through the Doctor alone: starting from a fresh
 * training lab, take the findings one by one, apply each recommended fix
 * through diagnostics.planFix → changes.apply, do the manual ones the way a
 * learner would (the re-bundle with zip and the AWS CLI, copied from the
 * finding's own steps), accept what is a judgement call, and end with every
 * environment Green and nothing left but accepted findings. The e2e test does
 * the same through the UI; this one proves the engine and the fixes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedCliEnv } from '../../support/awsCli';
import { labDoctor } from '../../support/diagnostics';
import type { Finding, ScanResult } from '../../../src/shared/contract';

const doctor = labDoctor('fixall');
const { call, target } = doctor;

/** Findings a learner decides to live with, and why: F9's fix is rotating the DB password, outside AWS APIs. */
const JUDGEMENT_CALLS: Readonly<Record<string, string>> = {
  F9: 'The database password is rotated with the DBA; the value is delivered through environmentsecrets, not an ini file.',
};

function shell(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', command], { cwd, env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command}\n${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Elastic Beanstalk operations run on the sandbox clock; move it until nothing is in flight. */
async function settle(): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    const envs = await call('beanstalk.listEnvironments', { target });
    if (envs.every((e) => e.status === 'Ready' || e.status === 'Terminated')) return;
    doctor.ctx.sandbox?.advanceClock(60_000);
  }
  throw new Error('environments never settled');
}

/** The re-bundle exactly as the finding words it, run in a copy of the project folder. */
async function rebundle(finding: Finding): Promise<void> {
  const steps = finding.manual?.steps ?? [];
  expect(steps.length).toBeGreaterThan(0);
  const project = mkdtempSync(join(doctor.dir, 'project-'));
  const env = await isolatedCliEnv(doctor.dir, '[default]\nregion = us-east-1\n', null);
  const bundle = finding.evidence.find((e) => e.source === 'bundle')?.label.match(/\((s3:\/\/[^)]+)\)/)?.[1];
  expect(bundle, 'the finding names the deployed bundle').toBeDefined();
  // The learner's project folder is what they zipped: unpack the deployed bundle to get it back.
  const endpoint = doctor.ctx.sandbox?.endpoint ?? '';
  await shell(
    `AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox aws s3 cp ${bundle} deployed.zip --endpoint-url ${endpoint} && unzip -q deployed.zip && rm deployed.zip`,
    project,
    env,
  );
  for (const step of steps) if (step.command) await shell(step.command, project, env);
}

async function scan(): Promise<ScanResult> {
  const result = await call('diagnostics.scan', { target });
  expect(result.problems).toEqual([]);
  return result;
}

describe('fixing the whole training lab through the Doctor', () => {
  it('ends with every environment Green and only accepted findings', async () => {
    const applied: string[] = [];
    const deferred = new Set<string>();
    for (let round = 0; round < 60; round += 1) {
      await settle();
      const open = (await scan()).findings.filter((f) => !f.accepted);
      if (open.length === 0) break;
      // Fixable first; manual-only findings that are not a re-bundle wait until the rest has settled.
      const next =
        open.find((f) => f.fixes.some((x) => x.recommended) && !deferred.has(f.id)) ??
        open.find((f) => f.rule === 'F3' || f.rule === 'F15') ??
        open.find((f) => f.fixes.length > 0 && !deferred.has(f.id)) ??
        open.find((f) => JUDGEMENT_CALLS[f.rule] !== undefined);
      if (!next) throw new Error(`stuck with: ${open.map((f) => `${f.id} (${f.summary})`).join('; ')}`);
      const note = JUDGEMENT_CALLS[next.rule];
      if (note) {
        await call('diagnostics.accept', { target, findingId: next.id, note });
        applied.push(`accept ${next.id}`);
        continue;
      }
      if (next.fixes.length === 0 || ((next.rule === 'F3' || next.rule === 'F15') && next.manual)) {
        await rebundle(next);
        applied.push(`rebundle ${next.id}`);
        continue;
      }
      const ordered = [...next.fixes].sort((a, b) => Number(b.recommended) - Number(a.recommended));
      let done = false;
      for (const fix of ordered) {
        const plan = await call('diagnostics.planFix', { target, findingId: next.id, fixId: fix.id });
        if (plan.blocked) continue;
        const outcome = await call('changes.apply', { planId: plan.id });
        expect(outcome.entry.status, `${next.id} → ${fix.id}`).toBe('applied');
        applied.push(`${next.id} → ${fix.id}`);
        done = true;
        break;
      }
      if (!done) deferred.add(next.id);
    }
    await settle();
    const final = await scan();
    expect(final.findings.filter((f) => !f.accepted).map((f) => f.id)).toEqual([]);
    const envs = await call('beanstalk.listEnvironments', { target });
    for (const e of envs) expect(`${e.name}: ${e.health}`).toBe(`${e.name}: Green`);
    // The environment outside the database's VPC was replaced, not patched.
    expect(envs.map((e) => e.name)).not.toContain('Bbruceeb1-env');
    expect(applied.some((a) => a.startsWith('rebundle'))).toBe(true);
    if (process.env.TRELLIS_PRINT_FINDINGS) console.log(applied.join('\n'));
  }, 240_000);
});
