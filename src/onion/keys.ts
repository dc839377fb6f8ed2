/**
 * Service-node identities. A snode has an Ed25519 key (its identity: `destination` in onion
 * layers, keys of swarm maps, failure counters) and an X25519 key (what onion layers are
 * encrypted to). network.md §10: "destination is always the next node's ed25519 key,
 * encryption is always to the x25519 key".
 */
import { z } from 'zod';
import type { Brand } from '../crypto/brand';

/** 64 lower-case hex chars of an Ed25519 public key. */
export type Ed25519Hex = Brand<string, 'Ed25519Hex'>;
/** 64 lower-case hex chars of an X25519 public key. */
export type X25519Hex = Brand<string, 'X25519Hex'>;

const KEY_HEX_RE = /^[0-9a-fA-F]{64}$/;

/**
 * Servers emit lower-case hex but accept either case (oxenc `is_hex`, network.md §10), and
 * desktop upper-cases `pubkey_ed25519` in some requests: we normalise to lower case on input
 * so that keys compare equal as strings.
 */
export function parseEd25519Hex(s: string): Ed25519Hex | undefined {
  return KEY_HEX_RE.test(s) ? (s.toLowerCase() as Ed25519Hex) : undefined;
}

export function parseX25519Hex(s: string): X25519Hex | undefined {
  return KEY_HEX_RE.test(s) ? (s.toLowerCase() as X25519Hex) : undefined;
}

export const ed25519HexSchema = z
  .string()
  .regex(KEY_HEX_RE, 'expected 64 hex chars')
  .transform((s) => s.toLowerCase() as Ed25519Hex);

export const x25519HexSchema = z
  .string()
  .regex(KEY_HEX_RE, 'expected 64 hex chars')
  .transform((s) => s.toLowerCase() as X25519Hex);

/** A service node as the client keeps it (desktop `Snode`: ip, port, pubkey_x25519, pubkey_ed25519). */
export interface Snode {
  readonly ip: string;
  /** HTTPS storage port (`storage_port` from the seed, `port_https` from get_swarm). */
  readonly port: number;
  readonly pubkeyEd25519: Ed25519Hex;
  readonly pubkeyX25519: X25519Hex;
}

const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export const ipv4Schema = z.string().regex(IPV4_RE, 'expected a dotted IPv4 address');
export const portSchema = z.number().int().min(1).max(65535);

/** The /24 of an IPv4 address (text up to the last dot), as desktop's `subnetOfIp`. */
export function subnet24(ip: string): string {
  const i = ip.lastIndexOf('.');
  return i < 0 ? ip : ip.slice(0, i);
}
