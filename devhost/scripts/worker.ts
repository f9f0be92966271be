/**
 * One long-lived `python3 safe_exec.py`: jobs and their RPC calls are JSON lines. Spawning per script cost ~80 ms;
 * a worker answers in well under a millisecond. A worker that times out or dies is discarded.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { FrappeError, frappeThrow, type ServerMessage } from '../errors.ts';
import type { Doc, RequestContext } from '../model/types.ts';

/** What a finished job answers. */
export interface Done {
  doc?: Doc;
  response?: Record<string, unknown>;
  flags?: Record<string, unknown>;
  messages?: ServerMessage[];
  value?: boolean;
}

const TIMEOUT_MS = 15_000;

export type RpcHandler = (op: string, args: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>;

interface WorkerMessage {
  rpc?: string;
  args?: Record<string, unknown>;
  done?: Done;
  exception?: { type: string; message: string; title?: string | null; python?: boolean; messages?: ServerMessage[] };
}

export class Worker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';
  alive = true;

  constructor(harness: string) {
    this.child = spawn('python3', ['-u', harness], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    this.child.on('exit', () => {
      this.alive = false;
    });
    this.child.on('error', () => {
      this.alive = false;
    });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  kill(): void {
    this.alive = false;
    this.child.kill();
  }

  /** An idle worker must not keep the process alive; a busy one must. */
  hold(busy: boolean): void {
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as {
      ref(): void;
      unref(): void;
    }[];
    for (const h of handles) {
      if (busy) h.ref();
      else h.unref();
    }
  }

  private async next(timeoutMs: number): Promise<WorkerMessage | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.lines.next(), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.kill();
      throw frappeThrow('Server Script timed out', 'ValidationError');
    }
    if (result.done) {
      this.alive = false;
      throw new FrappeError('Exception', `Server script worker exited: ${this.stderr.slice(-500)}`);
    }
    try {
      return JSON.parse(result.value) as WorkerMessage;
    } catch {
      return null;
    }
  }

  async run(payload: Record<string, unknown>, ctx: RequestContext, rpc: RpcHandler): Promise<Done> {
    if (!this.alive) throw new FrappeError('Exception', 'Server script worker is not running');
    this.child.stdin.write(`${JSON.stringify(payload)}\n`);
    for (;;) {
      const msg = await this.next(TIMEOUT_MS);
      if (!msg) continue;
      if (msg.done) {
        ctx.messages.push(...(msg.done.messages ?? []));
        return msg.done;
      }
      if (msg.exception) {
        const ex = msg.exception;
        ctx.messages.push(...(ex.messages ?? []));
        if (ex.python)
          throw new FrappeError(ex.type, ex.message, [
            { message: `${ex.type}: ${ex.message}`, title: 'Server Script Error', indicator: 'red' },
          ]);
        if (ex.type === 'SyntaxError')
          throw frappeThrow(ex.message, 'ValidationError', ex.title ?? 'Compilation warning');
        throw frappeThrow(ex.message, ex.type, ex.title ?? 'Message');
      }
      if (msg.rpc) {
        try {
          const ok = await rpc(msg.rpc, msg.args ?? {}, { ...ctx, depth: ctx.depth + 1 });
          this.child.stdin.write(`${JSON.stringify({ ok: ok ?? null })}\n`);
        } catch (e) {
          const err =
            e instanceof FrappeError
              ? { type: e.excType, message: e.message, title: e.messages[0]?.title ?? null }
              : { type: 'ValidationError', message: e instanceof Error ? e.message : String(e), title: null };
          this.child.stdin.write(`${JSON.stringify({ error: err })}\n`);
        }
      }
    }
  }
}
