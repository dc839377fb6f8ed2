import { useTranslation } from 'react-i18next';
import { useCopy } from './useCopy';
import { useQrCode } from '../qr/useQrCode';

/** The Session ID as text people can copy and as a QR code they can scan. */
export function SessionIdCard({
  sessionId,
  showQr = true,
}: {
  readonly sessionId: string;
  readonly showQr?: boolean;
}) {
  const { t } = useTranslation();
  const [copied, copy] = useCopy();
  const qr = useQrCode(sessionId, showQr);

  return (
    <div className="session-id-card">
      <div className="session-id-text-block">
        <p className="session-id" data-testid="session-id">
          {sessionId}
        </p>
        <button
          type="button"
          className="button"
          data-testid="copy-session-id"
          onClick={() => void copy(sessionId)}
        >
          {copied ? t('account.copied') : t('account.copyId')}
        </button>
      </div>
      {showQr && qr !== undefined && (
        <img
          className="session-id-qr"
          src={qr}
          alt={t('account.qrAlt')}
          data-testid="session-id-qr"
          width={200}
          height={200}
        />
      )}
    </div>
  );
}
