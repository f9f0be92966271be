/** Who is using the app, and signing in and out with the host's users. */
import { ref } from 'vue';
import { method, request } from './api.ts';

export const currentUser = ref<string | null>(null);
export const currentName = ref<string>('');

/** The host's Web Page boots with the session user (no request); otherwise, or after signing in, the host says. */
let bootUsed = false;
export async function whoami(): Promise<string | null> {
  const boot = window.postventa_user;
  if (!bootUsed && boot && boot !== 'Guest' && !boot.includes('{{')) {
    bootUsed = true;
    currentUser.value = boot;
  } else {
    currentUser.value = await request<string>('GET', method('frappe.auth.get_logged_user'), { quiet: true }).catch(
      () => null,
    );
  }
  currentName.value = currentUser.value ?? '';
  return currentUser.value;
}

export async function login(usr: string, pwd: string): Promise<void> {
  await request('POST', method('login'), { body: { usr, pwd }, quiet: true });
  await whoami();
}

export async function logout(): Promise<void> {
  await request('POST', method('logout'), { quiet: true }).catch(() => undefined);
  bootUsed = true;
  currentUser.value = null;
}
