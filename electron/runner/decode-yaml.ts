/**
 * A valohai.yaml's bytes as text: UTF-8, as Valohai reads it. A byte-order mark is dropped, or
 * with `keepBom` kept (the editor writes back the file's own bytes). Anything else is said as what
 * it is, with the way out, rather than read as mangled text.
 */
export type DecodedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly code: 'utf16' | 'binary-file' | 'not-utf8'; readonly message: string };

export function decodeYamlBytes(bytes: Uint8Array, keepBom = false): DecodedText {
  const [a, b] = bytes;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
    return { ok: false, code: 'utf16', message: 'File is UTF-16 text (what Windows Notepad saves as "Unicode"): save it as UTF-8' };
  }
  if (bytes.includes(0)) return { ok: false, code: 'binary-file', message: 'File is binary (it contains NUL bytes), not YAML text' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepBom }).decode(bytes) };
  } catch {
    return { ok: false, code: 'not-utf8', message: 'File is not UTF-8 text: save it as UTF-8' };
  }
}
