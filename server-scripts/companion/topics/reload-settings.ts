/**
 * `service-policy` and `sla-settings`: a contract, an SLA policy or a support calendar changed; the cached SLA settings
 * are dropped, so the next stamp reads them fresh and the next sweep (whose settings fingerprint changed) stamps every
 * open case again.
 */
import type { TopicHandler } from './types.ts';

export const reloadSettings: TopicHandler = async (p, deps) => {
  deps.sla.invalidate();
  deps.log('info', 'webhook processed', { topic: p.topic, name: p.name, status: 'settings reloaded' });
  return Promise.resolve({ status: 200, body: { status: 'reloaded' } });
};
