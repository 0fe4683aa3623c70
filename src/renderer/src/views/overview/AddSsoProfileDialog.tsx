/**
 * Names a new profile for one SSO account and role. Nothing is written here:
 * "Review change" hands the intent to the ordinary change preview, which
 * shows the section to be added to the config file before it is.
 */
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { addSsoProfileIntentSchema, type SsoAccount } from '../../../../shared/contract';
import { Modal } from '../../components/Modal';
import { dataOf } from '../../model/loadable';
import { profileNameProblem, regionProblem, suggestProfileName } from '../../model/ssoProfiles';
import { regions } from '../../model/target';
import { useChanges } from '../../stores/changes';
import { useSession } from '../../stores/session';
import { FieldError } from '../beanstalk/InlineValueForm';

const FALLBACK_REGION = 'us-east-1';

interface Props {
  /** The signed-in SSO profile whose sign-in the new profile shares. */
  fromProfile: string;
  account: SsoAccount;
  roleName: string;
  onClose: () => void;
}

export function AddSsoProfileDialog({ fromProfile, account, roleName, onClose }: Props) {
  const list = useSession((s) => dataOf(s.profiles)?.profiles);
  const appRegion = useSession((s) => dataOf(s.info)?.defaultRegion);
  const existing = useMemo(() => (list ?? []).map((p) => p.name), [list]);
  const sourceRegion = list?.find((p) => p.name === fromProfile)?.region ?? appRegion ?? FALLBACK_REGION;

  const [name, setName] = useState(() =>
    suggestProfileName(account.accountName, roleName, existing, account.accountId),
  );
  const [region, setRegion] = useState(sourceRegion);
  const nameRef = useRef<HTMLInputElement>(null);
  const regionRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const nameError = profileNameProblem(name, existing);
  const regionError = regionProblem(region.trim());

  const review = (event: FormEvent) => {
    event.preventDefault();
    if (nameError) return nameRef.current?.focus();
    if (regionError) return regionRef.current?.focus();
    const chosenRegion = region.trim();
    const parsed = addSsoProfileIntentSchema.safeParse({
      kind: 'config.addSsoProfile',
      profileName: name,
      fromProfile,
      accountId: account.accountId,
      roleName,
      ...(chosenRegion ? { region: chosenRegion } : {}),
    });
    if (!parsed.success) return nameRef.current?.focus(); // the field checks above mirror the schema
    onClose();
    void useChanges.getState().preview({ profile: fromProfile, region: chosenRegion || sourceRegion }, parsed.data);
  };

  const title = `Add a profile for ${roleName}`;
  return (
    <Modal label={title} onDismiss={onClose} className="sso-add-profile">
      <form onSubmit={review} noValidate>
        <header className="modal-header">
          <h2>{title}</h2>
          <p className="muted">
            In {account.accountName} (<code>{account.accountId}</code>), signed in through{' '}
            <strong>{fromProfile}</strong>. The profile is added to your AWS config file after you review the change.
          </p>
        </header>
        <div className="modal-body sso-add-fields">
          <div className="field">
            <label htmlFor={`${id}-name`}>Profile name</label>
            <input
              ref={nameRef}
              id={`${id}-name`}
              autoComplete="off"
              spellCheck={false}
              maxLength={128}
              value={name}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? `${id}-name-error` : undefined}
              onChange={(e) => setName(e.target.value)}
            />
            <FieldError id={`${id}-name-error`} message={nameError} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-region`}>Region</label>
            <input
              ref={regionRef}
              id={`${id}-region`}
              list={`${id}-regions`}
              autoComplete="off"
              spellCheck={false}
              value={region}
              aria-invalid={regionError ? true : undefined}
              aria-describedby={regionError ? `${id}-region-error` : `${id}-region-hint`}
              onChange={(e) => setRegion(e.target.value)}
            />
            <datalist id={`${id}-regions`}>
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </datalist>
            {regionError ? (
              <FieldError id={`${id}-region-error`} message={regionError} />
            ) : (
              <p id={`${id}-region-hint`} className="muted sso-field-hint">
                The profile’s default region. Leave it empty to use AWS_REGION or the console’s choice.
              </p>
            )}
          </div>
        </div>
        <footer className="modal-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            Review change
          </button>
        </footer>
      </form>
    </Modal>
  );
}
