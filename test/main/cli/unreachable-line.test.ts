import { describe, expect, it } from 'vitest';
import { unreachableLine } from '../../../src/main/cli/core-session';
import { en } from '../../../src/shared/i18n/en';
import { fr } from '../../../src/shared/i18n/fr';

describe('the line a CLI command ends with when the network cannot be reached', () => {
  it("says why in the app's words, keeping the reason's code", () => {
    expect(unreachableLine(en, 'no-seed')).toBe(
      'The network is not reachable: The seed nodes cannot be reached. Check your internet connection. (no-seed)',
    );
    expect(unreachableLine(en, 'no-guard')).toBe(
      'The network is not reachable: No entry node answers. Check your internet connection or firewall. (no-guard)',
    );
  });

  it('falls back to the code for a reason without words', () => {
    expect(unreachableLine(en, 'something-new')).toBe(
      'The network is not reachable: Veil found no way to reach it. (something-new)',
    );
    // Without a reason, the sentence alone, in the user's language.
    expect(unreachableLine(en, null)).toBe('The network is not reachable: Veil found no way to reach it.');
    expect(unreachableLine(fr, null)).toBe(fr.cliErrors.unreachableNoReason);
    expect(unreachableLine(en, 'toString')).toBe(
      'The network is not reachable: Veil found no way to reach it. (toString)',
    );
  });
});
