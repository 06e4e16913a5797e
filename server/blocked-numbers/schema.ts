import { z } from 'zod';

/** `:number` as the web sends it: E.164 (`+819012345678`, URL-encoded) or the national form. */
export const blockedNumberParams = z.strictObject({ number: z.string().trim().min(1).max(40) });
