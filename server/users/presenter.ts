import type { User } from '../../common/users';
import type { UserRow } from './repository';

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    storeCode: row.storeCode,
    dialpadUserId: row.dialpadUserId,
    disabled: row.disabledAt !== null,
  };
}
