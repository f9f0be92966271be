#!/usr/bin/env node
// Entry of the `postventa` command: runs the TypeScript CLI through tsx's loader (no build step).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { mainAsync } = await import(fileURLToPath(new URL('./main.ts', import.meta.url)));
try {
  process.exitCode = await mainAsync(process.argv.slice(2), {
    out: console.log,
    err: console.error,
    interactive: process.stdin.isTTY === true,
  });
} catch (e) {
  console.error(`postventa: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
