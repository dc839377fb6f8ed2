// zod's mini build: on the page's first screen (see ../settings.ts).
import * as z from 'zod/mini';
import { settingsSchema } from '../settings';
import { accountStatusSchema } from './account-status';
import { communityRoomSchema } from './community-room';
import { groupSummarySchema } from './group-summary';
import { conversationSchema } from './conversation';
import { networkStatusSchema } from './network';

/**
 * The first screen's answer on its own, apart from the contract's other calls and events: the
 * renderer checks it before its first render, and builds the rest of the contract's schemas
 * after that render (issue #15, cold start: building all of them was half of the page's script
 * evaluation).
 */
export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  network: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * What the first screen needs, in one call: one round trip (through the browser host, the core's
 * worker) instead of seven before the window can show anything. The lists (conversations, groups,
 * community rooms: the list pane's three parts) are null while there is no unlocked account
 * (onboarding, lock screen).
 */
export const initialStateSchema = z.object({
  info: appInfoSchema,
  settings: settingsSchema,
  account: accountStatusSchema,
  network: networkStatusSchema,
  conversations: z.nullable(z.array(conversationSchema)),
  groups: z.nullable(z.array(groupSummarySchema)),
  communities: z.nullable(z.array(communityRoomSchema)),
});
export type InitialState = z.infer<typeof initialStateSchema>;
