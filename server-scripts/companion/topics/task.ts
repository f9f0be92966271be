/** `task`: a Development Task changed; a finished one returns its case to the agent with the developers' notes. */
import { formatFrappeDatetime } from '../../../domain/sla/frappe-time.ts';
import { syncDevTasks } from '../dev-tasks.ts';
import type { TopicHandler } from './types.ts';

export const task: TopicHandler = async (p, deps) => {
  if (p.doctype !== 'Task') return { status: 400, body: { error: 'task deliveries must be about a Task' } };
  const now = deps.clock();
  const ctx = await deps.sla.get(now);
  const r = await syncDevTasks(deps.client, formatFrappeDatetime(now.getTime(), ctx.zone), p.name);
  deps.log('info', 'webhook processed', { topic: p.topic, name: p.name, returned: r.returned, mirrored: r.mirrored });
  return {
    status: 200,
    body: { status: r.returned.length ? 'returned' : r.mirrored ? 'mirrored' : 'unchanged', cases: r.returned },
  };
};
