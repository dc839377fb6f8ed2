/** Reads test/vectors/identity.json (a copy of the shared reference's vectors). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { vectorFileUrl } from '../../vectors/files';

const VectorSchema = z.object({
  id: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  expected: z.record(z.string(), z.unknown()),
});
export type Vector = z.infer<typeof VectorSchema>;

const IDENTITY_VECTORS = vectorFileUrl('identity.json');

export function identityVectors(): Vector[] {
  const file = z.object({ vectors: z.array(VectorSchema) });
  return file.parse(JSON.parse(readFileSync(IDENTITY_VECTORS, 'utf8'))).vectors;
}

export function identityVector(id: string): Vector {
  const v = identityVectors().find((x) => x.id === id);
  if (v === undefined) throw new Error(`vector ${id} not found`);
  return v;
}

export function str(rec: Record<string, unknown>, key: string): string {
  return z.string().parse(rec[key]);
}

export function num(rec: Record<string, unknown>, key: string): number {
  return z.number().parse(rec[key]);
}
