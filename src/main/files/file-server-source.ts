/**
 * Where the profile's network keeps its file server. Mainnet and the embedded devnet know it
 * from the start (Session's published server; the devnet we started). A network given only by its
 * seed URL (a shared devnet, `--network http://…`) is asked: the devnet seed answers the JSON-RPC
 * method `devnet_file_server` (devnet/README.md). The answer is only as trusted as the seed
 * itself, which already chooses every node we talk to; it is validated like any network data.
 * A seed that cannot say (real oxend, unreachable) leaves pictures off until it can.
 */
import { z } from 'zod';
import { httpPost, seedRpcUrl } from '../network';
import type { HttpPostFn } from '../network/https-transport';
import { parseFileServer, type FileServer } from './file-server';

/** The file server, once known; undefined while the network cannot say. Never throws. */
export type FileServerSource = () => Promise<FileServer | undefined>;

export const FILE_SERVER_METHOD = 'devnet_file_server';
/** A seed that did not answer is asked again at most this often (each use asks otherwise). */
export const FILE_SERVER_RETRY_MS = 5_000;
const TIMEOUT_MS = 5_000;

export type SeedPost = (
  url: string,
  body: string,
) => Promise<{ status: number; contentType: string; body: Uint8Array }>;

/** Through `post` (the core's transport, so its proxy). */
const seedPostVia =
  (post: HttpPostFn): SeedPost =>
  (url, body) =>
    // Devnet seeds are plain HTTP, or HTTPS with a self-signed certificate (as snodes).
    post(url, body, {
      timeoutMs: TIMEOUT_MS,
      verifyTls: false,
      headers: { 'Content-Type': 'application/json' },
    });

const answerSchema = z.object({ result: z.unknown() });

export function fixedFileServer(server: FileServer | undefined): FileServerSource {
  return () => Promise.resolve(server);
}

/**
 * The file server of a network config: given (mainnet, embedded devnet), asked of the seeds (a
 * shared devnet), or none (offline core). One source per core: avatars and attachments share it.
 */
export function fileServerSourceOf(
  config:
    | {
        readonly fileServer?: unknown;
        readonly seedUrls: readonly string[];
        readonly fileServerFromSeed?: boolean;
      }
    | undefined,
  log?: (line: string) => void,
  post: HttpPostFn = httpPost,
): FileServerSource {
  try {
    if (config?.fileServer !== undefined) return fixedFileServer(parseFileServer(config.fileServer));
    if (config?.fileServerFromSeed === true)
      return fileServerFromSeeds(config.seedUrls, { post: seedPostVia(post), ...(log ? { log } : {}) });
  } catch {
    log?.('the configured file server is invalid: avatars and attachments are off');
  }
  return fixedFileServer(undefined);
}

async function ask(seed: string, post: SeedPost): Promise<FileServer | undefined> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 0, method: FILE_SERVER_METHOD });
  const res = await post(seedRpcUrl(seed), body);
  if (res.status !== 200 || !res.contentType.startsWith('application/json')) return undefined;
  const parsed = answerSchema.safeParse(JSON.parse(Buffer.from(res.body).toString('utf8')));
  if (!parsed.success) return undefined; // an error object: this seed has no file server to name
  return parseFileServer(parsed.data.result);
}

/**
 * Asks the seeds (first valid answer wins) when the file server is first needed; a found server
 * is kept for the life of the core, a failure is retried after {@link FILE_SERVER_RETRY_MS}.
 */
export function fileServerFromSeeds(
  seedUrls: readonly string[],
  options: { readonly post?: SeedPost; readonly now?: () => number; readonly log?: (l: string) => void } = {},
): FileServerSource {
  const post = options.post ?? seedPostVia(httpPost);
  const now = options.now ?? Date.now;
  let found: FileServer | undefined;
  let pending: Promise<FileServer | undefined> | undefined;
  let failedAt = -Infinity;
  return () => {
    if (found) return Promise.resolve(found);
    if (pending) return pending;
    if (now() - failedAt < FILE_SERVER_RETRY_MS) return Promise.resolve(undefined);
    pending = Promise.any(
      seedUrls.map(async (seed) => {
        const server = await ask(seed, post);
        if (!server) throw new Error('no file server named');
        return server;
      }),
    )
      .then((server) => (found = server))
      .catch(() => {
        failedAt = now();
        options.log?.('the network did not name its file server: pictures are off for now');
        return undefined;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
