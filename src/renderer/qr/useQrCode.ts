import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * The QR code of `text` as a PNG `data:` URL (the CSP allows `img-src data:`), made once per
 * text; undefined until ready or while `enabled` is false. Dark modules on white whatever the
 * theme: scanners read that best.
 */
export function useQrCode(text: string, enabled = true): string | undefined {
  const [qr, setQr] = useState<{ text: string; url: string } | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 480 }).then((url) => {
      if (live) setQr({ text, url });
    });
    return () => {
      live = false;
    };
  }, [text, enabled]);
  // A code made for an earlier text is never shown for a new one.
  return enabled && qr?.text === text ? qr.url : undefined;
}
