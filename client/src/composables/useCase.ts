/**
 * One case on screen, shared by the case page's panels: the case, its timeline and attachments, the confirmation
 * link, the notes being edited, and the one way to act on it (one action at a time, then a refresh; errors toasted).
 * The page provides it; each panel injects it with `useCase()`.
 */
import { computed, inject, provide, reactive, ref, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { isFinishedStatus, isLockedStatus } from '@domain/case/status.ts';
import { ApiError, toast } from '@/data/api.ts';
import { attach, attachments, confirmationToken, confirmLink, getCase, type Attachment } from '@/data/cases.ts';
import { currentUser } from '@/data/session.ts';
import { timeline, type TimelineItem } from '@/data/timeline.ts';
import { t } from '@/i18n/index.ts';
import { htmlToText } from '@/safe-html.ts';

export interface CaseContext {
  doc: Ref<SupportCase | null>;
  items: Ref<TimelineItem[]>;
  attached: Ref<Attachment[]>;
  /** The customer's confirmation link of a resolved case not yet confirmed ('' otherwise). */
  link: Ref<string>;
  state: Ref<'loading' | 'ready' | 'error'>;
  busy: Ref<boolean>;
  /** Diagnosis and solution as text, as the agent is typing them (resolve sends them too, as HTML). */
  edits: { diagnosis: string; solution: string };
  me: ComputedRef<string>;
  isOpen: ComputedRef<boolean>;
  /** Closed or Cancelled: the record is final, the panels show it read-only. */
  locked: ComputedRef<boolean>;
  refresh(): Promise<void>;
  /**
   * Reads the case and its timeline again without disturbing the agent: what they are typing stays. True when
   * something changed (someone else acted, the customer wrote).
   */
  poll(): Promise<boolean>;
  /**
   * Attaches files to the case one by one (each after any running action: a chosen file is never dropped), with
   * `each` told about every stored file.
   */
  attachFiles(files: File[], each?: (a: Attachment) => void): Promise<void>;
  /**
   * Runs one action on the case, then refreshes it. Actions run one after another: a click while another action
   * runs waits its turn (a reply sent while the notes save is not lost); the same action clicked twice while it is
   * still pending runs once.
   */
  act(fn: (c: SupportCase) => Promise<unknown>, ok?: string): Promise<void>;
}

const CASE_KEY: InjectionKey<CaseContext> = Symbol('postventa-case');

/** Creates the case's state for `name` and provides it to the panels below. */
export function provideCase(name: () => string): CaseContext {
  const doc = ref<SupportCase | null>(null);
  const items = ref<TimelineItem[]>([]);
  const attached = ref<Attachment[]>([]);
  const link = ref('');
  const state = ref<'loading' | 'ready' | 'error'>('loading');
  const busy = ref(false);
  const edits = reactive({ diagnosis: '', solution: '' });
  async function refresh(): Promise<void> {
    try {
      const [d, tl, files] = await Promise.all([getCase(name()), timeline(name()), attachments(name())]);
      // The confirmation secret is kept encrypted by the host; staff read it through its API (data/cases.ts).
      const confirm =
        d.status === 'Resolved' && !d.customer_confirmed_on
          ? await confirmationToken(d.name).then(
              (token) => (token ? confirmLink(d.name, token) : ''),
              () => '',
            )
          : '';
      // Everything is shown at once, when nothing is left to read: a button never shows before it can act.
      doc.value = d;
      items.value = tl;
      attached.value = files;
      link.value = confirm;
      // Text Editor fields hold HTML; the agent edits their text (saved back as HTML by the panels).
      edits.diagnosis = htmlToText(d.diagnosis);
      edits.solution = htmlToText(d.solution);
      state.value = 'ready';
    } catch {
      state.value = 'error';
    }
  }
  async function poll(): Promise<boolean> {
    const before = doc.value;
    if (!before || busy.value) return false;
    const [d, tl] = await Promise.all([getCase(name(), true), timeline(name())]);
    if (d.modified === before.modified && tl.length === items.value.length) return false;
    // The agent's unsaved diagnosis and solution are theirs; only untouched texts follow the host.
    const typed = {
      diagnosis: edits.diagnosis !== htmlToText(before.diagnosis),
      solution: edits.solution !== htmlToText(before.solution),
    };
    doc.value = d;
    items.value = tl;
    if (!typed.diagnosis) edits.diagnosis = htmlToText(d.diagnosis);
    if (!typed.solution) edits.solution = htmlToText(d.solution);
    return true;
  }
  let queue: Promise<void> = Promise.resolve();
  const pending = new Set<string>();
  async function run(fn: (c: SupportCase) => Promise<unknown>, ok?: string): Promise<void> {
    if (!doc.value) return;
    try {
      await fn(doc.value);
      if (ok) toast(ok);
      await refresh();
    } catch (e) {
      if (!(e instanceof ApiError)) toast(t('errors.generic'), 'error');
    }
  }
  function act(fn: (c: SupportCase) => Promise<unknown>, ok?: string): Promise<void> {
    const key = `${ok ?? ''}\u0000${fn.toString()}`;
    if (!doc.value || pending.has(key)) return queue;
    pending.add(key);
    busy.value = true;
    queue = queue
      .then(() => run(fn, ok))
      .finally(() => {
        pending.delete(key);
        busy.value = pending.size > 0;
      });
    return queue;
  }
  async function attachFiles(files: File[], each?: (a: Attachment) => void): Promise<void> {
    for (const f of files) {
      await act(
        async (c) => {
          const stored = await attach(c.name, f);
          each?.(stored);
        },
        t('case.attached', { f: f.name }),
      );
    }
  }
  const ctx: CaseContext = {
    doc,
    items,
    attached,
    link,
    state,
    busy,
    edits,
    me: computed(() => currentUser.value ?? ''),
    isOpen: computed(() => !!doc.value && !isFinishedStatus(doc.value.status)),
    locked: computed(() => isLockedStatus(doc.value?.status)),
    refresh,
    poll,
    attachFiles,
    act,
  };
  provide(CASE_KEY, ctx);
  return ctx;
}

/** The case the page provided; a panel outside a case page is a programming error. */
export function useCase(): CaseContext & { doc: Ref<SupportCase> } {
  const ctx = inject(CASE_KEY);
  if (!ctx) throw new Error('useCase() outside a case page');
  return ctx as CaseContext & { doc: Ref<SupportCase> };
}
