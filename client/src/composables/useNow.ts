import { onBeforeUnmount, ref, type Ref } from 'vue';

/** The current time, ticking every `ms` while the component lives (for countdowns). */
export function useNow(ms = 30_000): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), ms);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
