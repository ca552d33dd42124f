// When a lab calendar over several instruments may shade a time as closed: only where every
// instrument shown is closed or in maintenance. One instrument's maintenance must not grey out
// the whole lab's week (its closures stay listed under the calendar, with the instrument's name).
// Shared by server and browser; pure.

export interface ClosureSpan {
  instrument_id: string;
  starts_at: string;
  ends_at: string;
}

type Span = [start: number, end: number];

/** Sorted, with overlapping or touching spans joined. */
function merged(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

function intersected(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]![0], b[j]![0]);
    const end = Math.min(a[i]![1], b[j]![1]);
    if (start < end) out.push([start, end]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/** The times (ISO instants) at which every one of `instrumentIds` has a closure or maintenance. */
export function closedForAll(closures: readonly ClosureSpan[], instrumentIds: readonly string[]): { starts_at: string; ends_at: string }[] {
  let common: Span[] | null = null;
  for (const id of instrumentIds) {
    const own = merged(closures.filter((c) => c.instrument_id === id).map((c): Span => [Date.parse(c.starts_at), Date.parse(c.ends_at)]));
    common = common === null ? own : intersected(common, own);
    if (common.length === 0) return [];
  }
  return (common ?? []).map(([start, end]) => ({ starts_at: new Date(start).toISOString(), ends_at: new Date(end).toISOString() }));
}
