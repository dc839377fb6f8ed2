import type { Locator, Page } from 'playwright-core';
import type { Devnet } from '../../devnet/index';
import { devnetControl } from './harness';

/**
 * What the community suites do the same way: a second room on the devnet's server (so that joining
 * by a link shows the server's rooms list), joining through the panel, and finding a post.
 */

/** A second, writable room ("Developers"): joining then offers the server's rooms list. */
export async function addDevelopersRoom(devnet: Devnet): Promise<void> {
  await devnetControl(devnet, 'sogs/rooms', { token: 'devs', name: 'Developers', write: true });
}

/**
 * Joins by the link through the panel, and opens the room from the server's rooms list (which
 * may take `timeout` ms to come: a first request builds onion paths).
 */
export async function joinFromRoomsList(page: Page, url: string, timeout = 45_000): Promise<void> {
  await page.getByTestId('join-community-button').click();
  await page.getByTestId('join-url').fill(url);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('server-rooms').waitFor({ timeout });
  await page.getByTestId('join-open').click();
  await page.getByTestId('room-view').waitFor();
}

/** The post of the open room whose text has `text`. */
export const postWith = (page: Page, text: string): Locator =>
  page.getByTestId('post').filter({ hasText: text });
