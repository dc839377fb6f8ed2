/**
 * Keeps the current config messages alive: desktop adds an `expire` to now + 30 days for the
 * current hashes to its own-swarm polls (network.md `expire`; desktop `retrieveRequest.ts`). We
 * send the same bump again only when the hashes changed, or hourly.
 */
import type { Identity } from '../../crypto/keys';
import type { ConfigBase } from '../../swarm/config';
import { expireMessages, type NetworkClient } from '../network';
import { CONFIG_TTL_MS } from './push';

const BUMP_EVERY_MS = 3600_000;

export class ExpiryBump {
  private last = { key: '', at: 0 };

  constructor(
    private readonly identity: Identity,
    private readonly log: (line: string) => void,
  ) {}

  /** Bumps the configs' current hashes, unless the same bump went out within the hour. */
  run(client: NetworkClient, configs: readonly ConfigBase[], now: number): void {
    const hashes = configs.flatMap((c) => c.currentHashes()).sort();
    const key = hashes.join(',');
    if (hashes.length === 0 || (key === this.last.key && now - this.last.at < BUMP_EVERY_MS)) return;
    this.last = { key, at: now };
    expireMessages(client, { account: this.identity, hashes, expiryMs: now + CONFIG_TTL_MS }).catch(
      (error: unknown) => {
        this.last = { key: '', at: 0 };
        this.log(`config expiry bump failed: ${error instanceof Error ? error.message : 'error'}`);
      },
    );
  }
}
