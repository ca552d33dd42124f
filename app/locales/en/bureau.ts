// Bureau.
import type { bureau as zh } from "../zh-CN/bureau";

export const bureau = {
  "bureau.meta.title": "Bureau",
  "bureau.title": "The sharing network at work",
  "bureau.intro": "How the city's shared instruments are used (China Standard Time, in the open-sharing evaluation's terms).",
  "bureau.figures": "This month and last",
  "bureau.col.figure": "Figure",
  "bureau.col.current": "This month so far",
  "bureau.col.previous": "Last month",
  "bureau.figure.available": "Available hours",
  "bureau.figure.booked": "Booked hours",
  "bureau.figure.effective": "Effective working hours",
  "bureau.figure.external": "External service hours",
  "bureau.figure.utilisation": "Utilisation (effective ÷ available)",
  "bureau.figure.sharing": "Sharing rate (external ÷ effective)",
  "bureau.figure.bookings": "Bookings",
  "bureau.figure.organisations": "Organisations served",
  "bureau.figure.noShows": "No-shows",
  "bureau.figure.income": "Service income",
  "bureau.definitions": "Available hours are the weekly opening hours minus closures and maintenance, plus extra openings; effective working hours are the actual hours of completed bookings; external service hours are effective hours for organisations other than the lab's own.",
} satisfies Record<keyof typeof zh, string>;
