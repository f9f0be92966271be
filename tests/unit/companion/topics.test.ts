/** Only webhooks with a handler are installed, and every handler has a webhook that reaches it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOPICS } from '../../../server-scripts/companion/topics/index.ts';

const manifest = JSON.parse(readFileSync(new URL('../../../plugin-manifest.json', import.meta.url), 'utf8')) as {
  webhooks: { topic: string; doctype: string }[];
};

describe('webhook topics', () => {
  it('the manifest installs a webhook only for a topic the companion handles', () => {
    expect(manifest.webhooks.filter((w) => !Object.hasOwn(TOPICS, w.topic))).toEqual([]);
  });
  it('every handled topic is installed', () => {
    expect(Object.keys(TOPICS).filter((t) => !manifest.webhooks.some((w) => w.topic === t))).toEqual([]);
  });
});
