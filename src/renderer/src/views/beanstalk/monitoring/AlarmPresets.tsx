import { useId, useState } from 'react';
import {
  parseErrorThreshold,
  presetAlarmName,
  type EnvironmentAlarms,
  type Target,
} from '../../../../../shared/contract';
import { useChanges } from '../../../stores/changes';

interface Props {
  target: Target;
  environmentName: string;
  alarms: EnvironmentAlarms | undefined;
}

/**
 * The two alarms an operator needs, each a change plan: the Review change
 * dialog shows the PutMetricAlarm request, its CLI equivalent and its undo.
 */
export function AlarmPresets({ target, environmentName, alarms }: Props) {
  const id = useId();
  const [text, setText] = useState('10');
  const [touched, setTouched] = useState(false);
  const parsed = parseErrorThreshold(text);
  const showError = touched && !parsed.ok;
  const existingNames = new Set(alarms?.alarms.map((a) => a.name) ?? []);
  const errorsName = parsed.ok ? presetAlarmName(environmentName, 'errors5xx', parsed.value) : undefined;
  const severeExists = alarms?.presets.healthSevere.exists ?? false;

  const review5xx = () => {
    setTouched(true);
    if (!parsed.ok) return;
    void useChanges.getState().preview(target, {
      kind: 'cloudwatch.createAlarm',
      preset: 'errors5xx',
      environmentName,
      threshold: parsed.value,
    });
  };
  const reviewSevere = () =>
    void useChanges
      .getState()
      .preview(target, { kind: 'cloudwatch.createAlarm', preset: 'healthSevere', environmentName });

  return (
    <div className="alarm-presets" role="group" aria-label="Add an alarm">
      <form
        className="alarm-preset"
        aria-label="5xx above N for 5 minutes"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          review5xx();
        }}
      >
        <label htmlFor={`${id}-n`}>5xx responses a minute above</label>
        <input
          id={`${id}-n`}
          inputMode="numeric"
          value={text}
          size={7}
          aria-invalid={showError || undefined}
          aria-describedby={showError ? `${id}-n-error` : `${id}-n-help`}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => setTouched(true)}
        />
        <span className="muted">for 5 minutes</span>
        <button type="submit" className="button">
          Review 5xx alarm…
        </button>
        {showError ? (
          <p id={`${id}-n-error`} className="field-error" role="alert">
            {parsed.message}
          </p>
        ) : (
          <p id={`${id}-n-help`} className="muted alarm-preset-help">
            {errorsName && existingNames.has(errorsName)
              ? `${errorsName} exists already; a review shows it and offers nothing to create.`
              : `Alarm ${errorsName ?? ''} fires when more than N requests a minute fail with 5xx, 5 minutes in a row.`}
          </p>
        )}
      </form>
      <div className="alarm-preset">
        <span>Health Severe for 3 minutes</span>
        <button type="button" className="button" onClick={reviewSevere} disabled={severeExists}>
          Review health Severe alarm…
        </button>
        <p className="muted alarm-preset-help">
          {severeExists
            ? `${alarms?.presets.healthSevere.alarmName} exists already.`
            : 'Fires when the environment reports Severe (25) for 3 minutes in a row, so a single bad minute during a deploy does not.'}
        </p>
      </div>
    </div>
  );
}
