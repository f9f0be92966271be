/** A Frappe error envelope as a typed error (docs/host-contract.md): status, exc_type and the host's decoded messages. */
export class HostError extends Error {
  readonly status: number;
  readonly excType: string;
  readonly messages: string[];

  constructor(status: number, excType: string, messages: string[], detail: string) {
    super(`${status} ${excType}: ${messages[0] ?? detail}`);
    this.name = 'HostError';
    this.status = status;
    this.excType = excType;
    this.messages = messages;
  }

  /** 409 DuplicateEntryError: the name is taken (the job-run lock relies on it). */
  get isDuplicate(): boolean {
    return this.status === 409;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** The host did not answer (network error or timeout) after every retry. */
export class HostUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HostUnreachableError';
  }
}

/** Decodes `_server_messages` (a JSON string of JSON strings) into plain texts, tags stripped. */
export function decodeServerMessages(raw: unknown): string[] {
  if (typeof raw !== 'string') return [];
  try {
    const outer = JSON.parse(raw) as unknown;
    if (!Array.isArray(outer)) return [];
    return outer.map((item) => {
      try {
        const inner =
          typeof item === 'string' ? (JSON.parse(item) as { message?: unknown }) : (item as { message?: unknown });
        return String(inner.message ?? '').replace(/<[^>]*>/g, '');
      } catch {
        return String(item);
      }
    });
  } catch {
    return [];
  }
}
