// Simplified Chinese: the product's primary language and the source of truth for keys, one file
// per page or area in zh-CN/. `en.ts` must define exactly the same keys (checked by the compiler
// and by a unit test).
import { site } from "./zh-CN/site";
import { forms } from "./zh-CN/forms";
import { home } from "./zh-CN/home";
import { auth } from "./zh-CN/auth";
import { account } from "./zh-CN/account";
import { catalogue } from "./zh-CN/catalogue";
import { instrument } from "./zh-CN/instrument";
import { book } from "./zh-CN/book";
import { bookings } from "./zh-CN/bookings";
import { lab } from "./zh-CN/lab";
import { labBookings } from "./zh-CN/lab-bookings";
import { labStaff } from "./zh-CN/lab-staff";
import { bureau } from "./zh-CN/bureau";
import { labInstruments } from "./zh-CN/lab-instruments";
import { stats } from "./zh-CN/stats";

export const zhCN = {
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
} as const;

export type MessageKey = keyof typeof zhCN;
