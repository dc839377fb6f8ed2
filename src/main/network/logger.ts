/**
 * The network layer's logger. Injected so the core decides where lines go; it only ever gets
 * metadata: key prefixes, status codes, counts, method names. Never message data, signatures,
 * secret keys or full Session IDs (DEVELOPERS.md: secrets are never logged).
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface NetworkLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
}

export const silentLogger: NetworkLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};

/** First 8 hex chars of a node key or pubkey: enough to tell nodes apart in logs. */
export function short(key: string | undefined): string | undefined {
  return key === undefined ? undefined : key.slice(0, 8);
}

/** Error text without stack, capped (bodies of path errors can be long). */
export function errorText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}
