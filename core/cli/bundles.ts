import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { openCore } from '../api/core';
import { FieldbookError } from '../model';
import type { BundleDeviceInfo, BundleImportSummary, BundleTargetInfo } from '../model';
import { formatFingerprint } from '../protocol/bundle';
import { bundleStatus, createDeviceKeys, deviceInfo, exportBundle, findBundleTarget, importBundle, trustServer } from '../sync/bundles';
import { FileSecretStore } from '../sync/secrets';

export const BUNDLE_USAGE = `  bundle keys create [--name NAME] [--replace] [--out FILE]
                                   Create this device's bundle keys; writes its public key file
                                   for the server's administrator to enrol.
  bundle keys show [--out FILE]    This device's public key file and fingerprint.
  bundle keys trust FILE           Trust an air-gapped server's public key file (compare its
                                   fingerprint with the administrator first).
  bundle list [--json]             The trusted bundle servers and what waits for each.
  bundle export --target T --out FILE
                                   Write a signed, encrypted bundle of the changes for server T.
  bundle import FILE               Apply a bundle from a server (its answer to ours, and its changes).`;

/** A mistake in the command line; main.ts prints it with the usage. */
export class BundleUsageError extends Error {}

export interface BundleCliIo {
  out(text: string): void;
}

const OPTIONS = {
  name: { type: 'string' },
  replace: { type: 'boolean' },
  out: { type: 'string' },
  target: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new BundleUsageError((error as Error).message);
  }
}

function writeAtomically(path: string, data: string | Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data, { mode: 0o600 });
  renameSync(temp, path);
}

function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new FieldbookError('not_found', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

function describeDevice(device: BundleDeviceInfo, where: string | undefined): string {
  return [
    `This device signs bundles as ${device.name}`,
    `  fingerprint: ${formatFingerprint(device.fingerprint)}`,
    where ? `  public key file written to ${where}: have the server's administrator enrol it (fieldbook-server bundle keys enrol FILE --email YOU),` : '',
    '  and read this fingerprint to them so they can check the file arrived unchanged.',
  ]
    .filter(Boolean)
    .join('\n');
}

function describeTarget(t: BundleTargetInfo): string {
  const state = t.suspended ? `must be enrolled again: ${t.suspended}` : t.lastError ? `last import: ${t.lastError}` : `last import ${t.lastImportAt ?? 'never'}`;
  return `${t.name} (${formatFingerprint(t.fingerprint)}), may hold ${t.residencies.join(', ') || '-'}: ${t.pending} change(s) waiting; ${state}`;
}

export function describeImport(s: BundleImportSummary): string {
  if (s.duplicate) return `${s.note ?? 'This bundle was imported before; nothing changed.'}`;
  const lines = [
    `From ${s.from} (bundle #${s.seq}): ${s.acknowledged} of your change(s) acknowledged${s.rejected ? `, ${s.rejected} refused (see fieldbook sync --status --json)` : ''}; received ${s.pulled} change(s)${s.skipped ? `, skipped ${s.skipped}` : ''}${s.revoked.length ? `; removed ${s.revoked.length} account(s) no longer shared` : ''}.`,
    `${s.pending} change(s) still wait for ${s.from}${s.hasMore ? '; the server has more for this device: export again and bring its answer' : ''}.`,
  ];
  if (s.note) lines.push(`Note: ${s.note}`);
  return lines.join('\n');
}

/** `fieldbook bundle …` */
export async function bundleCli(dataDir: string, args: string[], io: BundleCliIo): Promise<number> {
  const [action, ...rest] = args;
  const sub = action === 'keys' ? rest[0] : undefined;
  const { values, positionals } = parse(action === 'keys' ? rest.slice(1) : rest);
  const command = [action, sub].filter(Boolean).join(' ');
  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  const secrets = new FileSecretStore(dataDir);
  const store = core.store;
  try {
    switch (command) {
      case 'keys create':
      case 'keys show': {
        const device =
          sub === 'create'
            ? createDeviceKeys(store, secrets, { ...(values.name ? { name: values.name } : {}), replace: values.replace === true })
            : deviceInfo(store, secrets);
        if (!device) throw new FieldbookError('not_found', 'This device has no bundle keys yet. Create them with: fieldbook bundle keys create');
        if (values.out) writeAtomically(values.out, device.keyFile);
        else io.out(device.keyFile.trimEnd());
        io.out(describeDevice(device, values.out));
        return 0;
      }
      case 'keys trust': {
        const path = positionals[0];
        if (!path) throw new BundleUsageError('bundle keys trust needs the server’s key file.');
        const target = trustServer(store, readInput(path).toString('utf8'), 'cli');
        io.out(
          [
            `Trusted ${target.name} for bundles. Its fingerprint: ${formatFingerprint(target.fingerprint)}`,
            'Compare it with the one the server’s administrator reads out; if they differ, do not export to it.',
            `Accounts of residency ${target.residencies.join(', ')} go into its bundles.`,
          ].join('\n'),
        );
        return 0;
      }
      case 'list': {
        const status = bundleStatus(store, secrets);
        if (values.json) io.out(JSON.stringify(status, null, 2));
        else if (status.targets.length === 0) io.out('No bundle server is trusted yet: fieldbook bundle keys trust FILE');
        else io.out(status.targets.map(describeTarget).join('\n'));
        return 0;
      }
      case 'export': {
        if (!values.target || !values.out) throw new BundleUsageError('bundle export needs --target T and --out FILE.');
        const target = findBundleTarget(store, values.target);
        const { bytes, summary } = exportBundle(store, secrets, target.id);
        writeAtomically(values.out, bytes);
        io.out(
          `Wrote bundle #${summary.seq} for ${summary.target} to ${values.out}: ${summary.ops} change(s)${summary.remaining > 0 ? `; ${summary.remaining} more wait for the next bundle` : ''}. They stay here until the server’s answer is imported.`,
        );
        return 0;
      }
      case 'import': {
        const path = positionals[0];
        if (!path) throw new BundleUsageError('bundle import needs the bundle file.');
        const summary = importBundle(store, secrets, readInput(path));
        if (summary.pulled > 0 || summary.purged > 0) core.events.emit('data.changed', { tables: ['*'], external: false });
        io.out(values.json ? JSON.stringify(summary, null, 2) : describeImport(summary));
        return 0;
      }
      default:
        throw new BundleUsageError(`Unknown command "bundle ${command}".`);
    }
  } finally {
    core.close();
  }
}
