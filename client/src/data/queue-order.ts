/**
 * The order of the queue the agent last saw, kept for this browser tab: the case page offers the previous and next
 * case from it (j / k), as a mail client does.
 */
const KEY = 'pv-queue-order';

export function rememberOrder(names: readonly string[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(names.slice(0, 500)));
  } catch {
    // Private mode or a full storage: no previous/next, nothing else lost.
  }
}

export function neighbours(name: string): { prev: string | null; next: string | null; index: number; total: number } {
  let names: unknown;
  try {
    names = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
  } catch {
    names = [];
  }
  const list = Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  const i = list.indexOf(name);
  if (i < 0) return { prev: null, next: null, index: -1, total: list.length };
  return { prev: list[i - 1] ?? null, next: list[i + 1] ?? null, index: i, total: list.length };
}
