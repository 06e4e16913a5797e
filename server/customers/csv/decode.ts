import { isUtf8 } from 'node:buffer';
import { setImmediate as nextTurn } from 'node:timers/promises';
import iconv from 'iconv-lite';
import type { CsvEncoding } from '../../../common/customers';

/** Bytes handled between two turns of the event loop: a few milliseconds of work, so webhooks and sockets never wait behind a file. */
export const SLICE_BYTES = 64 * 1024;

const REPLACEMENT = '\ufffd';

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf(REPLACEMENT); i !== -1; i = text.indexOf(REPLACEMENT, i + 1)) n++;
  return n;
}

/** How many characters the file reads as U+FFFD in an encoding, slice by slice; stops counting once past `enough`. */
async function undecodableIn(bytes: Buffer, encoding: CsvEncoding, enough: number): Promise<number> {
  const decoder = encoding === 'utf-8' ? new TextDecoder('utf-8') : iconv.getDecoder('cp932');
  const write = (slice: Buffer) => (decoder instanceof TextDecoder ? decoder.decode(slice, { stream: true }) : decoder.write(slice));
  let count = 0;
  for (let start = 0; start < bytes.length && count <= enough; start += SLICE_BYTES) {
    count += countReplacements(write(bytes.subarray(start, start + SLICE_BYTES)));
    await nextTurn();
  }
  return count + countReplacements((decoder instanceof TextDecoder ? decoder.decode() : decoder.end()) ?? '');
}

/**
 * UTF-8 when the bytes are valid UTF-8 or start with its BOM, else CP932 (Shift_JIS with Microsoft's
 * extensions: ①, ㈱, NEC and IBM kanji), unless UTF-8 reads fewer bytes as undecodable: a UTF-8
 * file with a few damaged bytes is still UTF-8, its damaged cells are reported, not the whole file misread.
 */
export async function detectEncoding(bytes: Buffer): Promise<CsvEncoding> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (isUtf8(bytes)) return 'utf-8';
  const shiftJis = await undecodableIn(bytes, 'shift_jis', Number.POSITIVE_INFINITY);
  if (shiftJis === 0) return 'shift_jis';
  return (await undecodableIn(bytes, 'utf-8', shiftJis)) < shiftJis ? 'utf-8' : 'shift_jis';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One cell's bytes as text; `undecodable` when they are not valid in the file's encoding (or hold
 * U+FFFD, which is where some earlier program lost characters): such a cell is never stored.
 */
export function decodeCell(bytes: Uint8Array, encoding: CsvEncoding): { text: string; undecodable: boolean } {
  // Most cells are ASCII (numbers, emails, dates), the same in both encodings.
  if (bytes.every((b) => b < 0x80)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), undecodable: false };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = utf8.decode(buffer);
    } catch {
      return { text: buffer.toString('utf8'), undecodable: true };
    }
  } else {
    text = iconv.decode(buffer, 'cp932');
  }
  return { text, undecodable: text.includes(REPLACEMENT) };
}
