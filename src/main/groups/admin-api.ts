/**
 * What an admin can do to a private group from its window or the CLI (issue #18 item 5). Each
 * operation updates the group's configs in its swarm (Keys/Info/Members, signed by the group
 * key), sends the matching signed GroupUpdate* control message to namespace 11, and stores a
 * `GroupNotice` in the group's timeline. A caller who is not an admin, an unknown group, a
 * malformed ID or a 101st member gets a `GroupError`.
 */
export interface GroupAdminApi {
  /** Invites new members; `shareHistory` also gives them the current key (older messages). */
  addMembers(groupId: string, members: readonly string[], opts: { shareHistory: boolean }): Promise<void>;
  /** Removes members with a new key generation, so they cannot read what follows. */
  removeMembers(
    groupId: string,
    members: readonly string[],
    opts: { deleteMessages: boolean },
  ): Promise<void>;
  promote(groupId: string, members: readonly string[]): Promise<void>;
  /** Sends the invitation again to a member whose invitation failed or was never answered. */
  resendInvite(groupId: string, member: string): Promise<void>;
  rename(groupId: string, name: string): Promise<void>;
  setDescription(groupId: string, description: string): Promise<void>;
  /** A picture's bytes (uploaded encrypted to the file server), or null to remove it. */
  setPicture(groupId: string, picture: Uint8Array | null): Promise<void>;
  /** The after-send timer in seconds (Info `E`); 0 turns it off. */
  setDisappearing(groupId: string, seconds: number): Promise<void>;
  /** Deletes the group for everyone (Info marked destroyed). */
  destroy(groupId: string): Promise<void>;
}
