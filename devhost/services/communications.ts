/**
 * `frappe.core.doctype.communication.email.make` (docs/host-contract.md): records a Communication on a document's
 * timeline. The dev host sends no mail; sent messages are marked as such so timelines read the same.
 */
import { str } from '../api/args.ts';
import { ALL, WRITE, type MethodCall, type MethodResult, type MethodTable } from '../api/method-types.ts';
import { FrappeError, frappeThrow } from '../errors.ts';
import type { Kernel } from '../kernel.ts';

export class Communications {
  constructor(private readonly site: Kernel) {}

  hasOutgoingAccount(): boolean {
    return !!this.site.db.get('SELECT name FROM "tabEmail Account" WHERE enable_outgoing = 1 LIMIT 1');
  }

  async make(c: MethodCall): Promise<MethodResult> {
    const f = c.form;
    const doctype = f.doctype ? String(f.doctype) : null;
    const name = f.name ? String(f.name) : null;
    if (doctype && name) this.site.docs.get(c.ctx, doctype, name);
    if (!f.content && !f.subject) throw frappeThrow('Subject or content is required', 'MandatoryError');
    // Sending needs an outgoing Email Account: without one Frappe 15.75 answers 501 and stores nothing.
    if (f.send_email && !['0', 'false'].includes(String(f.send_email)) && !this.hasOutgoingAccount())
      throw new FrappeError(
        'OutgoingEmailError',
        'Please setup default outgoing Email Account from Settings > Email Account',
        [
          {
            message: 'Please setup default outgoing Email Account from Settings &gt; Email Account',
            title: 'Message',
            indicator: 'red',
            raise_exception: 1,
          },
        ],
      );
    const sender = f.sender
      ? String(f.sender)
      : String(this.site.db.get('SELECT email FROM "tabUser" WHERE name = ?', [c.ctx.user])?.email ?? c.ctx.user);
    const sent = String(f.sent_or_received ?? 'Sent');
    const comm = await this.site.docs.insert(
      c.ctx,
      'Communication',
      {
        subject: f.subject ?? `Re: ${name ?? ''}`,
        content: f.content ?? '',
        sent_or_received: sent,
        sender,
        sender_full_name: f.sender_full_name ?? null,
        recipients: f.recipients ?? null,
        cc: f.cc ?? null,
        bcc: f.bcc ?? null,
        communication_medium: f.communication_medium ?? 'Email',
        communication_type: 'Communication',
        status: 'Linked',
        reference_doctype: doctype,
        reference_name: name,
        delivery_status: sent === 'Sent' && f.send_email ? 'Sent' : null,
        user: c.ctx.user === 'Guest' ? null : c.ctx.user,
        has_attachment: 0,
      },
      { ignorePermissions: true },
    );
    return { message: { name: comm.name, emails_not_sent_to: '' } };
  }
}

export function communicationMethods(comms: Communications): MethodTable {
  return {
    'frappe.core.doctype.communication.email.make': { verbs: WRITE, run: (c) => comms.make(c) },
    'frappe.desk.form.utils.add_comment': {
      verbs: WRITE,
      run: async (c) => {
        // Frappe 15.75's signature has no defaults for the author: without them Python raises a TypeError (500).
        for (const arg of ['comment_email', 'comment_by'])
          if (!(arg in c.form))
            throw new FrappeError('TypeError', `add_comment() missing 1 required positional argument: '${arg}'`, [
              { message: 'Internal Server Error', title: 'Message', indicator: 'red' },
            ]);
        const refDt = str(c.form.reference_doctype, 'reference_doctype');
        const refName = str(c.form.reference_name, 'reference_name');
        c.site.docs.get(c.ctx, refDt, refName);
        const comment = await c.site.docs.insert(
          c.ctx,
          'Comment',
          {
            comment_type: 'Comment',
            reference_doctype: refDt,
            reference_name: refName,
            content: str(c.form.content, 'content'),
            comment_email: c.form.comment_email,
            comment_by: c.form.comment_by,
          },
          { ignorePermissions: true },
        );
        return { message: comment };
      },
    },
    'frappe.email.doctype.email_account.email_account.get_append_to': {
      verbs: ALL,
      run: (c) => ({
        message: c.site.db
          .all('SELECT name FROM "tabDocType" WHERE email_append_to = 1 AND istable = 0 AND issingle = 0 ORDER BY name')
          .map((r) => [String(r.name)]), // a list of one-item lists, as Frappe 15.75 answers
      }),
    },
  };
}
