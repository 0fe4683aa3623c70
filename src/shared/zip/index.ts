/**
 * Minimal ZIP support in plain TypeScript (Uint8Array and DataView only), so
 * both the sandbox and the main process can list a source bundle's entries
 * without native modules. Only what Elastic Beanstalk checks needs: the
 * central directory listing, and STORE-method archives for test fixtures and
 * scenario bundles.
 */

export interface ZipEntry {
  path: string;
  size: number;
  compressedSize: number;
  isDirectory: boolean;
  /** 0 = STORE, 8 = DEFLATE; others are listed but not readable here. */
  method: number;
  /** Where the entry's local header starts, for reading its data. */
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_EOCD_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
/** The EOCD may be followed by a comment of up to 65535 bytes. */
const MAX_COMMENT = 0xffff;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
/** General purpose flag bit 11: names are UTF-8 rather than CP437. */
const UTF8_FLAG = 0x0800;

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - EOCD_MIN_SIZE - MAX_COMMENT);
  for (let offset = view.byteLength - EOCD_MIN_SIZE; offset >= lowest; offset -= 1) {
    if (view.getUint32(offset, true) === EOCD_SIGNATURE) {
      // A real EOCD's comment length reaches exactly to the end of the file; this rejects stray signatures in data.
      const commentLength = view.getUint16(offset + 20, true);
      if (offset + EOCD_MIN_SIZE + commentLength === view.byteLength) return offset;
    }
  }
  throw new ZipFormatError(
    'Not a ZIP archive: no end-of-central-directory record was found in the last 64 KiB of the file.',
  );
}

/** CP437 covers ASCII identically; bytes above 0x7F are rare in bundle names, so they are decoded as Latin-1. */
function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(bytes);
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}

