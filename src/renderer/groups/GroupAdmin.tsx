import { useCallback, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GROUP_DESCRIPTION_MAX,
  GROUP_DISAPPEARING_SECONDS,
  type GroupMember,
  type GroupSummary,
} from '../../shared/ipc/groups';
import type { IpcResult } from '../../shared/ipc/result';
import { isolate } from '../security/bidi';
import { useApp } from '../store';
import { GroupDialog } from './GroupDialog';
import { InlineForm } from './InlineForm';
import { MemberPicker, type MemberChoice } from './MemberPicker';
import { nameProblem } from './members-input';
import { PicturePicker } from './PicturePicker';

type Run = (call: () => Promise<IpcResult<unknown>> | undefined, done?: string) => Promise<boolean>;

/**
 * What only an admin sees in a group's panel: add members (sharing the history or not), rename,
 * description, picture, the disappearing timer, and deleting the group for everyone.
 */
export function GroupAdmin({
  group,
  members,
  busy,
  run,
}: {
  readonly group: GroupSummary;
  readonly members: readonly GroupMember[];
  readonly busy: boolean;
  readonly run: Run;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const { groupId } = group;
  const [adding, setAdding] = useState<MemberChoice>({ members: [], blocked: false });
  const [addKey, setAddKey] = useState(0);
  const [shareHistory, setShareHistory] = useState(false);
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description ?? '');
  const [picture, setPicture] = useState<{ base64: string; name: string } | null>(null);
  const [seconds, setSeconds] = useState(String(group.disappearingSeconds ?? 0));
  const [destroying, setDestroying] = useState(false);
  const onAdding = useCallback((c: MemberChoice) => {
    setAdding(c);
  }, []);
  const inGroup = members.filter((m) => m.status !== 'removed');
  const badName = nameProblem(name);

  async function add(e: SubmitEvent) {
    e.preventDefault();
    if (adding.blocked || adding.members.length === 0) return;
    const worked = await run(() =>
      bridge?.invoke('groups.addMembers', { groupId, members: [...adding.members], shareHistory }),
    );
    if (worked) setAddKey((k) => k + 1);
  }

  return (
    <section className="card group-admin" aria-labelledby="group-admin-title" data-testid="group-admin">
      <h3 id="group-admin-title" className="card-title">
        {t('groups.adminSection')}
      </h3>
      <form className="group-form" onSubmit={(e) => void add(e)} data-testid="group-add">
        <h4 className="group-form-title">{t('groups.addMembers')}</h4>
        <MemberPicker
          key={addKey}
          id="group-add"
          onChange={onAdding}
          exclude={inGroup.map((m) => m.sessionId)}
          existing={inGroup.length}
          disabled={busy}
        />
        <label className="checkbox-row">
          <input
            type="checkbox"
            checked={shareHistory}
            data-testid="group-add-share-history"
            onChange={(e) => {
              setShareHistory(e.target.checked);
            }}
          />
          <span>{t('groups.shareHistory')}</span>
        </label>
        <button
          type="submit"
          className="button button-small button-primary"
          disabled={busy || adding.blocked || adding.members.length === 0}
          data-testid="group-add-submit"
        >
          {t('groups.add')}
        </button>
      </form>
      <InlineForm
        label={t('groups.name')}
        submit={t('groups.rename')}
        submitTestId="group-rename"
        busy={busy}
        onSubmit={() => {
          if (badName === undefined)
            void run(() => bridge?.invoke('groups.rename', { groupId, name: name.trim() }));
        }}
      >
        <input
          className="text-input"
          value={name}
          maxLength={400}
          aria-invalid={badName !== undefined}
          data-testid="group-rename-input"
          onChange={(e) => {
            setName(e.target.value);
          }}
        />
        {badName !== undefined && (
          <span className="field-error">
            {t(badName === 'missing' ? 'groups.nameMissing' : 'groups.nameTooLong')}
          </span>
        )}
      </InlineForm>
      <InlineForm
        label={t('groups.editDescription')}
        submit={t('groups.save')}
        submitTestId="group-description-save"
        busy={busy}
        onSubmit={() => {
          if (Array.from(description).length <= GROUP_DESCRIPTION_MAX)
            void run(() => bridge?.invoke('groups.setDescription', { groupId, description }));
        }}
      >
        <textarea
          className="text-input"
          rows={2}
          value={description}
          aria-invalid={Array.from(description).length > GROUP_DESCRIPTION_MAX}
          data-testid="group-description-input"
          onChange={(e) => {
            setDescription(e.target.value);
          }}
        />
        {Array.from(description).length > GROUP_DESCRIPTION_MAX && (
          <span className="field-error">{t('groups.descriptionTooLong')}</span>
        )}
      </InlineForm>
      <div className="group-form group-inline-form">
        <PicturePicker
          id="group-picture"
          label={t('groups.changePicture')}
          chosen={picture?.name}
          disabled={busy}
          onPicked={setPicture}
        />
        <button
          type="button"
          className="button button-small"
          disabled={busy || picture === null}
          data-testid="group-picture-save"
          onClick={() => {
            if (picture)
              void run(() => bridge?.invoke('groups.setPicture', { groupId, picture: picture.base64 }));
          }}
        >
          {t('groups.save')}
        </button>
      </div>
      <InlineForm
        label={t('groups.disappearing')}
        submit={t('groups.save')}
        submitTestId="group-disappearing-save"
        busy={busy}
        onSubmit={() => {
          void run(() => bridge?.invoke('groups.setDisappearing', { groupId, seconds: Number(seconds) }));
        }}
      >
        <select
          className="text-input"
          value={seconds}
          aria-describedby="group-disappearing-help"
          data-testid="group-disappearing"
          onChange={(e) => {
            setSeconds(e.target.value);
          }}
        >
          {GROUP_DISAPPEARING_SECONDS.map((s) => (
            <option key={s} value={String(s)}>
              {t(`groups.timer.${String(s)}`)}
            </option>
          ))}
        </select>
        <span id="group-disappearing-help" className="field-help">
          {group.disappearingSeconds === null ? t('groups.timerUnknown') : t('groups.disappearingHelp')}
        </span>
      </InlineForm>
      <div className="group-danger">
        <button
          type="button"
          className="button button-danger"
          disabled={busy}
          data-testid="group-destroy"
          onClick={() => {
            setDestroying(true);
          }}
        >
          {t('groups.destroy')}
        </button>
      </div>
      {destroying && (
        <GroupDialog
          testId="group-destroy-confirm"
          title={t('groups.destroyTitle', { name: isolate(group.name) })}
          body={t('groups.destroyBody')}
          confirmLabel={t('groups.destroy')}
          cancelLabel={t('groups.cancel')}
          onCancel={() => {
            setDestroying(false);
          }}
          onConfirm={() => {
            setDestroying(false);
            void run(() => bridge?.invoke('groups.destroy', { groupId }));
          }}
        />
      )}
    </section>
  );
}
