/**
 * The clock offset in seconds, one decimal, in the reader's language ("0,3" in French, not
 * "0.3"). An offset that rounds to nothing reads 0.0, not "-0.0": toFixed kept the sign of a few
 * milliseconds behind.
 */
export function clockOffsetText(offsetMs: number, language: string): string {
  const tenths = Math.round(offsetMs / 100);
  return new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    tenths === 0 ? 0 : tenths / 10,
  );
}
