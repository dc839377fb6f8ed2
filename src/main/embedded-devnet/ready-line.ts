/**
 * The one JSON line a devnet prints once it is ready (devnet/README.md, "Start"):
 * `{"seed","fileServer":{"url","x25519","ed25519"},"control"}`. It crosses a process boundary,
 * so it is validated like any other input instead of being trusted for its shape.
 */
import { z } from 'zod';
import { parseFileServer, fileServerSchema, type FileServer } from '../files/file-server';

const loopbackUrl = z.url({ protocol: /^https?$/, hostname: /^127\.0\.0\.1$/ });

const readyLineSchema = z.object({
  seed: loopbackUrl,
  fileServer: fileServerSchema,
  control: loopbackUrl,
});

export interface DevnetReady {
  /** The seed URL with its trailing slash (clients POST `${seedUrl}json_rpc`). */
  readonly seedUrl: string;
  readonly fileServer: FileServer;
  readonly controlUrl: string;
}

/** The ready line's content, or undefined when `line` is not one (a stray log line). */
export function parseReadyLine(line: string): DevnetReady | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const r = readyLineSchema.safeParse(json);
  if (!r.success) return undefined;
  return { seedUrl: r.data.seed, fileServer: parseFileServer(r.data.fileServer), controlUrl: r.data.control };
}
