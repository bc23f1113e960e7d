/**
 * Files in and out of the renderer. The core sends and takes file bytes as base64 (the API carries JSON).
 *
 * Seam for the desktop shell: `saveFile` is the one place the renderer hands over a file the person keeps.
 * In the browser host it is a download (a Blob behind an <a download>); in Electron the shell will offer a
 * native save dialog here instead.
 */
export async function saveFile(name: string, bytes: Uint8Array, mimeType = 'application/octet-stream'): Promise<void> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType });
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The download has started from the link; keep the URL a moment for browsers that read it lazily.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return Promise.resolve();
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A chosen file's bytes as base64, in slices so a large file does not overflow the argument list. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice) binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  return btoa(binary);
}
