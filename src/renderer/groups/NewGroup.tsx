import '../styles/groups.css';
import { useCallback, useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GROUP_DESCRIPTION_MAX } from '../../shared/ipc/groups';
import { useApp } from '../store';
import { describeGroupError } from './errors';
import { MemberPicker, type MemberChoice } from './MemberPicker';
import { nameProblem } from './members-input';
import { PicturePicker } from './PicturePicker';
import { useGroups } from './store';

/**
 * New group: a name (1–100), an optional description and picture, and members from the contacts
 * or pasted Account IDs, at most 100 with us. Create shows its progress; a failure is told in
 * words and the form keeps what was typed. Escape closes it from anywhere.
 */
export function NewGroup({
  onClose,
}: {
  /** `created`: the group exists (its panel opens); `cancelled`: Cancel or Escape. */
  readonly onClose: (how: 'created' | 'cancelled', groupId?: string) => void;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const openPanel = useGroups((s) => s.openPanel);
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [picture, setPicture] = useState<{ base64: string; name: string } | null>(null);
  const [choice, setChoice] = useState<MemberChoice>({ members: [], blocked: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const nameField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    nameField.current?.focus();
  }, []);
  const onChoice = useCallback((c: MemberChoice) => {
    setChoice(c);
    setError(undefined);
  }, []);

  const badName = nameProblem(name);
  const shownNameProblem = nameTouched ? badName : undefined;
  const descriptionTooLong = Array.from(description).length > GROUP_DESCRIPTION_MAX;
  const noMembers = choice.members.length === 0;
  const canCreate = !busy && badName === undefined && !descriptionTooLong && !choice.blocked && !noMembers;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setNameTouched(true);
    if (!bridge || !canCreate) {
      if (badName !== undefined) nameField.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    const r = await bridge.invoke('groups.create', {
      name: name.trim(),
      members: [...choice.members],
      ...(description.trim() !== '' ? { description: description.trim() } : {}),
      ...(picture ? { picture: picture.base64 } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      setError(describeGroupError(t, r.error));
      return;
    }
    const missing = r.value.notApplied.map((p) =>
      t(p === 'description' ? 'groups.partDescription' : 'groups.partPicture'),
    );
    onClose('created', r.value.groupId);
    openPanel(r.value.groupId);
    if (missing.length > 0)
      useGroups.setState({ notice: t('groups.createdPartly', { what: missing.join(', ') }) });
  }

  return (
    <form
      className="new-group"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) {
          e.preventDefault();
          onClose('cancelled');
        }
      }}
      aria-labelledby="new-group-title"
      aria-busy={busy}
      data-testid="new-group"
      noValidate
    >
      <h2 id="new-group-title" className="new-group-title">
        {t('groups.newTitle')}
      </h2>
      <div className="field">
        <label className="field-label" htmlFor="new-group-name">
          {t('groups.name')}
        </label>
        <input
          ref={nameField}
          id="new-group-name"
          className="text-input"
          value={name}
          maxLength={400}
          required
          readOnly={busy}
          aria-invalid={shownNameProblem !== undefined}
          aria-describedby="new-group-name-status"
          data-testid="new-group-name"
          onChange={(e) => {
            setName(e.target.value);
            setError(undefined);
          }}
          onBlur={() => {
            if (name !== '') setNameTouched(true);
          }}
        />
        <span
          id="new-group-name-status"
          className={shownNameProblem !== undefined ? 'field-error' : 'field-help'}
          data-testid="new-group-name-status"
        >
          {shownNameProblem === 'missing'
            ? t('groups.nameMissing')
            : shownNameProblem === 'too-long'
              ? t('groups.nameTooLong')
              : t('groups.nameHelp')}
        </span>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="new-group-description">
          {t('groups.description')}
        </label>
        <textarea
          id="new-group-description"
          className="text-input"
          rows={2}
          value={description}
          readOnly={busy}
          aria-invalid={descriptionTooLong}
          aria-describedby={descriptionTooLong ? 'new-group-description-status' : undefined}
          data-testid="new-group-description"
          onChange={(e) => {
            setDescription(e.target.value);
          }}
        />
        {descriptionTooLong && (
          <span id="new-group-description-status" className="field-error">
            {t('groups.descriptionTooLong')}
          </span>
        )}
      </div>
      <PicturePicker
        id="new-group-picture"
        label={t('groups.picture')}
        chosen={picture?.name}
        disabled={busy}
        onPicked={setPicture}
      />
      <MemberPicker id="new-group" onChange={onChoice} disabled={busy} />
      <div className="new-group-status" aria-live="polite" data-testid="new-group-status">
        {busy ? (
          <span className="field-help">
            <span className="spinner" aria-hidden="true" />
            {t('groups.creating')}
          </span>
        ) : error !== undefined ? (
          <span className="field-error" role="alert" data-testid="new-group-error">
            {error}
          </span>
        ) : nameTouched && noMembers ? (
          <span className="field-help">{t('groups.needMember')}</span>
        ) : null}
      </div>
      <div className="onboarding-actions">
        <button
          type="button"
          className="button button-quiet"
          data-testid="new-group-cancel"
          disabled={busy}
          onClick={() => {
            onClose('cancelled');
          }}
        >
          {t('groups.cancel')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="new-group-create"
          disabled={busy}
        >
          {t('groups.create')}
        </button>
      </div>
    </form>
  );
}
