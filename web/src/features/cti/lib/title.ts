import type { CustomerSummary } from '../../../../../common/calls';
import type { Translate } from '../../../lib/i18n/i18n';

/** Names shown in a shared number's title; more would not fit on a card. */
const NAMED_CANDIDATES = 3;

/**
 * Who the card says is calling: the customer, or for a shared number a choice between its
 * holders (「山田 花子 / 山田 太郎 のどちらか」); null when the number is nobody's on file.
 */
export function callerTitle(customer: CustomerSummary | null, candidates: readonly CustomerSummary[], t: Translate): string | null {
  if (customer) return customer.name;
  if (candidates.length < 2) return null;
  const names = candidates.slice(0, NAMED_CANDIDATES).map((c) => c.name);
  const more = candidates.length > NAMED_CANDIDATES ? ` …(+${candidates.length - NAMED_CANDIDATES})` : '';
  return t('call.sharedTitle', { names: `${names.join(' / ')}${more}` });
}
