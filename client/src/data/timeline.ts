/** A case's timeline: its events, internal notes and messages in one list. */
import { list, request, method } from './api.ts';
import { hostMessage, readerHalf } from '../i18n/host-messages.ts';

export interface TimelineItem {
  at: string;
  kind: 'event' | 'comment' | 'message';
  /** An event type or comment type (translated by the page), or a message's subject. */
  title: string;
  from?: string;
  to?: string;
  /** Business seconds the case spent in the previous state (status and level changes, seed 002 §4). */
  spentSeconds?: number;
  body?: string;
  actor?: string;
}

interface TimelineComment {
  creation: string;
  content: string;
  comment_email: string | null;
  comment_by: string | null;
  comment_type: string;
}
interface TimelineMessage {
  communication_date: string;
  subject: string;
  content: string;
  sender: string | null;
  sent_or_received: string;
}

/** Events, internal notes and messages in one list, newest first (2 requests). */
export async function timeline(caseName: string): Promise<TimelineItem[]> {
  const [events, { comments, communications: messages }] = await Promise.all([
    list<{
      at: string;
      event_type: string;
      from_value: string | null;
      to_value: string | null;
      reason: string | null;
      actor: string | null;
      business_seconds_in_previous: number | null;
    }>('Support Case Event', {
      fields: ['at', 'event_type', 'from_value', 'to_value', 'reason', 'actor', 'business_seconds_in_previous'],
      filters: [['support_case', '=', caseName]],
      orderBy: 'at desc',
      limit: 100,
    }),
    // Comment and Communication are not listable by support roles on a real site: one host script reads both.
    request<{ comments: TimelineComment[]; communications: TimelineMessage[] }>(
      'GET',
      method('postventa.case.timeline'),
      { query: { case: caseName } },
    ),
  ]);
  const items: TimelineItem[] = [
    ...events.map((e): TimelineItem => ({
      at: e.at,
      kind: 'event',
      title: e.event_type,
      ...(e.from_value ? { from: e.from_value } : {}),
      ...(e.to_value ? { to: e.to_value } : {}),
      // The companion writes its reasons in both languages ("… / …"); the reader gets theirs. People's reasons stay.
      ...(e.reason ? { body: e.actor ? e.reason : readerHalf(e.reason) } : {}),
      ...(e.actor ? { actor: e.actor } : {}),
      // Only status changes carry it (an Int reads back 0 when unset); 0 is real: the time fell outside hours.
      ...(e.event_type === 'Status Change' ? { spentSeconds: Number(e.business_seconds_in_previous ?? 0) } : {}),
    })),
    ...(await Promise.all(
      comments.map(async (c): Promise<TimelineItem> => ({
        at: c.creation,
        kind: 'comment',
        title: c.comment_type,
        // The host's own comments (assignments) are read in the reader's language; people's notes as they wrote them.
        body: c.comment_type === 'Comment' ? c.content : await hostMessage(c.content, 'comment'),
        ...(c.comment_by || c.comment_email ? { actor: c.comment_by || c.comment_email || '' } : {}),
      })),
    )),
    ...messages.map((m): TimelineItem => ({
      at: m.communication_date,
      kind: 'message',
      title: withoutInternalTags(m.subject),
      body: m.content,
      ...(m.sender ? { actor: m.sender } : {}),
    })),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at));
}

/** The `[pv:…]` tag a notice carries (it marks which event it announced) is for the companion, not for people. */
export function withoutInternalTags(subject: string): string {
  return subject.replace(/\s*\[pv:[0-9a-f]{6,}\]/g, '').trim();
}
