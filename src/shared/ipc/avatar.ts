/**
 * The picker's re-encoded image as base64: at most 5 MB of bytes. Apart from the contract so
 * that the renderer's picker does not build every IPC schema when its module loads.
 */
export const AVATAR_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
