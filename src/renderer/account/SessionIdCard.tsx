import { useTranslation } from 'react-i18next';
import { useCopy } from './useCopy';
import { useQrCode } from '../qr/useQrCode';

/**
 * The Session ID as text people can copy and as a QR code they can scan. Our own ID (with its QR)
 * also offers a plain-text share line to paste anywhere ("Add me on Session: 05…", no link
 * scheme) and the QR as a PNG file.
 */
export function SessionIdCard({
  sessionId,
  showQr = true,
}: {
  readonly sessionId: string;
  readonly showQr?: boolean;
}) {
  const { t } = useTranslation();
  const [copied, copy] = useCopy();
  const [copiedLine, copyLine] = useCopy();
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
        {showQr && (
          <div className="session-id-share">
            <button
              type="button"
              className="button button-quiet"
              data-testid="copy-share-line"
              onClick={() => void copyLine(t('account.shareLine', { id: sessionId }))}
            >
              {copiedLine ? t('account.copied') : t('account.copyShare')}
            </button>
            {qr !== undefined && (
              <a
                className="button button-quiet"
                href={qr}
                download={`veil-account-id-${sessionId.slice(0, 10)}.png`}
                data-testid="save-qr"
              >
                {t('account.saveQr')}
              </a>
            )}
          </div>
        )}
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
