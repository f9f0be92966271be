/** What a command talks through: its output lines, the environment, and (for tests and the demo) a fetch. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  interactive: boolean;
  ask?: (question: string) => Promise<string>;
  fetch?: typeof fetch;
}
