/**
 * Every webhook topic the companion handles, one file each. The installer installs a webhook only for a topic
 * listed here (a unit test holds the manifest to it).
 */
import { policyReport } from './policy-report.ts';
import { reloadSettings } from './reload-settings.ts';
import { supportCase } from './support-case.ts';
import { task } from './task.ts';
import type { TopicHandler } from './types.ts';

export const TOPICS: Readonly<Record<string, TopicHandler>> = {
  'support-case': supportCase,
  'service-policy': reloadSettings,
  'sla-settings': reloadSettings,
  task,
  'policy-report': policyReport,
};

export type { Delivery, TopicHandler, WebhookAnswer, WebhookDeps } from './types.ts';
