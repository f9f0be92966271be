/**
 * `frappe.core.doctype.communication.email.make` (docs/host-contract.md): records a Communication on a document's
 * timeline. The dev host sends no mail; sent messages are marked as such so timelines read the same.
 */
import type { MethodCall, MethodResult } from '../api/methods.ts';
import { FrappeError, frappeThrow } from '../errors.ts';
import type { DevHost } from '../site.ts';

export class Communications {
  constructor(private readonly site: DevHost) {}

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
