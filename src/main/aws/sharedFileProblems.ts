/** What to do about a shared file that cannot be read, by the error's code; the file itself is left alone. */
export function unreadableMessage(code: string, path: string, flavour: 'config' | 'credentials'): string {
  const variable = flavour === 'config' ? 'AWS_CONFIG_FILE' : 'AWS_SHARED_CREDENTIALS_FILE';
  switch (code) {
    case 'EISDIR':
      return `The file could not be read (EISDIR): ${path} is a directory, not a file. Move it aside and put the file there, or set ${variable} to the file.`;
    case 'EACCES':
    case 'EPERM':
      return `The file could not be read (${code}): permission denied. Let your user read it, e.g. chmod 600 ${path}.`;
    case 'not-a-file':
      return `The file could not be read: ${path} is not a regular file (a pipe, socket or device), so Trellis does not open it.`;
    default:
      return `The file could not be read (${code}).`;
  }
}
