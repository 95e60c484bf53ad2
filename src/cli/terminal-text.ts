/**
 * Text from files and databases shown on a terminal: control characters (ESC sequences can move the
 * cursor, rewrite the title bar or hide text; bidi overrides can reorder what is shown) are printed
 * as visible escapes such as `\x1b` or `\u202e` instead of being sent to the terminal.
 */
// C0 controls except tab and newline, DEL, C1 controls, and Unicode bidi embeddings/overrides/isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
