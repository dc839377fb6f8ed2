import { z } from 'zod';

/**
 * The proxy setting (Settings → Network, issue #20 item 4): none, or a SOCKS5 proxy every
 * connection goes through, host names resolved at the proxy. The password never comes back from
 * main: the window only learns whether one is kept.
 */

/** A host name or an IPv4/IPv6 address: no scheme, path, port or spaces. */
export const proxyHostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/);

export const proxyPortSchema = z.number().int().min(1).max(65535);

/** RFC 1929: 1–255 bytes each. */
export const proxyCredentialSchema = z
  .string()
  .min(1)
  .refine((s) => new TextEncoder().encode(s).length <= 255, 'at most 255 bytes');

/** What the window sends to change the setting; `password` undefined keeps the kept one. */
export const proxySetArgs = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).strict(),
  z
    .object({
      mode: z.literal('socks5'),
      host: proxyHostSchema,
      port: proxyPortSchema,
      /** null: no credentials. */
      username: proxyCredentialSchema.nullable(),
      /** A new password, null to forget it, absent to keep the one kept. */
      password: proxyCredentialSchema.nullable().optional(),
    })
    .strict(),
]);
export type ProxySetArgs = z.infer<typeof proxySetArgs>;

export const PROXY_SOURCES = ['settings', 'command-line'] as const;

export const proxyViewSchema = z.object({
  /** What Settings holds (the password only as a yes/no). */
  setting: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('none') }),
    z.object({
      mode: z.literal('socks5'),
      host: z.string(),
      port: z.number(),
      username: z.string().nullable(),
      hasPassword: z.boolean(),
    }),
  ]),
  /**
   * The proxy every connection goes through now (`host:port`), null when direct; `source` says
   * whether it is the setting or `--proxy`/VEIL_PROXY given at start (which wins for that run).
   */
  inUse: z.object({ proxy: z.string(), source: z.enum(PROXY_SOURCES) }).nullable(),
});
export type ProxyView = z.infer<typeof proxyViewSchema>;

export const proxyCalls = {
  'proxy.get': { args: z.object({}).strict(), result: proxyViewSchema },
  /** Saves the setting and applies it at once (new connections; no restart). */
  'proxy.set': { args: proxySetArgs, result: proxyViewSchema },
} as const;
