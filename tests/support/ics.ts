// Reads .ics text in tests: unfolds continuation lines and splits each into name, params, value.

export interface IcsLine {
  name: string;
  params: string;
  value: string;
}

export function parseIcs(ics: string): IcsLine[] {
  return ics
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter(Boolean)
    .map((line) => {
      // The first colon outside double-quoted parameter values.
      const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      const [name, ...params] = line.slice(0, colon).split(";");
      return { name, params: params.join(";"), value: line.slice(colon + 1) };
    });
}

/** The value of the first property `name` in the file. */
export function icsValue(ics: string, name: string): string | undefined {
  return parseIcs(ics).find((line) => line.name === name)?.value;
}
