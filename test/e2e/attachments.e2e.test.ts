/**
 * Issue #16 in the app, between two people on a devnet, in English (Alice light, Bruno dark) and
 * French (Alice dark, Bruno light): a 10,000,001-byte file refused by name; pictures and a document
 * dropped on the conversation, staged, sent with a caption while a progress bar shows; Bruno sees
 * the grid, pages through the lightbox with the keyboard, saves the document (the browser host's
 * download) and is warned before saving a script; a voice message recorded from Chromium's fake
 * microphone plays on the other side; the conversation list and Settings → Storage. Screenshots go
 * to test-results/screenshots/attachments-*.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index';
import type { Message } from '../../src/shared/ipc/messaging';
import { picture, randomDocument, spokenWav } from './attachment-fixtures';
import { CHROMIUM_ARGS, cspViolations, openPage, screenshot, sessionIdOf, waitConnected } from './harness';
import { call, startAppWithFiles } from './people';

interface DropFile {
  readonly name: string;
  readonly type: string;
  readonly base64: string;
}

/** Drops files on the open conversation as a file manager would (dragenter/over, then drop). */
async function dropFiles(page: Page, files: readonly DropFile[], screenshotName?: string): Promise<void> {
  const transfer = await page.evaluateHandle((list: readonly DropFile[]) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files);
  const target = page.getByTestId('conversation-view');
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await page.getByTestId('drop-overlay').waitFor();
  if (screenshotName !== undefined) await screenshot(page, screenshotName);
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

const dropFile = (name: string, type: string, bytes: Buffer): DropFile => ({
  name,
  type,
  base64: bytes.toString('base64'),
});

/** A short WebM made in the page itself (a canvas recorded by MediaRecorder), as base64. */
async function recordWebm(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start(100);
    const started = performance.now();
    while (performance.now() - started < 1500) {
      const t = (performance.now() - started) / 1500;
      ctx.fillStyle = `hsl(${Math.round(200 + t * 80)} 60% 55%)`;
      ctx.fillRect(0, 0, 320, 240);
      ctx.fillStyle = '#ffd666';
      ctx.beginPath();
      ctx.arc(60 + t * 200, 120, 30, 0, Math.PI * 2);
      ctx.fill();
      await new Promise((r) => setTimeout(r, 40));
    }
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
}

/** The message bubble that carries attachments whose caption is `caption`. */
const bubbleWith = (page: Page, caption: string) =>
  page.getByTestId('message').filter({ has: page.locator('.bubble-body', { hasText: caption }) });

describe('attachments and voice messages in the app', () => {
  let browser: Browser;
  let devnet: Devnet;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veil-att-e2e-'));
    const wav = join(dir, 'voice.wav');
    writeFileSync(wav, spokenWav(4));
    devnet = await startDevnet({ nodes: 12 });
    // Chromium's fake microphone plays the WAV; the fake UI grants the permission when asked.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${wav}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
  }, 90_000);
  afterAll(async () => {
    await browser.close();
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const lang of ['en', 'fr'] as const) {
    it(`send pictures, a document and a voice message; view, save and play them (${lang})`, async () => {
      const fr = lang === 'fr';
      const locale = fr ? 'fr-FR' : 'en-US';
      const shot = (page: Page, name: string) => screenshot(page, `attachments-${lang}-${name}`);
      const alice = await startAppWithFiles(devnet, 'Alice Martin');
      const bob = await startAppWithFiles(devnet, 'Bruno Lefèvre');
      try {
        const aliceId = sessionIdOf(alice);
        const bobId = sessionIdOf(bob);
        // Alice writes first with a picture: in Bruno's message request it waits for a click (as
        // in Session), then he accepts and later files download by themselves.
        await call(alice, 'conversations.open', { sessionId: bobId });
        const first = await call<{ stagedId: string }>(alice, 'attachments.stage', {
          fileName: 'bonjour.png',
          contentType: 'image/png',
          data: picture(640, 480, 320).toString('base64'),
        });
        const hello = fr ? 'Je t’envoie les photos.' : 'Sending you the photos.';
        await call<Message>(alice, 'messages.send', {
          conversationId: bobId,
          body: hello,
          attachments: [first.stagedId],
        });

        const a = await openPage(browser, alice, { locale, dark: fr });
        const b = await openPage(browser, bob, { locale, dark: !fr });
        await waitConnected(a);
        await waitConnected(b);
        await b
          .getByTestId('requests-banner')
          .click({ timeout: 60_000 })
          .catch(async (e: unknown) => {
            // Said once in a fresh clone's run (load of two Chromiums and devnets): which side
            // held the message, for the next time.
            const sent = await call<Message[]>(alice, 'messages.page', {
              conversationId: bobId,
              before: null,
              limit: 5,
            }).catch(() => []);
            const list = await call<unknown[]>(bob, 'conversations.list', {}).catch(() => []);
            throw new Error(
              `no request on Bruno's side: Alice's message ${JSON.stringify(sent.map((m) => [m.status, m.hash]))}, Bruno's list has ${list.length} conversation(s): ${String(e)}`,
            );
          });
        await b.getByTestId(`conversation-${aliceId}`).click();
        const request = bubbleWith(b, hello);
        await request.waitFor({ timeout: 60_000 });
        const pending = request.getByTestId('attachment-image');
        await expect.poll(() => pending.getAttribute('data-state')).toBe('pending');
        await shot(b, '0-request-pending');
        await request.getByTestId('attachment-download').click();
        await expect.poll(() => pending.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
        await b.getByTestId('request-accept').click();
        await expect.poll(() => b.getByTestId('request-bar').count()).toBe(0);

        await a.getByTestId(`conversation-${bobId}`).click();

        // 10,000,001 bytes: refused before staging, naming the file.
        const big = fr ? 'vidéo-trop-lourde.mp4' : 'too-big-video.mp4';
        await a.getByTestId('attach-input').setInputFiles({
          name: big,
          mimeType: 'video/mp4',
          buffer: Buffer.alloc(10_000_001),
        });
        await expect.poll(() => a.getByTestId('staging-problems').textContent()).toContain(big);
        expect(await a.getByTestId('staged-item').count()).toBe(0);
        await shot(a, '1-too-large');

        // Three pictures and a 3 MB document, dropped on the conversation.
        const doc = fr ? 'compte-rendu.pdf' : 'minutes.pdf';
        await dropFiles(
          a,
          [
            dropFile('plage.png', 'image/png', picture(800, 600, 200)),
            dropFile('montagne.png', 'image/png', picture(600, 800, 30)),
            dropFile('forêt.png', 'image/png', picture(900, 600, 100)),
            dropFile(doc, 'application/pdf', randomDocument(3_000_000)),
            { name: 'vague.webm', type: 'video/webm', base64: await recordWebm(a) },
          ],
          `attachments-${lang}-2-drop-overlay`,
        );
        await expect
          .poll(() => a.locator('[data-testid="staged-item"][data-staged="true"]').count(), {
            timeout: 30_000,
          })
          .toBe(5);
        expect(await a.getByTestId('staging-problems').count()).toBe(0);
        // A picture pasted from the clipboard is staged too; its remove button works from the keyboard.
        await a.getByTestId('composer').focus();
        await a.evaluate(
          (b64: string) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], 'collé.png', { type: 'image/png' }));
            document
              .querySelector('[data-testid="composer"]')
              ?.dispatchEvent(
                new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
              );
          },
          picture(320, 240, 260).toString('base64'),
        );
        await expect
          .poll(() => a.locator('[data-testid="staged-item"][data-staged="true"]').count(), {
            timeout: 30_000,
          })
          .toBe(6);
        await a.getByTestId('staged-remove').last().focus();
        await a.keyboard.press('Enter');
        await expect.poll(() => a.getByTestId('staged-item').count()).toBe(5);
        const caption = fr ? 'Les photos du week-end' : 'Photos from the weekend';
        await a.getByTestId('composer').fill(caption);
        await shot(a, '3-composer-staged');

        // The upload's progress bar is seen at least once (a MutationObserver keeps watch).
        await a.evaluate(() => {
          const w = window as unknown as { veilSawProgress?: boolean };
          w.veilSawProgress = false;
          new MutationObserver(() => {
            if (document.querySelector('[data-testid="attachment-progress"]')) w.veilSawProgress = true;
          }).observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        await a.getByTestId('composer').press('Enter');
        await expect.poll(() => a.getByTestId('staged-item').count()).toBe(0);
        const sentBubble = bubbleWith(a, caption);
        await sentBubble.waitFor();
        await expect
          .poll(() => a.evaluate(() => (window as unknown as { veilSawProgress?: boolean }).veilSawProgress))
          .toBe(true);
        if ((await sentBubble.getByTestId('attachment-progress').count()) > 0) await shot(a, '4-uploading');
        await expect.poll(() => sentBubble.getAttribute('data-status'), { timeout: 90_000 }).toBe('sent');

        // Bruno: the grid, then the lightbox from the keyboard.
        await b.getByTestId(`conversation-${aliceId}`).click();
        const got = bubbleWith(b, caption);
        await got.waitFor({ timeout: 60_000 });
        await expect
          .poll(() => got.locator('[data-testid="attachment-image"][data-state="ready"]').count(), {
            timeout: 60_000,
          })
          .toBe(3);
        await expect
          .poll(() => got.locator('[data-testid="attachment-file"][data-state="ready"]').count(), {
            timeout: 60_000,
          })
          .toBe(1);
        await expect
          .poll(() => got.locator('[data-testid="attachment-video"][data-state="ready"] video').count(), {
            timeout: 60_000,
          })
          .toBe(1);
        await expect.poll(() => got.locator('.media-tile img').count(), { timeout: 20_000 }).toBe(3);
        await shot(b, '5-received-grid');
        const opener = got.getByTestId('attachment-open').first();
        await opener.focus();
        await b.keyboard.press('Enter');
        const box = b.getByTestId('lightbox');
        await box.waitFor();
        const count = b.getByTestId('lightbox-count');
        const of = (i: number) => (fr ? `${i} sur 3` : `${i} of 3`);
        await expect.poll(() => count.textContent()).toBe(of(1));
        await b.getByTestId('lightbox-image').waitFor();
        await b.keyboard.press('ArrowRight');
        await expect.poll(() => count.textContent()).toBe(of(2));
        await b.getByTestId('lightbox-next').click();
        await expect.poll(() => count.textContent()).toBe(of(3));
        await b.keyboard.press('ArrowRight');
        await expect.poll(() => count.textContent()).toBe(of(1));
        await b.keyboard.press('ArrowLeft');
        await expect.poll(() => count.textContent()).toBe(of(3));
        await b.getByTestId('lightbox-image').waitFor();
        await b.waitForFunction(() => {
          const img = document.querySelector<HTMLImageElement>('[data-testid="lightbox-image"]');
          return img !== null && img.complete && img.naturalWidth > 0;
        });
        await shot(b, '6-lightbox');
        // Focus stays inside: Tab cycles through the lightbox's own controls.
        for (let i = 0; i < 8; i++) {
          await b.keyboard.press('Tab');
          expect(
            await b.evaluate(() => document.activeElement?.closest('[data-testid="lightbox"]') !== null),
          ).toBe(true);
        }
        await b.keyboard.press('Escape');
        await expect.poll(() => box.count()).toBe(0);
        expect(await b.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
          'attachment-open',
        );

        // Save as… in the browser host: the page downloads the bytes under main's safe name.
        const [download] = await Promise.all([
          b.waitForEvent('download'),
          got.getByTestId('attachment-save').click(),
        ]);
        expect(download.suggestedFilename()).toBe(doc);

        // A script: a warning first.
        const script = 'install.sh';
        await a.getByTestId('attach-input').setInputFiles({
          name: script,
          mimeType: 'application/x-sh',
          buffer: Buffer.from('#!/bin/sh\necho hello\n'),
        });
        await expect.poll(() => a.locator('[data-testid="staged-item"][data-staged="true"]').count()).toBe(1);
        await a.getByTestId('composer').press('Enter');
        const scriptRow = b.locator('[data-testid="attachment-file"]', { hasText: script });
        await expect.poll(() => scriptRow.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
        await scriptRow.getByTestId('attachment-save').click();
        await b.getByTestId('executable-warning').waitFor();
        await shot(b, '7-executable-warning');
        await b.getByTestId('confirm-cancel').click();
        await expect.poll(() => b.getByTestId('executable-warning').count()).toBe(0);

        // A voice message from the fake microphone: click to start, the timer runs, Send.
        await a.getByTestId('voice-record').click();
        await a.getByTestId('voice-recording').waitFor();
        await expect
          .poll(() => a.getByTestId('voice-timer').textContent(), { timeout: 10_000 })
          .toMatch(/^0:0[2-9]/);
        await shot(a, '8-recording');
        await a.getByTestId('voice-send').click();
        const mine = a.getByTestId('voice-message').last();
        await mine.waitFor({ timeout: 30_000 });
        await expect.poll(() => mine.getAttribute('data-state'), { timeout: 90_000 }).toBe('ready');

        // Bruno plays it: the waveform, the time moving, 1.5×.
        const voice = b.getByTestId('voice-message').last();
        await expect.poll(() => voice.getAttribute('data-state'), { timeout: 90_000 }).toBe('ready');
        await expect.poll(() => voice.locator('.voice-bar').count()).toBeGreaterThan(10);
        await expect
          .poll(() => voice.getByTestId('voice-time').textContent(), { timeout: 10_000 })
          .toMatch(/^0:0[2-9]$/);
        await voice.getByTestId('voice-speed').click();
        await voice.getByTestId('voice-play').click();
        await expect.poll(() => voice.getAttribute('data-playing')).toBe('true');
        await expect
          .poll(
            () => voice.getByTestId('voice-audio').evaluate((el) => (el as HTMLAudioElement).currentTime),
            {
              timeout: 10_000,
            },
          )
          .toBeGreaterThan(0.3);
        expect(
          await voice.getByTestId('voice-audio').evaluate((el) => (el as HTMLAudioElement).playbackRate),
        ).toBe(1.5);
        await shot(b, '9-voice-playing');
        await voice.getByTestId('voice-play').click();
        // Arrow keys seek on the waveform.
        await voice.getByTestId('voice-wave').focus();
        await b.keyboard.press('Home');
        expect(await voice.getByTestId('voice-wave').getAttribute('aria-valuenow')).toBe('0');

        // The conversation list says what the last message was.
        const row = b.getByTestId(`conversation-${aliceId}`);
        await expect.poll(() => row.textContent()).toContain(fr ? 'Message vocal' : 'Voice message');

        // Settings → Storage: the space used, and clearing what was downloaded.
        await b.getByTestId('nav-settings').click();
        await b.getByTestId('settings-storage').click();
        await expect.poll(() => b.getByTestId('storage-used').textContent()).toMatch(/\d/);
        await shot(b, '10-storage');
        await b.getByTestId('storage-clear').click();
        await b.getByTestId('storage-clear-confirm').waitFor();
        await b.getByTestId('confirm-accept').click();
        await b.getByTestId('storage-freed').waitFor();
        await expect.poll(() => b.getByTestId('storage-downloaded').textContent()).toMatch(/^0\s/);

        expect(await cspViolations(a)).toEqual([]);
        expect(await cspViolations(b)).toEqual([]);
        await a.context().close();
        await b.context().close();
      } finally {
        await alice.close();
        await bob.close();
      }
    }, 300_000);
  }
});
