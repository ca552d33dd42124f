// Command-line options of the bench scripts: `--name value`.

/** The value after `--name`, or undefined when the option is not given. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A count or duration `--name N` (the fallback when not given); anything else is refused. */
export function numberArg(name: string, fallback: number): number {
  const raw = argValue(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${name} needs a number, got ${raw}`);
  return value;
}
