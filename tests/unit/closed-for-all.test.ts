// The lab calendar shades a time over several instruments only when all of them are closed.
import { describe, expect, it } from "vitest";
import { closedForAll } from "~/lib/labs/closed-for-all";

const span = (instrument_id: string, from: string, to: string) => ({
  instrument_id,
  starts_at: `2027-02-0${from}:00.000Z`,
  ends_at: `2027-02-0${to}:00.000Z`,
});
const at = (day: string) => `2027-02-0${day}:00.000Z`;

describe("closedForAll", () => {
  it("shades one instrument's own closures when it is the only one shown", () => {
    const closures = [span("a", "1T08:00", "1T12:00"), span("b", "2T00:00", "3T00:00")];
    expect(closedForAll(closures, ["a"])).toEqual([{ starts_at: at("1T08:00"), ends_at: at("1T12:00") }]);
  });

  it("shades nothing when one instrument of several is in maintenance", () => {
    const closures = [span("a", "1T00:00", "8T00:00")];
    expect(closedForAll(closures, ["a", "b"])).toEqual([]);
  });

  it("shades only the hours every instrument is closed, joining touching and overlapping spans", () => {
    const closures = [
      span("a", "1T00:00", "1T12:00"),
      span("a", "1T12:00", "2T00:00"), // touches the one before: a is closed all of the 1st
      span("b", "1T08:00", "1T10:00"),
      span("b", "1T09:00", "1T14:00"), // overlaps: b is closed 08:00–14:00
      span("b", "1T20:00", "2T06:00"),
      span("c", "1T00:00", "3T00:00"),
    ];
    expect(closedForAll(closures, ["a", "b", "c"])).toEqual([
      { starts_at: at("1T08:00"), ends_at: at("1T14:00") },
      { starts_at: at("1T20:00"), ends_at: at("2T00:00") },
    ]);
  });

  it("shades nothing for a lab without instruments", () => {
    expect(closedForAll([span("a", "1T00:00", "2T00:00")], [])).toEqual([]);
  });
});
