/** The ESLint layer bounds refuse an import into a higher layer at any depth, and let a lawful one through. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restricted(filePath: string, spec: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import { x } from '${spec}';\nexport const y = x;\n`, { filePath });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

describe('layer bounds in ESLint', () => {
  it.each([
    ['domain/sla/probe.ts', '../../server-scripts/serve.ts'],
    ['domain/probe.ts', '../cli/main.ts'],
    ['domain/sla/deep/probe.ts', '../../../host-client/client.ts'],
    ['host-client/probe.ts', '../server-scripts/serve.ts'],
    ['server-scripts/companion/probe.ts', '../../cli/config.ts'],
    ['cli/install/probe.ts', '../../devhost/site.ts'],
    ['client/src/data/probe.ts', '../../../server-scripts/serve.ts'],
    ['devhost/api/probe.ts', '../../domain/sla/stamp.ts'],
    ['devhost/api/probe.ts', '../../host-client/client.ts'],
  ])('%s may not import %s', async (file, spec) => {
    expect(await restricted(file, spec)).toBe(true);
  });

  it.each([
    ['domain/sla/probe.ts', '../meta/doctype.schema.ts'],
    ['server-scripts/companion/probe.ts', '../../host-client/client.ts'],
    ['cli/commands/probe.ts', '../../server-scripts/serve.ts'],
    ['devhost/api/probe.ts', '../../domain/meta/doctype.schema.ts'],
    ['devhost/api/probe.ts', '../scripts/runner.ts'],
    ['client/src/data/probe.ts', '../../../domain/sla/index.ts'],
  ])('%s may import %s', async (file, spec) => {
    expect(await restricted(file, spec)).toBe(false);
  });
});
