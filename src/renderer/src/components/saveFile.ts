/**
 * Saves text as a file through the browser's download, the one way both the
 * desktop window and web mode can hand the user a file without main's help.
 */
export function saveFile(text: string, name: string, type = 'text/plain;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy by now; the delay covers browsers that read the blob lazily.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
