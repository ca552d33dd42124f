// English, one file per page or area in en/, each checked key for key against its zh-CN file.
import type { MessageKey } from "./zh-CN";
import { site } from "./en/site";
import { forms } from "./en/forms";
import { home } from "./en/home";
import { auth } from "./en/auth";
import { account } from "./en/account";
import { catalogue } from "./en/catalogue";
import { instrument } from "./en/instrument";
import { book } from "./en/book";
import { bookings } from "./en/bookings";
import { lab } from "./en/lab";
import { labBookings } from "./en/lab-bookings";
import { labStaff } from "./en/lab-staff";
import { bureau } from "./en/bureau";
import { labInstruments } from "./en/lab-instruments";
import { stats } from "./en/stats";

export const en: Record<MessageKey, string> = {
  ...site,
  ...forms,
  ...home,
  ...auth,
  ...account,
  ...catalogue,
  ...instrument,
  ...book,
  ...bookings,
  ...lab,
  ...labBookings,
  ...labStaff,
  ...bureau,
  ...labInstruments,
  ...stats,
};
