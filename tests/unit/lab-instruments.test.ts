// The lab's instrument form, the photo check by content, and the hours form and preview: pure
// modules, no database (the database's own refusals are in tests/integration/lab/).
import { describe, expect, it } from "vitest";
import { exceptionFormSchema, parseWeeklyHours, periodField, previewHours } from "~/lib/instruments/hours";
import { instrumentFormSchema, technicianFormSchema } from "~/lib/instruments/instrument-form";
import { photoSrc, sniffPhotoType } from "~/lib/instruments/photo";
import { firstError, submit } from "../support/forms";

const valid = {
  nameZh: "原子力显微镜",
  nameEn: "Atomic force microscope",
  categoryId: "00000000-0000-4000-8000-000000000411",
  hourlyRate: "600",
  smeRate: "400",
  serviceModes: "sample_submission",
  requiresApproval: "on",
  slotMinutes: "60",
  minMinutes: "60",
  maxMinutes: "480",
  leadTimeHours: "24",
  cancellationHours: "24",
  horizonDays: "90",
};

describe("the instrument form", () => {
  it("accepts a complete form and fills the optional fields", () => {
    const result = submit(instrumentFormSchema, valid);
    expect(result.success).toBe(true);
    expect(result.value).toMatchObject({ hourlyRate: 600, smeRate: 400, serviceModes: ["sample_submission"], requiresApproval: true, requiresAuthorisation: false, originalValue: null, chainIds: [], specsZh: "" });
  });

  it.each([
    ["smeRate", { smeRate: "700" }, "labInstruments.error.smeAboveStandard"],
    ["hourlyRate", { hourlyRate: "-1" }, "labInstruments.error.negative"],
    ["hourlyRate", { hourlyRate: "abc" }, "labInstruments.error.number"],
    ["hourlyRate", { hourlyRate: "1.234" }, "labInstruments.error.cents"],
    ["originalValue", { originalValue: "-5" }, "labInstruments.error.negative"],
    ["specsEn", { specsEn: "<script>alert(1)</script>" }, "labInstruments.error.html"],
    ["nameZh", { nameZh: "<b>SEM</b>" }, "labInstruments.error.html"],
    ["nameZh", { nameZh: "仪" }, "labInstruments.error.nameLength"],
    ["nameZh", { nameZh: "扫描\u0000电镜" }, "validation.controlCharacters"],
    ["specsZh", { specsZh: "x".repeat(4001) }, "validation.tooLong"],
    ["categoryId", { categoryId: "not-a-uuid" }, "labInstruments.error.category"],
    ["serviceModes", { serviceModes: undefined }, "labInstruments.error.serviceModes"],
    ["slotMinutes", { slotMinutes: "45" }, "labInstruments.error.slot"],
    ["minMinutes", { minMinutes: "90" }, "labInstruments.error.multipleOfSlot"],
    ["maxMinutes", { maxMinutes: "30", minMinutes: "60", slotMinutes: "30" }, "labInstruments.error.maxBelowMin"],
    ["leadTimeHours", { leadTimeHours: "1000" }, "labInstruments.error.range"],
    ["horizonDays", { horizonDays: "0" }, "labInstruments.error.range"],
  ])("refuses a bad %s with a translated message", (field, change, message) => {
    const result = submit(instrumentFormSchema, { ...valid, ...change });
    expect(result.success).toBe(false);
    expect(firstError(result, field)).toBe(message);
  });

  it("keeps text with a less-than sign that is not markup", () => {
    expect(submit(instrumentFormSchema, { ...valid, specsEn: "Resolution < 1 nm, 2<3" }).success).toBe(true);
  });

  it("a technician's form carries no manager field", () => {
    const result = submit(technicianFormSchema, { nameZh: valid.nameZh, nameEn: valid.nameEn, categoryId: valid.categoryId, hourlyRate: "1" });
    expect(result.success).toBe(true);
    expect(result.value).not.toHaveProperty("hourlyRate");
  });
});

