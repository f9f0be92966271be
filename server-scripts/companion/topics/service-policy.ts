/** `service-policy`: a contract changed; the cached SLA settings are dropped so the next stamp reads it fresh. */
import type { TopicHandler } from './types.ts';

export const servicePolicy: TopicHandler = async (p, deps) => {
  deps.sla.invalidate();
  deps.log('info', 'webhook processed', { topic: p.topic, name: p.name, status: 'settings reloaded' });
  return Promise.resolve({ status: 200, body: { status: 'reloaded' } });
};
