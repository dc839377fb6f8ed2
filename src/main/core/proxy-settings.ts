/**
 * The proxy setting of a profile and the one HTTP transport it steers. Host, port and user name
 * are kept in `proxy.json` beside settings.json (read before the account is unlocked, so that not
 * one connection leaves directly while a proxy is chosen); the password is a secret, kept in the
 * encrypted database (`settings_kv`), so it is known only while the account is unlocked. Until
 * then a proxy that needs it blocks every connection with a ProxyError, never going direct.
 * A proxy given at start (`--proxy`, VEIL_PROXY) wins over the setting for that run.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { VeilDatabase } from '../db';
import type { HttpTransport } from '../network/https-transport';
import { proxyLabel, type SocksProxy } from '../network/proxy';
import { IpcFailure } from '../../shared/ipc/result';
import { proxyHostSchema, proxyPortSchema, type ProxySetArgs, type ProxyView } from '../../shared/ipc/proxy';
import { readFileIfExists, writeFileAtomic } from '../util/atomic-file';

export const PROXY_FILE = 'proxy.json';
const PASSWORD_KEY = 'proxy.password';

const storedSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({
    mode: z.literal('socks5'),
    host: proxyHostSchema,
    port: proxyPortSchema,
    username: z.string().min(1).max(255).nullable(),
    hasPassword: z.boolean(),
  }),
]);
type Stored = z.infer<typeof storedSchema>;

export interface ProxySettingsOptions {
  readonly profileDir: string;
  readonly http: HttpTransport;
  /** `--proxy` / VEIL_PROXY for this run: used instead of the setting. */
  readonly override?: SocksProxy | undefined;
  /** The open database while the account is unlocked. */
  readonly db: () => VeilDatabase | undefined;
}

export class ProxySettings {
  private stored: Stored;
  private readonly path: string;

  constructor(private readonly o: ProxySettingsOptions) {
    this.path = join(o.profileDir, PROXY_FILE);
    this.stored = ProxySettings.load(this.path);
    this.apply();
  }

  /**
   * A damaged file must not turn a chosen proxy into direct connections: it blocks them instead
   * (as a proxy that cannot be reached) until the user chooses again.
   */
  private static load(path: string): Stored {
    const raw = readFileIfExists(path);
    if (!raw) return { mode: 'none' };
    try {
      const parsed = storedSchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through
    }
    return { mode: 'socks5', host: 'invalid', port: 1, username: null, hasPassword: false };
  }

  /** Points the transport at what is in force now (call again after unlock and lock). */
  apply(): void {
    const { http } = this.o;
    if (this.o.override) {
      http.setProxy(this.o.override);
      return;
    }
    const s = this.stored;
    if (s.mode === 'none') {
      if (http.proxy() !== undefined || http.proxyFailure() !== null) http.setProxy(undefined);
      return;
    }
    const base = { host: s.host, port: s.port, ...(s.username !== null ? { username: s.username } : {}) };
    if (!s.hasPassword) {
      http.setProxy(base);
      return;
    }
    const password = this.password();
    if (password === undefined) http.block(base, 'locked');
    else http.setProxy({ ...base, password });
  }

  private password(): string | undefined {
    const db = this.o.db();
    if (!db) return undefined;
    try {
      return db.kv.get(PASSWORD_KEY, z.string());
    } catch {
      return undefined;
    }
  }

  view(): ProxyView {
    const s = this.stored;
    const inUse = this.o.http.proxy() ?? this.o.override;
    const blocked = this.o.http.proxyFailure();
    const label = inUse ? proxyLabel(inUse) : blocked?.proxy;
    return {
      setting:
        s.mode === 'none'
          ? { mode: 'none' }
          : { mode: 'socks5', host: s.host, port: s.port, username: s.username, hasPassword: s.hasPassword },
      inUse:
        label === undefined ? null : { proxy: label, source: this.o.override ? 'command-line' : 'settings' },
    };
  }

  /** Saves the setting and applies it at once. */
  set(args: ProxySetArgs): ProxyView {
    let next: Stored;
    if (args.mode === 'none') {
      next = { mode: 'none' };
      this.o.db()?.kv.delete(PASSWORD_KEY);
    } else {
      const username = args.username;
      let hasPassword = this.stored.mode === 'socks5' && this.stored.hasPassword;
      if (username === null || args.password === null) hasPassword = false;
      else if (args.password !== undefined) hasPassword = true;
      const db = this.o.db();
      if (args.password !== undefined && args.password !== null && username !== null) {
        // The password is kept only in the encrypted database, which needs the unlocked account.
        if (!db) throw new IpcFailure('unauthorized', 'no unlocked account', 'proxy.needsAccount');
        db.kv.set(PASSWORD_KEY, args.password);
      } else if (!hasPassword) db?.kv.delete(PASSWORD_KEY);
      next = { mode: 'socks5', host: args.host, port: args.port, username, hasPassword };
    }
    writeFileAtomic(this.path, JSON.stringify(next, null, 2));
    this.stored = next;
    this.apply();
    return this.view();
  }
}
