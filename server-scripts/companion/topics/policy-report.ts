/**
 * `policy-report`: a Policy Report changed. When a manager asked for something (requested_action: a preview of the
 * month so far, the PDF made again, a send) it is answered at once rather than at the next sweep; any other change
 * (the companion's own writes among them) is nothing to do.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { answerReportRequests } from '../monthly-reports.ts';
import type { TopicHandler } from './types.ts';

const Settings = z.object({ default_company: z.string().nullish() });

export const policyReport: TopicHandler = async (p, deps) => {
  if (p.doctype !== 'Policy Report')
    return { status: 400, body: { error: 'policy-report deliveries must be about a Policy Report' } };
  const ctx = await deps.sla.get(deps.clock());
  const today = DateTime.fromJSDate(deps.clock(), { zone: ctx.zone }).toISODate() ?? '';
  const settings = await deps.client.getDoc('Postventa Settings', 'Postventa Settings', Settings);
  const r = await answerReportRequests(deps.client, today, settings.default_company ?? '', deps.log, p.name);
  deps.log('info', 'webhook processed', { topic: p.topic, name: p.name, requests: r.requests, made: r.made });
  return { status: 200, body: { status: r.requests ? 'answered' : 'unchanged', made: r.made, sent: r.sent } };
};
