const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs and call records: anything that is not a uuid is simply not found (never a cast error). */
export const isUuid = (id: string): boolean => UUID.test(id);
