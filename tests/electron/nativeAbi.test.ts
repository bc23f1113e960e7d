export {};

interface NativeScript {
  checkElectronAbi: (bytes: Uint8Array, nodeAbi: string) => { ok: true; abi: string } | { ok: false; reason: string };
  ELECTRON_REBUILD: string;
  rebuildArgs: (version: string, scratch: string) => string[];
}
// Plain .mjs (it runs with node on the build machine): loaded by path, typed here.
const scriptPath = '../../scripts/electron-native.mjs';
const { checkElectronAbi, ELECTRON_REBUILD, rebuildArgs } = (await import(/* @vite-ignore */ scriptPath)) as NativeScript;

/** A fake shared object: some binary noise around the given symbol names. */
function fakeModule(...symbols: string[]): Uint8Array {
  const noise = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0xff, 0xfe]);
  return Buffer.concat([noise, ...symbols.flatMap((symbol) => [Buffer.from(`${symbol}\0`, 'latin1'), noise])]);
}

describe('checkElectronAbi', () => {
  it('fails loudly for a Node-ABI build (node_register_module_v<Node ABI>)', () => {
    const result = checkElectronAbi(fakeModule('napi_create_function', 'node_register_module_v115'), '115');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/Node's ABI 115/);
  });

  it('fails for the running Node’s ABI, whatever it is', () => {
    const abi = process.versions.modules;
    expect(checkElectronAbi(fakeModule(`node_register_module_v${abi}`), abi).ok).toBe(false);
  });

  it('fails when no node_register_module_v<N> symbol is present', () => {
    const result = checkElectronAbi(fakeModule('napi_register_module_v1', 'sqlite3_open'), '115');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/no node_register_module_v/);
    expect(checkElectronAbi(new Uint8Array(), '115').ok).toBe(false);
  });

  it('accepts a module built for another (Electron) ABI and reports it', () => {
    expect(checkElectronAbi(fakeModule('node_register_module_v140'), '115')).toEqual({ ok: true, abi: '140' });
    // A prefix of the Node ABI is a different ABI, not a match.
    expect(checkElectronAbi(fakeModule('node_register_module_v1150'), '115')).toEqual({ ok: true, abi: '1150' });
  });

  it('refuses a module that names several ABIs', () => {
    expect(checkElectronAbi(fakeModule('node_register_module_v140', 'node_register_module_v139'), '115').ok).toBe(false);
  });

  it('reads a subarray view correctly', () => {
    const whole = fakeModule('junk', 'node_register_module_v140');
    const view = whole.subarray(0, whole.length);
    expect(checkElectronAbi(view, '115')).toEqual({ ok: true, abi: '140' });
  });
});

describe('the rebuild step', () => {
  it('runs one exact, pinned @electron/rebuild, never whatever npx finds as latest', () => {
    expect(ELECTRON_REBUILD).toMatch(/^@electron\/rebuild@\d+\.\d+\.\d+$/);
    const args = rebuildArgs('45.5.0', '/tmp/scratch');
    expect(args).toEqual(['--yes', ELECTRON_REBUILD, '--version', '45.5.0', '--module-dir', '/tmp/scratch', '--only', 'better-sqlite3', '--force']);
    expect(args.filter((arg) => arg.startsWith('@electron/rebuild'))).toEqual([ELECTRON_REBUILD]);
  });
});
