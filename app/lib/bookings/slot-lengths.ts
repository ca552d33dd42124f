// Which booking lengths fit at a start time, from the engine's free slots of the minimum length.
// free_slots() lists every aligned start where a minimum-length booking fits; free time is a set
// of disjoint ranges, so [s, s + L) is free exactly when every start s, s + slot, …, s + L − min is
// listed. Shared by the booking form (browser) and its loader (server).

export interface LengthRules {
  slotMinutes: number;
  minMinutes: number;
  maxMinutes: number;
}

const MINUTE = 60_000;

/** Every length the instrument allows: min, min + slot, …, max. */
export function allowedLengths({ slotMinutes, minMinutes, maxMinutes }: LengthRules): number[] {
  const lengths: number[] = [];
  for (let minutes = minMinutes; minutes <= maxMinutes; minutes += slotMinutes) lengths.push(minutes);
  return lengths;
}

/**
 * The lengths that fit at `start` (epoch ms) given the free minimum-length starts. `knownFit` is a
 * length the engine confirmed for this start (a longer time chosen in the calendar beyond the
 * listed days): every allowed length up to it fits too.
 */
export function lengthsThatFit(freeStarts: ReadonlySet<number>, start: number, rules: LengthRules, knownFit = 0): number[] {
  const fits: number[] = [];
  for (const minutes of allowedLengths(rules)) {
    if (minutes <= knownFit) {
      fits.push(minutes);
      continue;
    }
    let ok = true;
    for (let t = start; t <= start + (minutes - rules.minMinutes) * MINUTE; t += rules.slotMinutes * MINUTE) {
      if (!freeStarts.has(t)) {
        ok = false;
        break;
      }
    }
    if (!ok) break; // a longer booking needs everything a shorter one does
    fits.push(minutes);
  }
  return fits;
}
