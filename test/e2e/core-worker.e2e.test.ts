import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerCore } from '../../src/main/core-worker/worker-core';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/browser-host';
import { rendererDistDir } from '../../src/main/host/paths';
import { openPage, screenshot, startWorld, stopWorld, waitConnected, type E2eWorld } from './harness';

/**
 * The app as `npm start` runs it: the core in its worker thread behind the browser host. When
 * the worker dies, the window says so in words and goes on with the new one.
 */
describe('the core in its worker thread', () => {
  let world: E2eWorld;
  let core: WorkerCore;
  let host: BrowserHost;
  let profileDir: string;

  beforeAll(async () => {
    world = await startWorld();
    profileDir = mkdtempSync(join(tmpdir(), 'veil-e2e-worker-'));
    core = await WorkerCore.start({
      profileDir,
      host: 'browser',
      network: 'devnet',
      networkConfig: { seedUrls: [world.devnet.seedUrl], localDevnet: true, pollIntervalMs: 100 },
    });
    const created = await core.dispatch('account.create', { displayName: 'Worker' });
    if (!created.ok) throw new Error(created.error.message);
    host = await startBrowserHost({ core, staticDir: rendererDistDir() });
  }, 60_000);

  afterAll(async () => {
    await host.close();
    await core.close();
    await stopWorld(world);
    rmSync(profileDir, { recursive: true, force: true });
  });

  for (const lang of ['en', 'fr'] as const) {
    it(`says the engine restarted, and the window keeps working with the new one (${lang})`, async () => {
      const page = await openPage(world.browser, { host }, { locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
      await waitConnected(page);
      await core.kill();
      const toast = page.getByTestId('error-toast');
      await toast.waitFor({ timeout: 30_000 });
      expect(await toast.textContent()).toMatch(
        lang === 'fr'
          ? /moteur de Veil .*redémarré.*Rien n’a été perdu/
          : /engine stopped .*restarted.*Nothing was lost/,
      );
      await screenshot(page, `core-restarted-${lang}`);
      // The new core answers and its network comes up again.
      await waitConnected(page);
      expect(await core.dispatch('account.status', {})).toMatchObject({
        ok: true,
        value: { state: 'ready' },
      });
      await page.context().close();
    }, 90_000);
  }
});
