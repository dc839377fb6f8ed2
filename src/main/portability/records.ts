/**
 * The content inside the encrypted chunks: one record per chunk, a kind byte then its payload.
 * Records come in this order (docs/export-format.md): manifest, master key, profile files,
 * tables (each: its columns, then batches of rows), attachment and avatar files, end (the final
 * chunk). A file or a table spans as many chunks as it needs, so nothing large is ever held whole.
 */
import { z } from 'zod';
import { portableValueSchema } from '../db/portable-rows';
import { damaged } from './errors';

export const RecordKind = {
  Manifest: 1,
  MasterKey: 2,
  FileBegin: 3,
  FileData: 4,
  FileEnd: 5,
  TableBegin: 6,
  Rows: 7,
  End: 8,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** Files of the profile folder an export carries, by their path inside the profile. */
export const PROFILE_FILE_PATTERNS: readonly RegExp[] = [
  /^account\.json$/,
  /^settings\.json$/,
  /^attachments\/[0-9a-f]{32}$/,
  /^avatars\/[0-9a-f]{40}\.bin$/,
];
export const isPortablePath = (path: string) => PROFILE_FILE_PATTERNS.some((p) => p.test(path));

/** File pieces: well under the chunk limit, large enough that framing costs nothing. */
export const FILE_PIECE_BYTES = 256 * 1024;
/** Rows per batch; a batch is cut earlier when its JSON grows past ROWS_BATCH_BYTES. */
export const ROWS_PER_BATCH = 500;
export const ROWS_BATCH_BYTES = 512 * 1024;

export const manifestSchema = z
  .object({
    kind: z.literal('veil-profile'),
    createdAt: z.number().int(),
    app: z.object({ name: z.string().max(100), version: z.string().max(100) }).strict(),
    sessionId: z.string().regex(/^05[0-9a-f]{64}$/),
    schemaVersion: z.number().int().min(0).max(100_000),
    tables: z
      .array(
        z
          .object({
            name: z.string().min(1).max(200),
            columns: z.array(z.string().min(1).max(200)).max(500),
            rows: z.number().int().min(0),
          })
          .strict(),
      )
      .max(1000),
    files: z.number().int().min(0),
    fileBytes: z.number().int().min(0),
  })
  .strict();
export type Manifest = z.infer<typeof manifestSchema>;

export const fileBeginSchema = z
  .object({
    path: z.string().max(200).refine(isPortablePath),
    size: z
      .number()
      .int()
      .min(0)
      .max(2 ** 40),
  })
  .strict();
export const tableBeginSchema = z
  .object({ name: z.string().min(1).max(200), columns: z.array(z.string().min(1).max(200)).max(500) })
  .strict();
export const rowsSchema = z.array(z.array(portableValueSchema)).max(100_000);
export const endSchema = z.object({ files: z.number().int().min(0), rows: z.number().int().min(0) }).strict();

export function record(
  kind: RecordKind,
  payload: Uint8Array | string | object = new Uint8Array(0),
): Uint8Array {
  const body =
    payload instanceof Uint8Array
      ? payload
      : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const out = new Uint8Array(1 + body.length);
  out[0] = kind;
  out.set(body, 1);
  return out;
}

export function parseJson<T>(schema: z.ZodType<T>, payload: Uint8Array, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    throw damaged(what);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw damaged(what);
  return parsed.data;
}
