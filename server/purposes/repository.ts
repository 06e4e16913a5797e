import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { callPurposes } from '../db/schema';

export type PurposeRow = typeof callPurposes.$inferSelect;

/** The chain's list of call purposes: all SQL of server/purposes. */
export const purposesRepository = {
  /** Every purpose in the list's order, archived ones included (old calls and the reports still name them). */
  async list(db: Executor): Promise<PurposeRow[]> {
    return db.select().from(callPurposes).orderBy(asc(callPurposes.position), asc(callPurposes.createdAt), asc(callPurposes.id));
  },

  async findById(db: Executor, id: string): Promise<PurposeRow | undefined> {
    const [row] = await db.select().from(callPurposes).where(eq(callPurposes.id, id));
    return row;
  },

  /** Whether the purpose exists and is offered (not archived): only those can be set on a call. */
  async isActive(db: Executor, id: string): Promise<boolean> {
    const [row] = await db
      .select({ id: callPurposes.id })
      .from(callPurposes)
      .where(and(eq(callPurposes.id, id), isNull(callPurposes.archivedAt)));
    return row !== undefined;
  },

  /** A new purpose, last in the list unless a position is given. */
  async create(db: Executor, values: { label: string; position?: number | undefined }): Promise<PurposeRow> {
    const [row] = await db
      .insert(callPurposes)
      .values({
        label: values.label,
        position: values.position ?? sql`(SELECT coalesce(max(${callPurposes.position}) + 1, 0) FROM ${callPurposes})`,
      })
      .returning();
    return row!;
  },

  async update(db: Executor, id: string, values: { label?: string | undefined; position?: number | undefined; archived?: boolean | undefined }): Promise<PurposeRow | undefined> {
    const [row] = await db
      .update(callPurposes)
      .set({
        ...(values.label !== undefined ? { label: values.label } : {}),
        ...(values.position !== undefined ? { position: values.position } : {}),
        // Archiving twice keeps the first date.
        ...(values.archived === true ? { archivedAt: sql`coalesce(${callPurposes.archivedAt}, now())` } : {}),
        ...(values.archived === false ? { archivedAt: null } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(callPurposes.id, id))
      .returning();
    return row;
  },
};
