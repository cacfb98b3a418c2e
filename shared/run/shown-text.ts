/**
 * A log line as a terminal would leave it on screen: a line redrawn with carriage returns (a
 * progress bar: `\r 10%\r 20%…`) shows its last drawing, and colour and cursor codes (ANSI CSI
 * sequences) are not text. The log itself keeps every byte; this is for showing a line in the
 * editor or under a failed step, where the raw form is one long unreadable line.
 */
// (Built from a string: a control character written in a regular expression literal reads as a typo.)
const CSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`, 'g');

export function shownText(text: string): string {
  const plain = text.includes('\x1b') ? text.replace(CSI, '') : text;
  if (!plain.includes('\r')) return plain;
  const drawings = plain.split('\r');
  for (let i = drawings.length - 1; i >= 0; i -= 1) if (drawings[i] !== '') return drawings[i] as string;
  return '';
}
