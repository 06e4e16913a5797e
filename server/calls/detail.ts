import type { CallDetail, CustomerSummary } from '../../common/calls';
import { callViewer } from '../auth/policy';
import type { SessionUser } from '../auth/session';
import { customersRepository } from '../customers/repository';
import type { Executor } from '../db/client';
import { presentMemo } from '../memos/presenter';
import { memosRepository } from '../memos/repository';
import { presentVisit, presentVisitSummary } from '../visits/presenter';
import { visitsRepository } from '../visits/repository';
import { presentCall } from './presenter';
import { type CallWithStore, callsRepository } from './repository';

const MEMOS_ON_CARD = 20;
const VISITS_ON_CARD = 5;
const CALLS_ON_CARD = 10;

/** Everything the popup shows for one call, read in parallel; the customer's other calls are those `user` may see. */
export async function loadCallDetail(db: Executor, call: CallWithStore, user: SessionUser): Promise<CallDetail> {
  const customerId = call.customerId;
  const [customer, candidates, memos, visits, visitSummary, recentCalls] = await Promise.all([
    customerId ? customersRepository.getCard(db, customerId) : Promise.resolve(undefined),
    !customerId && call.externalNumber?.startsWith('+')
      ? customersRepository.findSummariesByPhone(db, call.externalNumber)
      : Promise.resolve<CustomerSummary[]>([]),
    // An unknown caller's card shows the memos written on the call itself (they move to the customer on link).
    customerId ? memosRepository.listForCustomer(db, customerId, MEMOS_ON_CARD) : memosRepository.listForCall(db, call.id, MEMOS_ON_CARD),
    customerId ? visitsRepository.recentForCustomer(db, customerId, VISITS_ON_CARD) : Promise.resolve([]),
    customerId ? visitsRepository.summaryForCustomer(db, customerId) : Promise.resolve(null),
    customerId ? callsRepository.list(db, { customerId, visibleTo: callViewer(user), limit: CALLS_ON_CARD + 1 }) : Promise.resolve([]),
  ]);
  return {
    call: presentCall(call),
    customer: customer ?? null,
    candidates: candidates.length > 1 ? candidates : [],
    memos: memos.map((m) => presentMemo(m, user)),
    visits: visits.map(presentVisit),
    visitSummary: visitSummary && presentVisitSummary(visitSummary),
    recentCalls: recentCalls.filter((c) => c.id !== call.id).slice(0, CALLS_ON_CARD).map(presentCall),
  };
}
