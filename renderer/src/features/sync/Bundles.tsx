import { useEffect, useId, useRef } from 'react';
import type { ChangeEvent } from 'react';
import type { BundleImportSummary, BundleTargetInfo } from '../../../../core/model';
import { useApp, useBundles, useCatalog } from '../../app/context';
import { formatDateTime } from '../accounts/format';
import { labelOf } from '../catalog/store';
import type { BundleOutcome } from './bundlesStore';
import { plural, relativeTime } from './store';

/** "3f2a 9c01 …": the fingerprint as people read it aloud. */
const grouped = (fingerprint: string) => fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint;

/** Offers bytes as a file download, the way a browser saves a file. */
function download(fileName: string, bytes: Uint8Array | string, type: string): void {
  const blob = new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function When({ iso, now, never }: { iso: string | null; now: number; never: string }) {
  if (!iso) return <>{never}</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}

/** A labelled file picker: keyboard reachable, its purpose said in its label and hint. */
function FilePicker({ label, hint, accept, disabled, onFile }: { label: string; hint: string; accept: string; disabled: boolean; onFile: (file: File) => void }) {
  const id = useId();
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so choosing the same file again (a retry) fires again.
    event.target.value = '';
    if (file) onFile(file);
  };
  return (
    <div className="field bundles__picker">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input id={id} type="file" accept={accept} disabled={disabled} aria-describedby={`${id}-hint`} onChange={onChange} />
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
    </div>
  );
}

function describeImport(s: BundleImportSummary): string {
  if (s.duplicate) return s.note ?? 'This bundle was imported before; nothing changed.';
  const parts = [
    `${plural(s.acknowledged, 'of your changes was', 'of your changes were')} acknowledged`,
    s.rejected > 0 ? `${plural(s.rejected, 'was', 'were')} refused (see Refused changes)` : null,
    `${plural(s.pulled, 'change', 'changes')} received`,
    s.purged > 0 ? `${plural(s.purged, 'record', 'records')} no longer shared removed` : null,
  ].filter(Boolean);
  return `From ${s.from} (bundle #${s.seq}): ${parts.join(', ')}. ${plural(s.pending, 'change still waits', 'changes still wait')} for ${s.from}.${s.hasMore ? ' The server has more for this device: export again and bring its answer.' : ''}`;
}

