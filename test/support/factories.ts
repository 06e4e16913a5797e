import { randomBytes } from 'node:crypto';
import { toE164 } from '../../common/phone';
import { hashPassword } from '../../server/auth/password';
import type { Db } from '../../server/db/client';
import { customerPhones, customers, storePrefixes, stores, users } from '../../server/db/schema';

const unique = () => randomBytes(4).toString('hex');

export interface StoreFixture {
  id: string;
  code: string;
  name: string;
}

export async function buildStore(
  db: Db,
  values: { code?: string; name?: string; prefixes?: string[]; dialpadOfficeId?: string; outboundCallerId?: string } = {},
): Promise<StoreFixture> {
  const code = values.code ?? `store-${unique()}`;
  const [row] = await db
    .insert(stores)
    .values({ code, name: values.name ?? `店舗 ${code}`, dialpadOfficeId: values.dialpadOfficeId, outboundCallerId: values.outboundCallerId })
    .returning();
  if (values.prefixes?.length) {
    await db.insert(storePrefixes).values(values.prefixes.map((prefix) => ({ prefix, storeId: row!.id })));
  }
  return { id: row!.id, code: row!.code, name: row!.name };
}

export interface UserFixture {
  id: string;
  email: string;
  password: string;
  role: 'admin' | 'staff';
  storeCode: string | null;
}

/** A user; a staff user without a store gets a new one. */
export async function buildUser(
  db: Db,
  values: { role?: 'admin' | 'staff'; store?: StoreFixture; email?: string; name?: string; dialpadUserId?: string; disabled?: boolean } = {},
): Promise<UserFixture> {
  const role = values.role ?? 'staff';
  const store = role === 'staff' ? (values.store ?? (await buildStore(db))) : values.store;
  const password = `pw-${unique()}-secret`;
  const email = values.email ?? `${role}-${unique()}@example.jp`;
  const [row] = await db
    .insert(users)
    .values({
      email,
      name: values.name ?? `${role === 'admin' ? '管理者' : 'スタッフ'} ${unique()}`,
      role,
      storeId: store?.id ?? null,
      passwordHash: await hashPassword(password),
      dialpadUserId: values.dialpadUserId,
      disabledAt: values.disabled ? new Date() : null,
    })
    .returning();
  return { id: row!.id, email, password, role, storeCode: store?.code ?? null };
}

export interface CustomerFixture {
  id: string;
  name: string;
  nameKana: string;
  phones: string[];
}

export async function buildCustomer(
  db: Db,
  values: { name?: string; nameKana?: string; phones?: string[]; homeStore?: StoreFixture } = {},
): Promise<CustomerFixture> {
  const [row] = await db
    .insert(customers)
    .values({
      name: values.name ?? '山田 花子',
      nameKana: values.nameKana ?? 'ヤマダ ハナコ',
      homeStoreId: values.homeStore?.id,
    })
    .returning();
  const phones = (values.phones ?? []).map((p) => {
    const e164 = toE164(p);
    if (!e164) throw new Error(`bad phone in fixture: ${p}`);
    return e164;
  });
  if (phones.length) {
    await db.insert(customerPhones).values(phones.map((e164, position) => ({ customerId: row!.id, e164, position })));
  }
  return { id: row!.id, name: row!.name, nameKana: row!.nameKana, phones };
}
