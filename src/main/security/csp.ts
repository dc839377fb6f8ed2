/**
 * The one Content-Security-Policy for the app, used by the Electron protocol handler and the
 * browser host alike. No 'unsafe-inline', no remote origin: the renderer loads only its own
 * bundle and talks to main through the bridge (same-origin fetch in the browser host).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers sent with every response of the app's own origin. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The microphone for voice messages, for our own origin only (the browser still asks the user).
  'Permissions-Policy': 'camera=(), microphone=(self), geolocation=(), usb=(), payment=()',
};
