/** Who is using the app, and signing in and out with the host's users. */
import { ref } from 'vue';
import { method, readBoot, request } from './api.ts';
import { setSiteZone, warmZones } from '../site-time.ts';
import { accessFor, type Access } from '../access.ts';
import { applyHostLanguage, companyCurrency } from '../i18n/index.ts';

export const currentUser = ref<string | null>(null);
export const currentName = ref<string>('');
/** What the signed-in user may open (desk, administration, accounts, portal) and where they land. */
export const currentAccess = ref<Access>(accessFor([]));

/**
 * The host's `postventa.session.boot` says who the session is (Guest when signed out), their name, the site's time
 * zone and the session's CSRF token; it is asked at boot and after signing in.
 */
export async function whoami(): Promise<string | null> {
  const pending = readBoot().catch(() => null);
  warmZones();
  const boot = await pending;
  currentUser.value = boot && boot.user && boot.user !== 'Guest' ? boot.user : null;
  currentName.value = currentUser.value ? boot?.full_name || currentUser.value : '';
  currentAccess.value = accessFor(currentUser.value ? (boot?.roles ?? []) : []);
  if (boot?.time_zone) setSiteZone(boot.time_zone);
  if (boot && currentUser.value) {
    applyHostLanguage(boot.lang || 'es', boot.company?.country);
    if (boot.company?.currency) companyCurrency.value = boot.company.currency;
  }
  return currentUser.value;
}

export async function login(usr: string, pwd: string): Promise<void> {
  await request('POST', method('login'), { body: { usr, pwd }, quiet: true });
  await whoami();
}

export async function logout(): Promise<void> {
  await request('POST', method('logout'), { quiet: true }).catch(() => undefined);
  currentUser.value = null;
  currentName.value = '';
  currentAccess.value = accessFor([]);
}
