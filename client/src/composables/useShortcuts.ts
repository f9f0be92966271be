/**
 * Single-key shortcuts for a page (as Helpdesk and Gmail have them): active while the page is shown, ignored while
 * the user types in a field or holds Ctrl/Alt/⌘. `?` opens the page's list of shortcuts.
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export interface Shortcut {
  key: string;
  /** What the key does, already in the reader's language. */
  label: () => string;
  run: () => void;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function useShortcuts(shortcuts: () => Shortcut[]): { help: Ref<boolean> } {
  const help = ref(false);
  function onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === 'Escape' && help.value) {
      help.value = false;
      return;
    }
    if (e.key === '?') {
      help.value = !help.value;
      e.preventDefault();
      return;
    }
    const hit = shortcuts().find((s) => s.key === e.key);
    if (!hit) return;
    e.preventDefault();
    hit.run();
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
  return { help };
}
