/**
 * Derivation to Development coming back (seed 002 §2): when the ERPNext Task linked to an escalated case is
 * completed (or cancelled), the case returns to its agent "In Progress" with the developers' notes (the Task's last
 * comment, else its description), and the timeline gets a "Development Done" event. Task status changes in
 * between are mirrored on the case. Driven by the `task` webhook and by every sweep, so a lost delivery costs at
 * most one interval. Three list requests per run, whatever the number of escalated cases.
 */
import { z } from 'zod';
import type { HostClient } from '../../host-client/client.ts';
import { HostError } from '../../host-client/errors.ts';
import { AnyDoc } from '../../host-client/client.ts';
import { SupportCaseSchema } from '../../generated/doctypes/index.ts';

const CaseSchema = SupportCaseSchema.pick({ name: true, dev_task: true, dev_task_status: true, assigned_to: true });
const TaskSchema = z.object({ name: z.string(), status: z.string().nullable(), description: z.string().nullable() });
const CommentSchema = z.object({ reference_name: z.string(), content: z.string().nullable() });

const DONE = new Set(['Completed', 'Cancelled']);

const plain = (html: string | null): string =>
  (html ?? '')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

export interface DevTaskResult {
  mirrored: number;
  returned: string[];
}

/** `onlyTask` narrows the run to the cases linked to one Task (the webhook); without it every escalated case. */
export async function syncDevTasks(client: HostClient, nowText: string, onlyTask?: string): Promise<DevTaskResult> {
  const cases = await client.list(
    'Support Case',
    {
      fields: ['name', 'dev_task', 'dev_task_status', 'assigned_to'],
      filters: [
        ['status', '=', 'Escalated to Development'],
        onlyTask ? ['dev_task', '=', onlyTask] : ['dev_task', 'is', 'set'],
      ],
      orderBy: 'name asc',
      pageSize: 0,
    },
    CaseSchema,
  );
  const taskNames = [...new Set(cases.map((c) => c.dev_task).filter((t): t is string => !!t))];
  if (!taskNames.length) return { mirrored: 0, returned: [] };
  const tasks = new Map(
    (
      await client.list(
        'Task',
        {
          fields: ['name', 'status', 'description'],
          filters: [['name', 'in', taskNames]],
          orderBy: 'name asc',
          pageSize: 0,
        },
        TaskSchema,
      )
    ).map((t) => [t.name, t]),
  );
  const lastComment = await lastComments(
    client,
    taskNames.filter((n) => DONE.has(tasks.get(n)?.status ?? '')),
  );
  const result: DevTaskResult = { mirrored: 0, returned: [] };
  for (const c of cases) {
    const task = c.dev_task ? tasks.get(c.dev_task) : undefined;
    if (!task) continue;
    if (DONE.has(task.status ?? '')) {
      const notes = (lastComment.get(task.name) || plain(task.description)).slice(0, 2000);
      await returnCase(client, c.name, task, notes, nowText);
      result.returned.push(c.name);
    } else if (task.status !== c.dev_task_status) {
      await client.update('Support Case', c.name, { dev_task_status: task.status }, AnyDoc);
      result.mirrored += 1;
    }
  }
  return result;
}

/** The last comment on each finished task, as plain text: what development says it did. */
async function lastComments(client: HostClient, finished: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!finished.length) return out;
  const comments = await client.list(
    'Comment',
    {
      fields: ['reference_name', 'content'],
      filters: [
        ['reference_doctype', '=', 'Task'],
        ['reference_name', 'in', finished],
        ['comment_type', '=', 'Comment'],
      ],
      orderBy: 'creation asc',
      pageSize: 0,
    },
    CommentSchema,
  );
  for (const c of comments) out.set(c.reference_name, plain(c.content));
  return out;
}

/** A finished task sends its case back to support: a "Development Done" event once, then the case In Progress. */
async function returnCase(
  client: HostClient,
  caseName: string,
  task: { name: string; status?: string | null },
  notes: string,
  nowText: string,
): Promise<void> {
  await client
    .insert(
      'Support Case Event',
      {
        support_case: caseName,
        event_type: 'Development Done',
        at: nowText,
        from_value: 'Escalated to Development',
        to_value: task.status,
        reason: notes.slice(0, 500),
        reference_doctype: 'Task',
        reference_name: task.name,
        dedupe_key: `dev-done:${caseName}:${task.name}`,
        notified_on: nowText,
      },
      AnyDoc,
    )
    .catch((e: unknown) => {
      if (!(e instanceof HostError && e.isDuplicate)) throw e; // a replica got there first: the unique key keeps one
    });
  // The event first: if the case update fails, the next run retries it and the unique key keeps one event.
  await client.update(
    'Support Case',
    caseName,
    // The status change needs stamping: the sweep checks the case at once even if no webhook comes.
    { status: 'In Progress', dev_task_status: task.status, dev_notes: notes, sla_next_check_on: nowText },
    AnyDoc,
  );
}
