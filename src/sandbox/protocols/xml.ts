/**
 * A minimal XML writer for AWS's query-protocol responses. Response bodies are
 * described as plain nested objects so service modules never touch markup and
 * escaping happens in exactly one place.
 */

/** Arrays render as awsQuery `<member>` lists; `undefined` fields are left out. */
export type XmlValue = string | number | boolean | Date | XmlNode | readonly XmlValue[] | undefined;
export interface XmlNode {
  readonly [element: string]: XmlValue;
}

// XML 1.0 cannot carry these code points at all, not even as character
// references, so they are replaced rather than escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is the purpose here
const FORBIDDEN_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes character data. Quotes need no escaping outside attributes, and AWS leaves them alone. */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

export function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** AWS timestamps in query responses: ISO-8601 UTC without milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isXmlList(value: XmlValue): value is readonly XmlValue[] {
  return Array.isArray(value);
}

/** awsQuery lists wrap each entry in `<member>`; ec2Query uses `<item>`. */
export type ListItemName = 'member' | 'item';

function renderContent(value: Exclude<XmlValue, undefined>, item: ListItemName): string {
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return isoSeconds(value);
  if (isXmlList(value)) return value.map((entry) => renderElement(item, entry, {}, item)).join('');
  return renderChildren(value, item);
}

export function renderChildren(node: XmlNode, item: ListItemName = 'member'): string {
  return Object.entries(node)
    .map(([name, value]) => renderElement(name, value, {}, item))
    .join('');
}

export function renderElement(
  name: string,
  value: XmlValue,
  attributes: Record<string, string> = {},
  item: ListItemName = 'member',
): string {
  if (value === undefined) return '';
  const attrs = Object.entries(attributes)
    .map(([key, attr]) => ` ${key}="${escapeAttribute(attr)}"`)
    .join('');
  const content = renderContent(value, item);
  return content === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}