/** The last action's outcome in words: a polite status for successes, an alert for failures. */
function Outcome({ outcome }: { outcome: BundleOutcome | null }) {
  let text: string | null;
  switch (outcome?.kind) {
    case 'keys':
      text = `Bundle keys created. Fingerprint ${grouped(outcome.device.fingerprint)}. Download the public key file for the server’s administrator.`;
      break;
    case 'trust':
      text = `Trusted ${outcome.target.name}. Compare its fingerprint, ${grouped(outcome.target.fingerprint)}, with the one its administrator reads out; if they differ, do not export to it.`;
      break;
    case 'export':
      text = `Saved bundle #${outcome.summary.seq} for ${outcome.summary.target} as ${outcome.summary.fileName}: ${plural(outcome.summary.ops, 'change', 'changes')}${outcome.summary.remaining > 0 ? ` (${outcome.summary.remaining} more wait for the next bundle)` : ''}. Carry it to the server; the changes stay here until its answer is imported.`;
      break;
    case 'import':
      text = `${outcome.fileName}: ${describeImport(outcome.summary)}`;
      break;
    default:
      text = null;
  }
  const note = outcome?.kind === 'import' && !outcome.summary.duplicate ? outcome.summary.note : null;
  return (
    <>
      <div role="status" className="bundles__live">
        {text ? (
          <p className={`bundles__outcome${note ? ' bundles__outcome--note' : ''}`}>
            {text}
            {note ? (
              <>
                {' '}
                <strong>{note}</strong>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      {outcome?.kind === 'error' ? (
        <p role="alert" className="form__error bundles__outcome">
          {outcome.message}
        </p>
      ) : null}
    </>
  );
}

function TargetRow({ target, now, busy, onExport }: { target: BundleTargetInfo; now: number; busy: boolean; onExport: () => void }) {
  const entries = useCatalog((s) => s.entries);
  const exporting = useBundles((s) => s.work?.kind === 'export' && s.work.targetId === target.id);
  const headingId = `bundle-target-${target.id}`;
  return (
    <li className="bundles__target" aria-labelledby={headingId}>
      <div className="bundles__target-main">
        <h4 id={headingId} className="bundles__target-name">
          {target.name}
        </h4>
        <dl className="details bundles__details">
          <dt>Fingerprint</dt>
          <dd className="bundles__fingerprint">{grouped(target.fingerprint)}</dd>
          <dt>May hold</dt>
          <dd>{target.residencies.map((r) => labelOf(entries, 'residency', r)).join(', ') || '—'}</dd>
          <dt>Waiting to send</dt>
          <dd>{plural(target.pending, 'change', 'changes')}</dd>
          <dt>Last export</dt>
          <dd>
            <When iso={target.lastExportAt} now={now} never="Never" />
          </dd>
          <dt>Last import</dt>
          <dd>
            <When iso={target.lastImportAt} now={now} never="Never" />
          </dd>
        </dl>
        {target.suspended ? <p className="sync-target__error">{target.suspended}</p> : target.lastError ? <p className="sync-target__error">{target.lastError}</p> : null}
      </div>
      <button type="button" className="button button--primary" aria-describedby={headingId} disabled={busy || target.suspended !== null} aria-busy={exporting || undefined} onClick={onExport}>
        {exporting ? 'Exporting…' : 'Export bundle'}
      </button>
    </li>
  );
}

/**
 * Air-gap bundles on the Sync page: this device's keys, the servers it trusts, exporting a bundle for one of
 * them, and importing a server's answer, with progress and what moved.
 */
export function Bundles({ now }: { now: number }) {
  const { bundles, sync } = useApp();
  const status = useBundles((s) => s.status);
  const loadError = useBundles((s) => s.loadError);
  const work = useBundles((s) => s.work);
  const outcome = useBundles((s) => s.outcome);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void bundles.getState().load();
  }, [bundles]);
  // The result is announced where the action was; focus stays on the control that started it.
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [outcome]);

  if (status === undefined) return loadError ? <p role="alert" className="form__error">{loadError}</p> : null;
  if (status.unavailable) {
    return (
      <section className="panel" aria-labelledby="sync-bundles">
        <h2 id="sync-bundles">Bundles</h2>
        <p>{status.unavailable}</p>
      </section>
    );
  }
  const busy = work !== null;
  const device = status.device;
  const importing = work?.kind === 'import' ? work : null;

  async function onExport(targetId: string) {
    const file = await bundles.getState().exportTo(targetId);
    if (file) download(file.fileName, file.bytes, 'application/octet-stream');
    await sync.getState().load();
  }
  async function onImport(file: File) {
    await bundles.getState().importFile(file.name, new Uint8Array(await file.arrayBuffer()));
    // Acknowledged changes left the outbox: the counts on the page and in the sidebar follow.
    await sync.getState().load();
  }
  async function onTrust(file: File) {
    await bundles.getState().trust(await file.text());
    await sync.getState().load();
  }

  return (
    <section className="panel bundles" aria-labelledby="sync-bundles" aria-busy={busy || undefined}>
      <h2 id="sync-bundles">Bundles</h2>
      <p className="muted">
        Carry changes to and from a sync server on approved media when this device cannot reach it. A bundle is signed by this device and
        encrypted to the one server it is for; changes leave this device only when that server’s answer is imported.
      </p>

      <div className="bundles__step">
        <h3 className="bundles__step-title">This device’s keys</h3>
        {device ? (
          <>
            <dl className="details">
              <dt>Signs as</dt>
              <dd>{device.name}</dd>
              <dt>Fingerprint</dt>
              <dd className="bundles__fingerprint">{grouped(device.fingerprint)}</dd>
            </dl>
            <div className="bundles__actions">
              <button type="button" className="button" onClick={() => download(`fieldbook-device-${device.fingerprint.slice(0, 8)}.keys.json`, device.keyFile, 'application/json')}>
                Download public key file
              </button>
            </div>
            <p className="field__hint">Give this file to the server’s administrator to enrol, and read them the fingerprint so they can check it.</p>
            {status.targets.some((t) => t.suspended !== null) ? (
              <div className="bundles__actions">
                <p>This data folder counts as a new device now: create new keys, and have the new key file enrolled on each server.</p>
                <button type="button" className="button button--primary" disabled={busy} aria-busy={work?.kind === 'keys' || undefined} onClick={() => void bundles.getState().createKeys(true)}>
                  {work?.kind === 'keys' ? 'Creating…' : 'Create new bundle keys'}
                </button>
              </div>
            ) : null}
          </>
        ) : (
          <>
            <p>This device has no bundle keys yet. Create them once; the private half never leaves this data folder.</p>
            <div className="bundles__actions">
              <button type="button" className="button button--primary" disabled={busy} aria-busy={work?.kind === 'keys' || undefined} onClick={() => void bundles.getState().createKeys(false)}>
                {work?.kind === 'keys' ? 'Creating…' : 'Create bundle keys'}
              </button>
            </div>
          </>
        )}
      </div>

      <div className="bundles__step">
        <h3 className="bundles__step-title">Servers</h3>
        {status.targets.length === 0 ? (
          <p className="muted">No server is trusted for bundles yet. Choose the key file its administrator gave you.</p>
        ) : (
          <ul className="bundles__targets">
            {status.targets.map((t) => (
              <TargetRow key={t.id} target={t} now={now} busy={busy || device === null} onExport={() => void onExport(t.id)} />
            ))}
          </ul>
        )}
        <FilePicker
          label="Trust a server’s key file"
          hint="A .keys.json file from the server’s administrator. Compare the fingerprint shown afterwards with theirs."
          accept=".json,application/json"
          disabled={busy}
          onFile={(file) => void onTrust(file)}
        />
      </div>

      <div className="bundles__step">
        <h3 className="bundles__step-title">Import</h3>
        <FilePicker
          label="Import a bundle from a server"
          hint="The answer a server wrote for this device (a .fbbundle file). Importing one twice changes nothing."
          accept=".fbbundle,application/octet-stream"
          disabled={busy || device === null}
          onFile={(file) => void onImport(file)}
        />
        {importing ? (
          <div className="bundles__progress">
            <label>
              {importing.applying ? 'Applying the bundle…' : `Reading the bundle… ${Math.round((importing.sent / Math.max(1, importing.total)) * 100)} %`}
              <progress value={importing.applying ? undefined : importing.sent} max={importing.total} />
            </label>
          </div>
        ) : null}
      </div>

      <div ref={outcomeRef}>
        <Outcome outcome={outcome} />
      </div>
    </section>
  );
}
