/** `frappe.desk.form.assign_to` (docs/host-contract.md): ToDos per assignee, skipping users who already have an open one. */
import { WRITE, type MethodCall, type MethodResult, type MethodTable } from '../api/method-types.ts';
import { jsonArg } from '../api/args.ts';
import { frappeThrow } from '../errors.ts';
import type { Kernel } from '../kernel.ts';

export class Assignments {
  constructor(private readonly site: Kernel) {}

  private open(doctype: string, name: string): { owner: string; name: string }[] {
    return this.site.db
      .all(
        'SELECT allocated_to, name FROM "tabToDo" WHERE reference_type = ? AND reference_name = ? AND status = ? ORDER BY creation LIMIT 5',
        [doctype, name, 'Open'],
      )
      .map((r) => ({ owner: String(r.allocated_to), name: String(r.name) }));
  }

  async add(c: MethodCall): Promise<MethodResult> {
    const doctype = String(c.form.doctype ?? '');
    const name = String(c.form.name ?? '');
    const raw = jsonArg(c.form.assign_to);
    const users = Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : [];
    if (!doctype || !name || !users.length)
      throw frappeThrow('doctype, name and assign_to are required', 'FrappeTypeError');
    this.site.docs.get(c.ctx, doctype, name);
    for (const user of users) {
      if (!this.site.docs.exists('User', user)) throw frappeThrow(`User ${user} not found`, 'DoesNotExistError');
      if (this.open(doctype, name).some((t) => t.owner === user)) continue;
      await this.site.docs.insert(
        c.ctx,
        'ToDo',
        {
          allocated_to: user,
          reference_type: doctype,
          reference_name: name,
          description: c.form.description ?? `Assignment for ${doctype} ${name}`,
          priority: c.form.priority ?? 'Medium',
          date: c.form.date ?? null,
          assigned_by: c.ctx.user,
          assignment_rule: c.form.assignment_rule ?? null,
          status: 'Open',
        },
        { ignorePermissions: true },
      );
      await this.site.docs.insert(
        c.ctx,
        'Comment',
        {
          comment_type: 'Assigned',
          reference_doctype: doctype,
          reference_name: name,
          content: `${c.ctx.user} assigned ${doctype} ${name} to ${user}`,
          comment_email: c.ctx.user,
        },
        { ignorePermissions: true },
      );
    }
    return { message: this.open(doctype, name) };
  }

  async remove(c: MethodCall, status: 'Cancelled' | 'Closed'): Promise<MethodResult> {
    const doctype = String(c.form.doctype ?? '');
    const name = String(c.form.name ?? '');
    const user = String(c.form.assign_to ?? '');
    const todo = this.site.db.get(
      'SELECT name FROM "tabToDo" WHERE reference_type = ? AND reference_name = ? AND allocated_to = ? AND status = ?',
      [doctype, name, user, 'Open'],
    );
    if (todo) await this.site.docs.update(c.ctx, 'ToDo', String(todo.name), { status }, { ignorePermissions: true });
    if (status === 'Closed' && todo) {
      await this.site.docs.insert(
        c.ctx,
        'Comment',
        {
          comment_type: 'Assignment Completed',
          reference_doctype: doctype,
          reference_name: name,
          content: `${user} completed the assignment`,
          comment_email: c.ctx.user,
        },
        { ignorePermissions: true },
      );
    }
    return { message: this.open(doctype, name) };
  }
}

export function assignMethods(a: Assignments): MethodTable {
  return {
    'frappe.desk.form.assign_to.add': { verbs: WRITE, run: (c) => a.add(c) },
    'frappe.desk.form.assign_to.remove': { verbs: WRITE, run: (c) => a.remove(c, 'Cancelled') },
    'frappe.desk.form.assign_to.close': { verbs: WRITE, run: (c) => a.remove(c, 'Closed') },
  };
}
