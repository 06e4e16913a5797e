import { memos, visits } from '../../../server/db/schema';
import type { Db } from '../../../server/db/client';
import { buildCustomer, buildStore, buildUser } from '../../support/factories';

/** A small chain: two stores with their number prefixes, an admin, a customer with memos and visits. */
export async function seedChain(db: Db) {
  const nishifuna = await buildStore(db, { code: 'nishifuna', name: '西船橋店', prefixes: ['0501748'] });
  const kinshicho = await buildStore(db, { code: 'kinshicho', name: '錦糸町店', prefixes: ['0501749'] });
  const admin = await buildUser(db, { role: 'admin', name: '管理者 花田', email: 'admin@example.jp' });
  const hanako = await buildCustomer(db, { name: '山田 花子', nameKana: 'ヤマダ ハナコ', phones: ['090-1234-5678'], homeStore: nishifuna });
  const day = (iso: string) => new Date(iso);
  await db.insert(memos).values([
    { customerId: hanako.id, body: 'カラーは明るめが好み。前回は 7 トーン。', pinned: true, authorId: admin.id, createdAt: day('2026-10-01T03:00:00Z') },
    { customerId: hanako.id, body: '来週の予約を変更したいとのこと。', pinned: false, authorId: admin.id, createdAt: day('2026-11-20T05:00:00Z') },
  ]);
  await db.insert(visits).values([
    { customerId: hanako.id, storeId: nishifuna.id, visitedAt: day('2026-11-02T02:00:00Z'), menu: 'カット＋カラー', staffName: '佐藤', amountYen: 12000 },
    { customerId: hanako.id, storeId: kinshicho.id, visitedAt: day('2026-09-12T06:30:00Z'), menu: 'カット', staffName: '鈴木', amountYen: 5500 },
  ]);
  return { nishifuna, kinshicho, admin, hanako };
}
