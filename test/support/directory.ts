import type { CallStore } from '../../server/stores/repository';
import { createDirectory } from '../../server/calls/directory';
import type { Executor } from '../../server/db/client';

/** The store a call to this number (or from these Dialpad offices) would be filed under, as the database holds stores now. */
export async function storeForCall(db: Executor, dialledNational: string | null, officeIds: string[] = []): Promise<CallStore | null> {
  const directory = createDirectory();
  await directory.ensure(db);
  return directory.storeFor(dialledNational, officeIds);
}
