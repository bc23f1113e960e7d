import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { formatFingerprint } from '../core/protocol/bundle';
import type { KeyFile } from '../core/protocol/bundle';
import { BundleRefusal, BundleService } from './bundles';
import type { ServerBundleSummary } from './bundles';
import { loadServerConfig } from './config';
import type { ServerStore } from './storage/serverStore';

export const BUNDLE_USAGE = `  bundle keys create --name NAME [--replace] [--out FILE]
                                          the server's bundle keys; prints (or writes) the public key file
  bundle keys show [--out FILE]           the public key file and its fingerprint, to give to devices
  bundle keys enrol FILE --email E [--name N]
                                          pins a device's public key file for a user
  bundle devices                          the enrolled bundle devices
  bundle import FILE --out FILE           applies a device's bundle; writes the signed answer for it
  bundle export --device ID --out FILE    an answer with the changes for a device, without a bundle from it
  Bundle commands read the server's configuration like the server: --config FILE, --region R, --residency R…`;

export interface BundleIo {
  out(text: string): void;
}

/** A mistake in the command line; the caller prints it with the usage. */
export class BundleUsageError extends Error {}

const OPTIONS = {
  name: { type: 'string' },
  replace: { type: 'boolean' },
  out: { type: 'string' },
  email: { type: 'string' },
  device: { type: 'string' },
  config: { type: 'string' },
  region: { type: 'string' },
  residency: { type: 'string', multiple: true },
} as const satisfies ParseArgsConfig['options'];

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new BundleUsageError((error as Error).message);
  }
}

function need(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new BundleUsageError(`Missing ${what}.`);
  return value;
}

/** Writes through a temporary file, so a crash never leaves half a bundle under the final name. */
function writeAtomically(path: string, data: string | Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data, { mode: 0o600 });
  renameSync(temp, path);
}

function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new BundleRefusal(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

function describeKeyFile(file: KeyFile, where: string | undefined): string {
  return [
    `Server bundle keys of ${file.name}`,
    `  fingerprint: ${formatFingerprint(file.fingerprint)}`,
    `  region ${file.region ?? '-'}, may hold: ${(file.residencies ?? []).join(', ')}`,
    where ? `  public key file written to ${where}: give it to each device (fieldbook bundle keys trust FILE),` : '',
    '  and have each device read out the fingerprint it shows before it trusts the file.',
  ]
    .filter(Boolean)
    .join('\n');
}

function describeExchange(s: ServerBundleSummary, out: string): string {
  const lines: string[] = [];
  if (s.received) {
    lines.push(
      `${s.duplicate ? 'Already imported before; nothing applied again. ' : ''}From ${s.device} (${s.user}): bundle #${s.received.seq} with ${s.received.ops} change(s): applied ${s.received.applied}, already here ${s.received.duplicates}, refused ${s.received.rejected}.`,
    );
  }
  lines.push(
    `Answer #${s.reply.seq} written to ${out}: acknowledges through ${s.ackedThrough}; carries ${s.reply.changes} change(s), ${s.reply.snapshot} snapshot record(s), ${s.reply.revoked} revocation(s)${s.reply.hasMore ? '; more changes wait: bring another bundle from the device' : ''}.`,
  );
  if (s.note) lines.push(`Note: ${s.note}`);
  return lines.join('\n');
}

/** `fieldbook-server bundle …` */
export async function bundleCommand(store: ServerStore, args: string[], io: BundleIo, env: NodeJS.ProcessEnv, location: { dataDir?: string; databaseUrl?: string }): Promise<number> {
  const [action, ...rest] = args;
  const sub = action === 'keys' ? rest[0] : undefined;
  const { values, positionals } = parse(action === 'keys' ? rest.slice(1) : rest);
  const config = loadServerConfig(
    { config: values.config, region: values.region, residencies: values.residency, dataDir: location.dataDir, databaseUrl: location.databaseUrl },
    env,
  );
  const service = new BundleService(store, { residencies: config.residencies, maxSkewMs: config.maxSkewMs, region: config.region });
  const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  const command = [action, sub].filter(Boolean).join(' ');
  switch (command) {
    case 'keys create':
    case 'keys show': {
      const file = sub === 'create' ? await service.createKeys(need(values.name, '--name'), values.replace === true) : await service.keyFile();
      const out = values.out;
      if (out) writeAtomically(out, `${JSON.stringify(file, null, 2)}\n`);
      else print(file);
      io.out(describeKeyFile(file, out));
      return 0;
    }
    case 'keys enrol': {
      const path = need(positionals[0], 'the device key file');
      const enrolled = await service.enrol(readInput(path).toString('utf8'), need(values.email, '--email'), values.name);
      print({ ...enrolled, fingerprint: formatFingerprint(enrolled.fingerprint) });
      io.out(`Enrolled. Compare the fingerprint above with the one the device shows (fieldbook bundle keys show) before relying on it.`);
      return 0;
    }
    case 'devices':
      print((await service.listDevices()).map((d) => ({ deviceId: d.deviceId, name: d.name, fingerprint: formatFingerprint(d.fingerprint), lastBundle: d.lastInSeq, answers: d.nextOutSeq - 1 })));
      return 0;
    case 'import': {
      const out = need(values.out, '--out FILE (where the answer for the device goes)');
      const { reply, summary } = await service.importDeviceBundle(readInput(need(positionals[0], 'the bundle file')));
      writeAtomically(out, reply);
      io.out(describeExchange(summary, out));
      return 0;
    }
    case 'export': {
      const out = need(values.out, '--out FILE');
      const { reply, summary } = await service.exportForDevice(need(values.device, '--device ID'));
      writeAtomically(out, reply);
      io.out(describeExchange(summary, out));
      return 0;
    }
    default:
      throw new BundleUsageError(`Unknown command "bundle ${command}".`);
  }
}