describe("photos are judged by their bytes", () => {
  it("recognises JPEG, PNG and WebP and nothing else", () => {
    expect(sniffPhotoType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.mime).toBe("image/jpeg");
    expect(sniffPhotoType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe("image/png");
    expect(sniffPhotoType(new Uint8Array([...Buffer.from("RIFF"), 1, 2, 3, 4, ...Buffer.from("WEBPVP8 ")]))?.mime).toBe("image/webp");
    expect(sniffPhotoType(new Uint8Array(Buffer.from("%PDF-1.7\n")))).toBeNull();
    expect(sniffPhotoType(new Uint8Array(Buffer.from("GIF89a")))).toBeNull();
    expect(sniffPhotoType(new Uint8Array(Buffer.from("<svg xmlns=")))).toBeNull();
    expect(sniffPhotoType(new Uint8Array([...Buffer.from("RIFF"), 1, 2, 3, 4, ...Buffer.from("WAVE")]))).toBeNull();
    expect(sniffPhotoType(new Uint8Array([]))).toBeNull();
  });

  it("builds the public URL of a stored photo, or uses a hosted one", () => {
    expect(photoSrc({ photo_path: "a/b/c.png", photo_url: "/x.png" }, "http://127.0.0.1:54321/")).toBe(
      "http://127.0.0.1:54321/storage/v1/object/public/instrument-photos/a/b/c.png",
    );
    expect(photoSrc({ photo_path: null, photo_url: "/images/instruments/analytical.png" }, "http://x")).toBe("/images/instruments/analytical.png");
    expect(photoSrc({}, "http://x")).toBeNull();
  });
});

describe("weekly hours", () => {
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(entries)) data.append(k, v);
    return data;
  };

  it("reads periods per weekday, an end of 24:00 included", () => {
    const { periods, errors } = parseWeeklyHours(
      form({ [periodField(1, 0, "start")]: "08:00", [periodField(1, 0, "end")]: "12:00", [periodField(1, 1, "start")]: "13:00", [periodField(1, 1, "end")]: "24:00" }),
    );
    expect(errors).toEqual({});
    expect(periods).toEqual([
      { weekday: 1, start: "08:00", end: "12:00" },
      { weekday: 1, start: "13:00", end: "24:00" },
    ]);
  });

  it("says what is wrong at the field: order, overlap, format, a missing half", () => {
    const { errors } = parseWeeklyHours(
      form({
        [periodField(1, 0, "start")]: "12:00",
        [periodField(1, 0, "end")]: "08:00",
        [periodField(2, 0, "start")]: "08:00",
        [periodField(2, 0, "end")]: "12:00",
        [periodField(2, 1, "start")]: "11:00",
        [periodField(2, 1, "end")]: "13:00",
        [periodField(3, 0, "start")]: "8am",
        [periodField(3, 0, "end")]: "12:00",
        [periodField(4, 0, "start")]: "09:00",
      }),
    );
    expect(errors).toEqual({
      [periodField(1, 0, "end")]: "labHours.error.endBeforeStart",
      [periodField(2, 1, "end")]: "labHours.error.overlap",
      [periodField(3, 0, "start")]: "labHours.error.time",
      [periodField(4, 0, "end")]: "labHours.error.bothTimes",
    });
  });

  it("an exception's end must follow its start, and its reasons are plain text", () => {
    const bad = exceptionFormSchema.safeParse({ kind: "closure", startsAt: "2027-03-02T12:00", endsAt: "2027-03-02T10:00" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["endsAt", "labHours.error.endBeforeStart"]]);
    const html = exceptionFormSchema.safeParse({ kind: "closure", startsAt: "2027-03-02T08:00", endsAt: "2027-03-02T10:00", noteEn: "<img src=x>" });
    expect(html.error?.issues[0].message).toBe("labInstruments.error.html");
    const ok = exceptionFormSchema.parse({ kind: "maintenance", startsAt: "2027-03-02T08:00", endsAt: "2027-03-02T10:00" });
    expect(ok.startsAt.toISOString()).toBe("2027-03-02T00:00:00.000Z");
  });

  it("previews two weeks: weekly hours plus extra openings, minus closures and maintenance", () => {
    // 2027-03-01 is a Monday.
    const days = previewHours(
      [
        { weekday: 1, start: "08:00", end: "18:00" },
        { weekday: 2, start: "08:00", end: "18:00" },
      ],
      [
        { id: "c", kind: "closure", startsAt: "2027-03-01T04:00:00.000Z", endsAt: "2027-03-01T05:00:00.000Z", noteZh: "", noteEn: "" },
        { id: "e", kind: "extra_opening", startsAt: "2027-03-06T01:00:00.000Z", endsAt: "2027-03-06T04:00:00.000Z", noteZh: "", noteEn: "" },
        { id: "m", kind: "maintenance", startsAt: "2027-03-08T00:00:00.000Z", endsAt: "2027-03-10T00:00:00.000Z", noteZh: "", noteEn: "" },
      ],
      "2027-03-01",
    );
    expect(days).toHaveLength(14);
    expect(days[0].open).toEqual([
      { start: "08:00", end: "12:00" },
      { start: "13:00", end: "18:00" },
    ]);
    expect(days[1].open).toEqual([{ start: "08:00", end: "18:00" }]);
    expect(days[2].open).toEqual([]);
    expect(days[5].open).toEqual([{ start: "09:00", end: "12:00" }]);
    // Maintenance from Monday 08:00 to Wednesday 08:00 (Shanghai): both days closed.
    expect(days[7].open).toEqual([]);
    expect(days[8].open).toEqual([]);
    expect(days[7].exceptions.map((e) => e.id)).toEqual(["m"]);
  });
});
