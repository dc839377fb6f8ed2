/** Loads the known-answer vectors kept in test/vectors/ (copies of the shared reference's). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readVectorText, vectorFileUrl } from '../vectors/files';

const VectorSchema = z.object({
  id: z.string(),
  description: z.string(),
  status: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  expected: z.record(z.string(), z.unknown()),
});
export type Vector = z.infer<typeof VectorSchema>;

const FileSchema = z.object({
  word_list_sha256: z.string().optional(),
  vectors: z.array(VectorSchema),
});

export function loadVectorFile(name: string): z.infer<typeof FileSchema> {
  const text = readVectorText(name);
  return FileSchema.parse(JSON.parse(text));
}

/** A file of test/vectors/ as bytes (the word list, for instance). */
export function readVectorBytes(name: string): Buffer {
  return readFileSync(vectorFileUrl(name));
}

/** A required string field of a vector's inputs/expected; fails loudly if the shape changed. */
export function str(rec: Record<string, unknown>, key: string): string {
  const v = rec[key];
  if (typeof v !== 'string') throw new Error(`vector field ${key} is not a string`);
  return v;
}

export function num(rec: Record<string, unknown>, key: string): number {
  const v = rec[key];
  if (typeof v !== 'number') throw new Error(`vector field ${key} is not a number`);
  return v;
}

export function numArray(rec: Record<string, unknown>, key: string): number[] {
  return z.array(z.number()).parse(rec[key]);
}

export function has(rec: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(rec, key);
}
