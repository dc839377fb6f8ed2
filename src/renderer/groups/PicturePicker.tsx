import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AVATAR_TYPES, checkAvatarFile, reencodeAvatar } from '../account/avatar-image';

/**
 * Picks a group picture as the avatar picker does (PNG, JPEG or WebP up to 5 MB, re-encoded at
 * 640 px at most, metadata dropped): `onPicked` gets its base64, or null when it is removed.
 */
export function PicturePicker({
  id,
  label,
  chosen,
  onPicked,
  disabled = false,
}: {
  readonly id: string;
  readonly label: string;
  /** The file name shown once one is chosen. */
  readonly chosen: string | undefined;
  readonly onPicked: (picture: { base64: string; name: string } | null) => void;
  readonly disabled?: boolean;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function onFile(file: File) {
    const bad = checkAvatarFile(file);
    if (bad) {
      setProblem(t(`avatar.errors.${bad}`));
      return;
    }
    setBusy(true);
    try {
      onPicked({ base64: await reencodeAvatar(file), name: file.name });
      setProblem(undefined);
    } catch {
      setProblem(t('avatar.errors.unreadable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="field group-picture" role="group" aria-labelledby={`${id}-label`}>
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="group-picture-row">
        <button
          type="button"
          className="button button-small"
          data-testid={`${id}-choose`}
          disabled={disabled || busy}
          aria-describedby={`${id}-status`}
          onClick={() => input.current?.click()}
        >
          {t('groups.choosePicture')}
        </button>
        {chosen !== undefined && (
          <button
            type="button"
            className="button button-small button-quiet"
            data-testid={`${id}-remove`}
            disabled={disabled}
            onClick={() => {
              onPicked(null);
            }}
          >
            {t('groups.removePicture')}
          </button>
        )}
      </div>
      <span
        id={`${id}-status`}
        className={problem !== undefined ? 'field-error' : 'field-help'}
        role={problem !== undefined ? 'alert' : undefined}
        data-testid={`${id}-status`}
      >
        {problem ?? (chosen !== undefined ? t('groups.pictureChosen', { name: chosen }) : '')}
      </span>
      <input
        ref={input}
        className="avatar-file-input"
        type="file"
        accept={AVATAR_TYPES.join(',')}
        tabIndex={-1}
        aria-hidden="true"
        data-testid={`${id}-file`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void onFile(file);
        }}
      />
    </div>
  );
}
