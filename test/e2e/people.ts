import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Devnet } from '../../devnet/index';
import { VeilCore } from '../../src/main/core/core';
import { serveCore, type RunningApp } from './harness';

/** An app on the devnet with its file server (attachments can leave), with or without an account. */
export async function startAppWithFiles(devnet: Devnet, displayName?: string): Promise<RunningApp> {
  const profileDir = mkdtempSync(join(tmpdir(), 'veil-e2e-a11y-'));
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: 'devnet',
    networkConfig: {
      seedUrls: [devnet.seedUrl],
      localDevnet: true,
      pollIntervalMs: 100,
      fileServer: devnet.fileServer,
    },
  });
  return serveCore(core, profileDir, displayName);
}