/** Lists the entries recorded in the archive's central directory, in archive order. */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  if (bytes.byteLength < EOCD_MIN_SIZE) {
    throw new ZipFormatError(
      `Not a ZIP archive: ${bytes.byteLength} bytes is shorter than the 22-byte end-of-central-directory record.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  const entryCount = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  const zip64 =
    entryCount === 0xffff ||
    directorySize === 0xffffffff ||
    directoryOffset === 0xffffffff ||
    (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_EOCD_LOCATOR_SIGNATURE);
  if (zip64) throw new ZipFormatError('ZIP64 archives are not supported.');
  if (directoryOffset + directorySize > eocd) {
    throw new ZipFormatError(
      `Corrupt ZIP archive: the central directory (offset ${directoryOffset}, ${directorySize} bytes) overlaps the end record at ${eocd}.`,
    );
  }

  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index += 1) {
    if (offset + CENTRAL_HEADER_SIZE > eocd || view.getUint32(offset, true) !== CENTRAL_HEADER_SIGNATURE) {
      throw new ZipFormatError(
        `Corrupt ZIP archive: central directory entry ${index + 1} of ${entryCount} at offset ${offset} has no valid header.`,
      );
    }
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const localHeaderOffset = view.getUint32(offset + 42, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const nameStart = offset + CENTRAL_HEADER_SIZE;
    if (nameStart + nameLength > eocd) {
      throw new ZipFormatError(`Corrupt ZIP archive: the name of entry ${index + 1} runs past the central directory.`);
    }
    const path = decodeName(bytes.subarray(nameStart, nameStart + nameLength), (flags & UTF8_FLAG) !== 0);
    entries.push({ path, size, compressedSize, isDirectory: path.endsWith('/'), method, localHeaderOffset });
    offset = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The entry's bytes as stored (still compressed when method is 8); the
 * caller inflates, because this module stays free of node built-ins.
 */
export function zipEntryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + LOCAL_HEADER_SIZE > bytes.byteLength || view.getUint32(at, true) !== LOCAL_HEADER_SIGNATURE) {
    throw new ZipFormatError(`Corrupt ZIP archive: ${entry.path} has no local header at offset ${at}.`);
  }
  // The local header's own name and extra lengths may differ from the central directory's.
  const start = at + LOCAL_HEADER_SIZE + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) {
    throw new ZipFormatError(`Corrupt ZIP archive: the data of ${entry.path} runs past the end of the file.`);
  }
  return bytes.subarray(start, start + entry.compressedSize);
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 1980-01-01 00:00 in MS-DOS format: fixed, so the same input always yields the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Builds an uncompressed (STORE) archive that `unzip` and Python's zipfile accept. */
export function createStoredZip(files: { path: string; content: Uint8Array | string }[]): Uint8Array {
  const encoder = new TextEncoder();
  const prepared = files.map((file) => {
    const name = encoder.encode(file.path);
    const data = typeof file.content === 'string' ? encoder.encode(file.content) : file.content;
    if (name.length > 0xffff) throw new ZipFormatError(`Entry name too long: ${file.path.slice(0, 40)}…`);
    return { name, data, crc: crc32(data) };
  });
  const localSize = prepared.reduce((sum, f) => sum + LOCAL_HEADER_SIZE + f.name.length + f.data.length, 0);
  const centralSize = prepared.reduce((sum, f) => sum + CENTRAL_HEADER_SIZE + f.name.length, 0);
  if (localSize + centralSize + EOCD_MIN_SIZE > 0xffffffff || prepared.length > 0xffff) {
    throw new ZipFormatError('Archive too large for a non-ZIP64 archive.');
  }
  const out = new Uint8Array(localSize + centralSize + EOCD_MIN_SIZE);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let offset = 0;
  for (const file of prepared) {
    offsets.push(offset);
    view.setUint32(offset, LOCAL_HEADER_SIGNATURE, true);
    view.setUint16(offset + 4, 20, true); // version needed: 2.0
    view.setUint16(offset + 6, UTF8_FLAG, true);
    view.setUint16(offset + 8, 0, true); // STORE
    view.setUint16(offset + 10, DOS_TIME, true);
    view.setUint16(offset + 12, DOS_DATE, true);
    view.setUint32(offset + 14, file.crc, true);
    view.setUint32(offset + 18, file.data.length, true);
    view.setUint32(offset + 22, file.data.length, true);
    view.setUint16(offset + 26, file.name.length, true);
    view.setUint16(offset + 28, 0, true);
    out.set(file.name, offset + LOCAL_HEADER_SIZE);
    out.set(file.data, offset + LOCAL_HEADER_SIZE + file.name.length);
    offset += LOCAL_HEADER_SIZE + file.name.length + file.data.length;
  }
  const directoryOffset = offset;
  prepared.forEach((file, index) => {
    view.setUint32(offset, CENTRAL_HEADER_SIGNATURE, true);
    view.setUint16(offset + 4, 20, true); // made by: MS-DOS, 2.0
    view.setUint16(offset + 6, 20, true);
    view.setUint16(offset + 8, UTF8_FLAG, true);
    view.setUint16(offset + 10, 0, true);
    view.setUint16(offset + 12, DOS_TIME, true);
    view.setUint16(offset + 14, DOS_DATE, true);
    view.setUint32(offset + 16, file.crc, true);
    view.setUint32(offset + 20, file.data.length, true);
    view.setUint32(offset + 24, file.data.length, true);
    view.setUint16(offset + 28, file.name.length, true);
    // extra, comment, disk number, internal attributes: all zero.
    // External attributes: MS-DOS directory bit for folder entries.
    const isDirectory = files[index]?.path.endsWith('/') ?? false;
    view.setUint32(offset + 38, isDirectory ? 0x10 : 0, true);
    view.setUint32(offset + 42, offsets[index] ?? 0, true);
    out.set(file.name, offset + CENTRAL_HEADER_SIZE);
    offset += CENTRAL_HEADER_SIZE + file.name.length;
  });
  view.setUint32(offset, EOCD_SIGNATURE, true);
  view.setUint16(offset + 8, prepared.length, true);
  view.setUint16(offset + 10, prepared.length, true);
  view.setUint32(offset + 12, offset - directoryOffset, true);
  view.setUint32(offset + 16, directoryOffset, true);
  return out;
}
