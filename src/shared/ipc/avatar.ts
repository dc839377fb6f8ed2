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
