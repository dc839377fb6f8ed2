// zod's mini build: on the page's first screen (see ../settings.ts).
import * as z from 'zod/mini';

/**
 * The picker's re-encoded image as base64: at most 5 MB of bytes. Apart from the contract so
 * that the renderer's picker does not build every IPC schema when its module loads.
 */
export const AVATAR_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/**
 * At most this many pictures per `avatar.getMany`: the renderer asks for more in several calls,
 * so that one answer (each picture a `data:` URL) stays of a reasonable size.
 */
export const AVATAR_BATCH_MAX = 50;

/** A picture as the window shows it: a `data:` URL of a PNG, JPEG or WebP. */
export const avatarDataUrlSchema = z
  .string()
  .check(z.regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/));

/**
 * `avatar.getMany`'s answer, apart from the contract: the conversation list asks for its
 * pictures right after its first render, and checking that answer must not wait for the whole
 * contract's schemas (a chunk fetched and built then, on the path to the first screen's frame:
 * issue #15, cold start). The contract uses this same schema. Built at its first use.
 */
export const avatarManyResultSchema = z.lazy(() =>
  z.object({ dataUrls: z.array(z.nullable(avatarDataUrlSchema)) }),
);
