/**
 * Reads ../shared/protocol/vectors/identity.json at run time (never copied): from
 * test/swarm/messages/ the project root is ../../../, its sibling `shared/` is ../../../../shared.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const VectorSchema = z.object({
  id: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  expected: z.record(z.string(), z.unknown()),
});
export type Vector = z.infer<typeof VectorSchema>;

const IDENTITY_VECTORS = new URL('../../../../shared/protocol/vectors/identity.json', import.meta.url);

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
