import { afterEach, describe, expect, it, vi } from 'vitest';
import { AvatarStore } from '../../../src/main/files/avatar-store';
import { freshDb, removeTempDirs } from '../db/helpers';

afterEach(removeTempDirs);

const pointer = (url: string) => ({ url, key: `${'A'.repeat(43)}=`, file: null });

describe('our avatar pointer', () => {
  it('is read once per database, and every store over it sees each change at once', () => {
    const { db } = freshDb();
    const get = vi.spyOn(db.kv, 'get');
    const sending = new AvatarStore(db.kv);
    const setting = new AvatarStore(db.kv); // another part of the service, same database
    expect(sending.own()).toBeUndefined();
    expect(sending.own()).toBeUndefined();
    expect(get).toHaveBeenCalledTimes(1); // per message (two stores each) it cost a read + parse

    setting.setOwn(pointer('https://fs/file/1'));
    expect(sending.own()?.url).toBe('https://fs/file/1');
    expect(sending.own()?.url).toBe('https://fs/file/1');
    expect(get).toHaveBeenCalledTimes(2);

    setting.setOwn(undefined);
    expect(sending.own()).toBeUndefined();

    // A write rolled back leaves nothing behind, even when read before the rollback.
    expect(() =>
      db.transaction(() => {
        setting.setOwn(pointer('https://fs/file/2'));
        expect(sending.own()?.url).toBe('https://fs/file/2');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(sending.own()).toBeUndefined();

    db.close();
  });
});
