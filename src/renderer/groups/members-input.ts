/**
 * The members of a new group as the form holds them: contacts ticked in the list, and Account
 * IDs pasted or typed (one per line, or separated by spaces or commas). Each problem is told
 * once, with its line; the syntax of each ID is checked by main (`sessionId.check`), duplicates
 * and our own ID here.
 */
import { GROUP_MEMBERS_MAX } from '../../shared/ipc/groups';

export interface PastedId {
  /** 1-based line of the text area where the ID is. */
  readonly line: number;
  readonly text: string;
}

/** The non-empty pieces of what was pasted, with their line numbers. */
export function splitPasted(text: string): PastedId[] {
  const out: PastedId[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    for (const piece of lineText.split(/[\s,;]+/)) if (piece !== '') out.push({ line: i + 1, text: piece });
  });
  return out;
}

export type PastedProblem =
  | {
      readonly kind: 'invalid';
      readonly line: number;
      readonly reason: string;
      readonly params: Readonly<Record<string, string | number>>;
    }
  | { readonly kind: 'duplicate'; readonly line: number }
  | { readonly kind: 'self'; readonly line: number };

export interface PastedCheck {
  /** The Session ID main read in the piece, or null with its problem. */
  readonly sessionId: string | null;
  readonly problem: {
    readonly reason: string;
    readonly params: Readonly<Record<string, string | number>>;
  } | null;
}

/**
 * The members the form would invite (contacts first, then pasted IDs in order, each once) and
 * one problem per bad piece. `checks` holds main's answer for each piece's text.
 */
export function collectMembers(
  selected: readonly string[],
  pasted: readonly PastedId[],
  checks: ReadonlyMap<string, PastedCheck>,
  ownId: string | undefined,
): { members: string[]; problems: PastedProblem[]; pending: boolean } {
  const members = [...new Set(selected)];
  const seen = new Set(members);
  const problems: PastedProblem[] = [];
  let pending = false;
  for (const p of pasted) {
    const check = checks.get(p.text);
    if (!check) {
      pending = true;
      continue;
    }
    if (check.sessionId === null) {
      problems.push({
        kind: 'invalid',
        line: p.line,
        reason: check.problem?.reason ?? 'sessionId.invalid',
        params: check.problem?.params ?? {},
      });
    } else if (check.sessionId === ownId) problems.push({ kind: 'self', line: p.line });
    else if (seen.has(check.sessionId)) problems.push({ kind: 'duplicate', line: p.line });
    else {
      seen.add(check.sessionId);
      members.push(check.sessionId);
    }
  }
  return { members, problems, pending };
}

/** Whether `existing` members (us included) and `added` more go over a group's 100. */
export function overLimit(existing: number, added: number): boolean {
  return existing + added > GROUP_MEMBERS_MAX;
}

/** A group name as the form checks it (main checks the bytes too). */
export function nameProblem(name: string): 'missing' | 'too-long' | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'missing';
  if (Array.from(trimmed).length > 100) return 'too-long';
  return undefined;
}
