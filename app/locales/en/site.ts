// The site: header, footer, errors and words every page uses.
import type { site as zh } from "../zh-CN/site";

export const site = {
  "app.name": "Changzhou Research Instrument Sharing Network",
  "app.shortName": "Changzhou Instruments",
  "app.tagline": "Every research instrument, put to good use",

  "nav.main": "Main navigation",
  "nav.home": "Home",
  "nav.account": "My account",
  "nav.signIn": "Sign in",
  "nav.signUp": "Sign up",
  "nav.signOut": "Sign out",
  "nav.skipToContent": "Skip to main content",
  "nav.instruments": "Instruments",
  "nav.bookings": "My bookings",
  "nav.lab": "Lab workspace",
  "nav.bureau": "Bureau",

  "lang.label": "Language",
  "lang.switch": "Switch language",
  "lang.zh-CN": "中文",
  "lang.en": "English",

  "footer.about": "The open sharing platform for research instruments and testing equipment in Changzhou.",
  "footer.timeZone": "All times are China Standard Time (Asia/Shanghai).",
  "footer.copyright": "© {year} Changzhou Research Instrument Sharing Network",

  "error.backHome": "Back to the home page",
  "error.tryAgain": "Try again",
  "error.400.title": "Bad request",
  "error.400.body": "What was sent could not be processed. Please check it and try again.",
  "error.401.title": "Sign-in required",
  "error.401.body": "Please sign in to see this page.",
  "error.403.title": "Not allowed",
  "error.403.body": "You do not have permission to see this page.",
  "error.404.title": "Page not found",
  "error.404.body": "The page you asked for does not exist or has been removed.",
  "error.405.title": "Not supported",
  "error.405.body": "This page does not support that kind of request.",
  "error.500.title": "Something went wrong on our side",
  "error.500.body": "We hit an unexpected problem and have logged it. Please try again later.",
  "error.503.title": "The service is busy",
  "error.503.body": "The service is busy or under maintenance. Please try again in a moment; go back to the previous page to send what you filled in again.",
  "error.generic.title": "Something went wrong",
  "error.generic.body": "An unexpected error occurred ({status}).",

  "price.perHour": "{price}/hour",

  "duration.minutes": "{n} min",
  "duration.hours": "{n} h",
  "duration.hoursMinutes": "{h} h {m} min",

  "weekday.1": "Monday",
  "weekday.2": "Tuesday",
  "weekday.3": "Wednesday",
  "weekday.4": "Thursday",
  "weekday.5": "Friday",
  "weekday.6": "Saturday",
  "weekday.7": "Sunday",

  "status.pending": "Pending",
  "status.confirmed": "Confirmed",
  "status.rejected": "Rejected",
  "status.cancelled": "Cancelled",
  "status.completed": "Completed",
  "status.no_show": "No-show",

  "mode.self_operation": "Self-operation",
  "mode.sample_submission": "Sample submission",

  "pagination.label": "Pages",
  "pagination.prev": "Previous",
  "pagination.next": "Next",
  "pagination.page": "Page {page} of {pages}",

  "filter.any": "Any",
} satisfies Record<keyof typeof zh, string>;
