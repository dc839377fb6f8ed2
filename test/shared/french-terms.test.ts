import { describe, expect, it } from 'vitest';
import { catalogs, type CatalogTree } from '../../src/shared/i18n';

function leaves(tree: CatalogTree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : leaves(v, `${prefix}${k}.`),
  );
}

describe('French terms', () => {
  // The Account ID is "ID de compte" on every screen (onboarding, settings, contacts): a
  // community's hint that called it "identifiant de compte" read as a second, different number.
  it('names the Account ID “ID de compte” everywhere, never “identifiant de compte”', () => {
    const fr = leaves(catalogs.fr);
    const other = fr.filter(([, v]) => /identifiants? de compte/i.test(v)).map(([k]) => k);
    expect(other).toEqual([]);
    expect(fr.filter(([, v]) => v.includes('ID de compte')).length).toBeGreaterThan(10);
  });
});
