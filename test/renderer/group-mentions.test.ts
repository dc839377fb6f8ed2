import { describe, expect, it } from 'vitest';
import { matching, mentionAt, toWire } from '../../src/renderer/messaging/group/mentions';
import { groupNameOf, showMentions } from '../../src/renderer/messaging/group/names';

const ANN = `05${'a'.repeat(64)}`;
const ANNA = `05${'b'.repeat(64)}`;
const ME = `05${'c'.repeat(64)}`;

describe('@mentions in a group', () => {
  it('opens only after a space or at the start, and closes at a space', () => {
    expect(mentionAt('@an', 3)).toEqual({ start: 0, query: 'an' });
    expect(mentionAt('hi @', 4)).toEqual({ start: 3, query: '' });
    expect(mentionAt('mail@an', 7)).toBeNull();
    expect(mentionAt('@ann done', 9)).toBeNull();
  });

  it('matches names and IDs, and sends the 05 form (longest names first)', () => {
    const members = [
      { sessionId: ANN, name: 'Ann' },
      { sessionId: ANNA, name: 'Anna' },
    ];
    expect(matching(members, 'an').map((m) => m.name)).toEqual(['Ann', 'Anna']);
    expect(matching(members, '05bb').map((m) => m.name)).toEqual(['Anna']);
    const picked = new Map([
      ['Ann', ANN],
      ['Anna', ANNA],
    ]);
    expect(toWire('@Anna and @Ann, hi', picked)).toBe(`@${ANNA} and @${ANN}, hi`);
  });

  it('shows a mention by the name the window knows, ours as You', () => {
    const nameOf = groupNameOf([], undefined, ME, 'You');
    expect(showMentions(`hey @${ME} and @${ANN}`, nameOf)).toBe('hey @You and @05aaaa…aaaa');
  });
});
