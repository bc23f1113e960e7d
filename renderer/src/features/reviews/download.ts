import type { ExportedFile } from '../../../../core/model';

/** How long the object URL outlives the click: the browser has started the download well before. */
const REVOKE_AFTER_MS = 60_000;

/** The bytes of an exported file: text as is, binary decoded from the base64 it crossed the API in. */
export function fileBytes(file: ExportedFile): BlobPart {
  if (file.encoding === 'utf8') return file.content;
  const binary = atob(file.content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Saves an exported file the way a web page can: a Blob behind a temporary link with `download`. The browser
 * host saves it to the downloads folder; the desktop shell decides where (its will-download handler).
 */
export function downloadFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([fileBytes(file)], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
