import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of DESIGN.md §2 are lint rules; these probes prove a forbidden import fails the lint.
// The probes are not files on disk, so the type-aware rules (which need the TS project) are switched off.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: [tseslint.configs.disableTypeChecked] });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const cases: Array<[string, string, string, string]> = [
  ['core/model may not import the store', 'core/model/probe.ts', "import { openStore } from '../store/store';", 'boundaries/dependencies'],
  ['core/store may not import services', 'core/store/probe.ts', "import { createServices } from '../services';", 'boundaries/dependencies'],
  ['core/api may not import the CLI', 'core/api/probe.ts', "import { main } from '../cli/main';", 'boundaries/dependencies'],
  ['core may not import electron', 'core/host/probe.ts', "import { app } from 'electron';", 'no-restricted-imports'],
  ['the renderer may not import the dispatcher', 'renderer/src/probe.ts', "import { createDispatcher } from '../../core/api/dispatcher';", 'boundaries/dependencies'],
  ['the renderer may not import the store', 'renderer/src/probe.ts', "import { openStore } from '../../core/store/store';", 'boundaries/dependencies'],
  ['the renderer may not use Node', 'renderer/src/probe.ts', "import { readFileSync } from 'node:fs';", 'no-restricted-imports'],
  ['the contract may not import the dispatcher', 'core/api/contract.ts', "import { createDispatcher } from './dispatcher';", 'no-restricted-imports'],
  ['the server may not import the store', 'server/probe.ts', "import { openStore } from '../core/store/store';", 'boundaries/dependencies'],
  ['electron may not import services', 'electron/probe.ts', "import { createServices } from '../core/services';", 'boundaries/dependencies'],
];

describe('layer rules', () => {
  it.each(cases)('%s', async (_name, file, code, rule) => {
    expect(await ruleIds(file, `${code}\nexport const probe = 1;\n`)).toContain(rule);
  });

  it('allows the imports the design allows', async () => {
    const allowed: Array<[string, string]> = [
      ['renderer/src/probe.ts', "import { contract } from '../../core/api/contract';\nimport { newId } from '../../core/model';\nexport const probe = [contract, newId];\n"],
      ['core/services/probe.ts', "import { openStore } from '../store/store';\nexport const probe = openStore;\n"],
      ['server/probe.ts', "import { encodeHlc } from '../core/protocol/hlc';\nexport const probe = encodeHlc;\n"],
    ];
    for (const [file, code] of allowed) {
      const ids = await ruleIds(file, code);
      expect(ids.filter((id) => id === 'boundaries/dependencies' || id === 'no-restricted-imports')).toEqual([]);
    }
  });
});
