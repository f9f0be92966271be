/** One webhook topic's handler: it gets the verified, parsed delivery and answers the host. */
import type { HostClient } from '../../../host-client/client.ts';
import type { Logger } from '../log.ts';
import type { SlaContextCache } from '../sla-context.ts';

export interface WebhookDeps {
  client: HostClient;
  sla: SlaContextCache;
  log: Logger;
  clock: () => Date;
}

export interface Delivery {
  doctype: string;
  name: string;
  modified?: string | undefined;
  event?: string | undefined;
  topic: string;
}

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

export type TopicHandler = (delivery: Delivery, deps: WebhookDeps) => Promise<WebhookAnswer>;
