// Content-Encoding (gzip, deflate, br) decoded with a cap on the decoded size:
// the decoded page counts against the page size limit, so a decompression
// bomb (1 MB that inflates to 1 GiB) stops at the cap and fails that page only.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';

/** What the crawler asks for, as a browser does. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

export type Decoded = { bytes: Buffer; coding: string | null; error: null } | { bytes: null; coding: string | null; error: string };

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** One coding; throws on corrupt data or past `maxBytes` (zlib stops inflating there). */
function decodeOne(coding: string, bytes: Buffer, maxBytes: number): Buffer {
  const limit: ZlibOptions = { maxOutputLength: maxBytes };
  if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(bytes, limit);
  if (coding === 'br') return brotliDecompressSync(bytes, limit);
  // "deflate" is meant to be zlib-wrapped, but some servers send it raw.
  try {
    return inflateSync(bytes, limit);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return inflateRawSync(bytes, limit);
  }
}

const KNOWN = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** The body decoded as its Content-Encoding header says (codings applied in order are undone in reverse). */
export function decodeBody(raw: Buffer, header: string | undefined, maxBytes: number): Decoded {
  const codings = (header ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c && c !== 'identity');
  if (codings.length === 0) return { bytes: raw, coding: null, error: null };
  const coding = codings.join(', ');
  const unknown = codings.find((c) => !KNOWN.has(c));
  if (unknown) return { bytes: null, coding, error: `content encoded as ${unknown}, which the crawler does not decode` };
  let bytes = raw;
  try {
    for (const c of codings.reverse()) bytes = decodeOne(c, bytes, maxBytes);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return { bytes: null, coding, error: `page larger than ${mb(maxBytes)} once decoded (${coding}, ${raw.length} bytes sent); decoding stopped there` };
    }
    return { bytes: null, coding, error: `the ${coding} body could not be decoded (${(err as Error).message})` };
  }
  return { bytes, coding, error: null };
}
