/**
 * New activity without a reload: a light poll while the page is shown and the tab is visible (the dev host has no
 * realtime socket, and a real site's socket.io needs the desk's own client; polling works on both). A poll never
 * overlaps the previous one.
 */
import { onBeforeUnmount, onMounted } from 'vue';

export const POLL_MS = 20_000;

export function usePoll(fn: () => Promise<unknown>, everyMs = POLL_MS): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running = false;
  const tick = async (): Promise<void> => {
    if (running || document.visibilityState !== 'visible') return;
    running = true;
    try {
      await fn();
    } catch {
      // The next tick tries again; a failed poll is not worth a toast.
    } finally {
      running = false;
    }
  };
  onMounted(() => (timer = setInterval(() => void tick(), everyMs)));
  onBeforeUnmount(() => clearInterval(timer));
}
