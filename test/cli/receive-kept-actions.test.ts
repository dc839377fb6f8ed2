/**
 * A reaction taken in by another command is still printed by the next `receive`: `groups` reads
 * the whole own swarm, and the core announces a reaction once, as it applies it. Before, the
 * reaction was applied during `groups`, nobody printed it, and `receive` never saw it again.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ok, useCliPair } from './helpers';

const Line = z.record(z.string(), z.unknown());

describe('receive after groups', () => {
  const cli = useCliPair('veil-cli-kept-actions-');

  it('prints the reaction `groups` took in, once', async () => {
    const { ann, ben, annId } = cli.pair();
    const receive = async (who: string): Promise<Record<string, unknown>[]> =>
      ok(await cli.as(who, 'receive', '--json', '--wait', '3')).map((l) => Line.parse(JSON.parse(l)));

    const sent = Line.parse(
      JSON.parse(ok(await cli.as(ben, 'send', annId, 'On se voit demain ?', '--json'))[0]!),
    );
    let annCopy: string | undefined;
    for (let i = 0; i < 8 && annCopy === undefined; i++)
      annCopy = (await receive(ann)).find((l) => l.body === 'On se voit demain ?')?.id as string | undefined;
    expect(annCopy).toBeDefined();

    ok(await cli.as(ann, 'react', annCopy!, '👍'));
    // Ben's `groups` reads his whole swarm: the reaction is applied there, and printed by nobody.
    ok(await cli.as(ben, 'groups', '--json'));
    const history = z
      .array(
        z.object({
          id: z.string(),
          reactions: z.array(z.object({ emoji: z.string(), from: z.array(z.string()) })).optional(),
        }),
      )
      .parse(JSON.parse(ok(await cli.as(ben, 'history', annId, '--json'))[0]!));
    // Taken in by `groups` (not left for receive's own poll), or this test would prove nothing.
    expect(history.find((m) => m.id === sent.id)?.reactions).toEqual([{ emoji: '👍', from: [annId] }]);

    const reaction = { kind: 'reaction', messageId: sent.id, emoji: '👍', from: annId, removed: false };
    expect((await receive(ben)).filter((l) => l.kind === 'reaction')).toEqual([reaction]);
    // Printed once: the next receive has nothing more to say about it.
    expect((await receive(ben)).filter((l) => l.kind === 'reaction')).toEqual([]);
  }, 300_000);
});
