/**
 * Where devnet's servers listen. A service node that is killed and restarted listens again on
 * the same port (its address is in every client's swarm list). A port the kernel handed out
 * with `listen(0)` is in its ephemeral range, the range it also takes local ports from for
 * outgoing connections: while the node was down, any connection on the machine (a browser, a
 * parallel test's client) could take that port and the restart failed with EADDRINUSE (CI, the
 * send-failure e2e). So devnet picks its own ports below the ephemeral range, where the kernel
 * never binds a connection, and a restart that still finds its port busy waits a moment for it.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { randomInt } from 'node:crypto';

/** The lowest port devnet picks: above the registered ports most services use. */
const LOWEST = 10_000;
/** Tries of random ports before leaving the choice to the kernel. */
const TRIES = 64;

/** The first port of the kernel's ephemeral range (where outgoing connections get theirs). */
export function ephemeralLow(readRange: () => string = linuxRange): number {
  try {
    const low = Number(readRange().trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 0 && low < 65_536) return low;
  } catch {
    // Not Linux (or no /proc): the IANA range macOS and Windows use.
  }
  return 49_152;
}

function linuxRange(): string {
  return readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
}

/** Ports devnet may pick, or undefined when the ephemeral range leaves too few below it. */
export function pickableRange(low = ephemeralLow()): { from: number; to: number } | undefined {
  const to = Math.min(low, 65_536) - 1;
  return to - LOWEST >= 1_000 ? { from: LOWEST, to } : undefined;
}

function listenOnce(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // Both listeners go on every outcome: a server retried on busy ports must not collect them.
    const fail = (e: Error): void => {
      server.off('listening', done);
      reject(e);
    };
    const done = (): void => {
      server.off('error', fail);
      const addr = server.address();
      resolve(addr && typeof addr === 'object' ? addr.port : port);
    };
    server.once('error', fail);
    server.once('listening', done);
    server.listen(port, '127.0.0.1');
  });
}

function inUse(e: unknown): boolean {
  return e instanceof Error && 'code' in e && e.code === 'EADDRINUSE';
}

export interface ListenOptions {
  /** For a given port: how long to wait for it while another socket holds it (a restart). */
  waitMs?: number;
  /** The range to pick from (tests); default below the kernel's ephemeral range. */
  range?: { from: number; to: number } | undefined;
}

/**
 * Listens on 127.0.0.1 and resolves with the port bound. `port` 0: a free port devnet picks
 * outside the ephemeral range (the kernel's choice only when that range leaves no room).
 * A given port busy for longer than `waitMs` rejects with EADDRINUSE.
 */
export async function listenLoopback(server: Server, port = 0, opts: ListenOptions = {}): Promise<number> {
  if (port !== 0) {
    const until = Date.now() + (opts.waitMs ?? 0);
    for (;;) {
      try {
        return await listenOnce(server, port);
      } catch (e) {
        if (!inUse(e) || Date.now() >= until) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  const range = 'range' in opts ? opts.range : pickableRange();
  if (range !== undefined) {
    for (let i = 0; i < TRIES; i++) {
      try {
        return await listenOnce(server, randomInt(range.from, range.to + 1));
      } catch (e) {
        if (!inUse(e)) throw e;
      }
    }
  }
  return listenOnce(server, 0);
}
