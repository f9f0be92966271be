/**
 * `postventa serve`: the companion beside the host. HTTP for webhooks and health, a scheduler (croner) running the
 * jobs declared in `jobs/`, JSON logs, and a graceful shutdown that lets a running job finish.
 */
import { Cron } from 'croner';
import { HostClient } from '../host-client/client.ts';
import { parseServeArgs, type ServeConfig } from './companion/config.ts';
import { runJob, type RunOutcome } from './companion/jobs.ts';
import { JOBS } from './jobs/registry.ts';
import { jsonLogger, type Logger } from './companion/log.ts';
import { startHttp } from './companion/server.ts';
import { SlaContextCache } from './companion/sla-context.ts';
import type { Io } from './companion/io.ts';

export interface Companion {
  url: string;
  runJobNow(name: string): Promise<RunOutcome>;
  /** Drops the cached SLA settings (as an SLA settings webhook does). */
  invalidateSettings(): void;
  close(): Promise<void>;
}

export async function startCompanion(
  cfg: ServeConfig,
  opts: {
    log?: Logger;
    clock?: () => Date;
    fetch?: typeof fetch;
    schedule?: boolean;
    backoffMs?: number;
    retries?: number;
  } = {},
): Promise<Companion> {
  const log = opts.log ?? jsonLogger(undefined, { replica: cfg.replica });
  const clock = opts.clock ?? (() => new Date());
  const client = new HostClient({
    baseUrl: cfg.site,
    apiKey: cfg.apiKey,
    apiSecret: cfg.apiSecret,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.backoffMs !== undefined ? { backoffMs: opts.backoffMs } : {}),
    ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
  });
  const sla = new SlaContextCache(client);
  let lastRun: Record<string, unknown> | null = null;
  const running = new Set<Promise<unknown>>();
  const startedAt = new Date().toISOString();
  const runNow = async (name: string): Promise<RunOutcome> => {
    const job = JOBS.find((j) => j.config.name === name);
    if (!job) throw new Error(`unknown job ${name}`);
    const p = runJob(job, { client, sla, log, replica: cfg.replica, now: clock(), periodSeconds: cfg.sweepSeconds });
    running.add(p);
    try {
      const out = await p;
      lastRun = { job: name, at: clock().toISOString(), ...out };
      return out;
    } finally {
      running.delete(p);
    }
  };
  const http = await startHttp(
    {
      client,
      sla,
      log,
      clock,
      secret: cfg.webhookSecret,
      health: () => ({ replica: cfg.replica, startedAt, lastRun }),
    },
    cfg.port,
    cfg.host,
  );
  const crons: Cron[] = [];
  if (opts.schedule !== false) {
    for (const job of JOBS) {
      // "Every sweep" jobs run every --sweep-seconds; others keep their own cron. `protect` skips a tick while running.
      const schedule = job.config.schedule;
      const sweep = 'everySweep' in schedule;
      crons.push(
        new Cron(
          sweep ? '* * * * * *' : schedule.cron,
          { protect: true, ...(sweep ? { interval: cfg.sweepSeconds } : {}) },
          () => {
            void runNow(job.config.name).catch((e: unknown) =>
              log('error', 'scheduled run failed', {
                job: job.config.name,
                error: e instanceof Error ? e.message : String(e),
              }),
            );
          },
        ),
      );
    }
  }
  log('info', 'companion started', { url: http.url, site: cfg.site, jobs: JOBS.map((j) => j.config.name) });
  return {
    url: http.url,
    runJobNow: runNow,
    invalidateSettings: () => sla.invalidate(),
    close: async () => {
      for (const c of crons) c.stop();
      await Promise.allSettled([...running]);
      await new Promise<void>((r) => {
        http.server.close(() => r());
        http.server.closeAllConnections();
      });
      log('info', 'companion stopped');
    },
  };
}

export async function runServe(argv: string[], io: Io): Promise<number> {
  const cfg = parseServeArgs(argv, io.env);
  const companion = await startCompanion(cfg);
  io.err(`postventa companion listening on ${companion.url} for ${cfg.site}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void companion.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
