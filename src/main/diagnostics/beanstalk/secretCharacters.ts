/**
 * Characters that change meaning when a secret is pasted into a config file,
 * a shell line or a URL (F9). Seed 004's password held `&o`, which a sed
 * substitution / uwsgi ini expansion turned into a path. Only classes are
 * reported, never positions or the value.
 */
export interface RiskyCharacter {
  char: string;
  name: string;
  /** Where it breaks, in plain words. */
  danger: string;
}

const TABLE: readonly RiskyCharacter[] = [
  {
    char: '&',
    name: 'ampersand',
    danger:
      'uwsgi ini files and sed replacements expand it (seed 004: "&o" became a path); a shell runs what follows in the background',
  },
  {
    char: '%',
    name: 'percent sign',
    danger:
      'ini interpolation (Python configparser, uwsgi %(...) magic variables) expands it; in a URL it starts a percent-escape',
  },
  { char: '$', name: 'dollar sign', danger: 'shells, .env loaders and uwsgi $(VAR) expand it as a variable' },
  { char: '`', name: 'backtick', danger: 'shells run the text between backticks as a command' },
  { char: '\\', name: 'backslash', danger: 'an escape character in shells, ini, JSON and YAML values' },
  { char: '"', name: 'double quote', danger: 'ends a quoted value in shells, JSON, YAML and ini files' },
  { char: "'", name: 'single quote', danger: 'ends a quoted value in shells, YAML and SQL' },
  { char: '#', name: 'hash', danger: 'starts a comment in ini, shell and .env files; in a URL it starts the fragment' },
  { char: ';', name: 'semicolon', danger: 'starts an inline comment in ini files; separates shell commands' },
  { char: ' ', name: 'space', danger: 'splits an unquoted shell word; trimmed at the ends of ini values' },
  { char: '@', name: 'at sign', danger: 'in a database URL (user:password@host) it ends the password early' },
  { char: ':', name: 'colon', danger: 'in a database URL it separates user from password, and host from port' },
  { char: '/', name: 'slash', danger: 'in a database URL it ends the host part' },
];

/** The risky characters present, in table order, each once. Other whitespace counts as a space. */
export function riskyCharacters(value: string): RiskyCharacter[] {
  const normalised = value.replace(/\s/g, ' ');
  return TABLE.filter((entry) => normalised.includes(entry.char));
}

export function describeRisky(found: readonly RiskyCharacter[]): string {
  return found.map((f) => `${f.name} (${f.char === ' ' ? 'space' : f.char})`).join(', ');
}
