import { formatPhone } from '../../../lib/format';
import type { Translate } from '../../../lib/i18n/i18n';
import type { AlertKind, CallSeed } from './cards';
import { ctiSettings } from './settings';
import { ring } from './sound';

/** The address of the full-size card (the guide's address). */
export const ctiWindowUrl = (callId: string): string => `/admin/customer-management/cti?callId=${encodeURIComponent(callId)}`;

/** One named window, reused for every call, so calls do not pile up windows. */
export const CTI_WINDOW_NAME = 'cti-call-window';

/** Opens (or reuses) the call window; null when the browser blocked it. */
export function openCallWindow(callId: string): Window | null {
  const opened = window.open(ctiWindowUrl(callId), CTI_WINDOW_NAME, 'popup=yes,width=600,height=900');
  opened?.focus();
  return opened;
}

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/** Everything this tab does for a call it won: ring, notify when hidden, open the window. */
export function fireAlerts(callId: string, seed: CallSeed, t: Translate): { alerts: AlertKind[]; popupBlocked: boolean } {
  const settings = ctiSettings.get();
  const alerts: AlertKind[] = [];
  let popupBlocked = false;
  if (settings.sound && ring()) alerts.push('sound');
  if (document.hidden && notificationsSupported() && Notification.permission === 'granted') {
    const who = seed.customer?.name ?? (formatPhone(seed.customerPhoneE164 ?? seed.customerPhone) || t('call.noNumber'));
    const notification = new Notification(t('call.incomingNotification', { name: who }), {
      body: t('call.incomingNotificationBody', {
        store: seed.store?.name ?? t('call.noStore'),
        phone: formatPhone(seed.customerPhoneE164 ?? seed.customerPhone),
      }),
      // Same tag everywhere: the system shows one notification per call.
      tag: `cti-${callId}`,
    });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
    alerts.push('notification');
  }
  if (settings.autoOpenWindow) {
    if (openCallWindow(callId)) alerts.push('window');
    else popupBlocked = true;
  }
  return { alerts, popupBlocked };
}
