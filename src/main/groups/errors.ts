/** Typed failures of groups; each is one line in the CLI (exit 2). */
export type GroupErrorCode =
  /** Not a `03…` group ID. */
  | 'bad-group-id'
  /** Not a `05…` Session ID among the members. */
  | 'bad-member'
  /** More than 100 members with the admin. */
  | 'too-many-members'
  /** Empty or over 100 bytes. */
  | 'bad-name'
  /** No such group (or invitation) on this profile. */
  | 'unknown-group'
  /** The action needs an invitation, membership or admin rights we do not have. */
  | 'not-allowed'
  /** Empty or too long. */
  | 'bad-message'
  /** The group's keys have not arrived yet. */
  | 'no-key'
  /** A description, timer or picture the group cannot take. */
  | 'bad-info'
  /** No network is configured. */
  | 'offline'
  /** A change written down but not finished (the network failed): it is retried. */
  | 'pending';

export class GroupError extends Error {
  constructor(
    readonly code: GroupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GroupError';
  }
}
