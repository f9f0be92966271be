/** One JSON object per line on stdout: time, level, message and fields. */
export type Logger = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  base: Record<string, unknown> = {},
): Logger {
  return (level, msg, fields = {}) =>
    write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...base, ...fields }));
}

export const silentLogger: Logger = () => undefined;
