// Home page.
import type { home as zh } from "../zh-CN/home";

export const home = {
  "home.meta.title": "Changzhou Research Instrument Sharing Network",
  "home.meta.description":
    "Find and book research instruments and testing equipment from universities, institutes and testing centres.",
  "home.hero.eyebrow": "Changzhou · Open sharing",
  "home.hero.title": "Research instruments you can find, book and use",
  "home.hero.body":
    "Scanning electron microscopes, XRD, ICP-MS, climate chambers, battery cyclers, tensile testers… Equipment from the city's universities, institutes, testing centres and large firms, open for small and medium enterprises to book.",
  "home.hero.ctaSignUp": "Sign up free",
  "home.hero.ctaAccount": "Go to my account",
  "home.hero.ctaSignIn": "Have an account? Sign in",
  "home.features.title": "What the network does for you",
  "home.features.find.title": "Find instruments",
  "home.features.find.body":
    "Search by category, district and industrial chain; see specifications, services, sample requirements and rates.",
  "home.features.book.title": "Book online",
  "home.features.book.body":
    "See when an instrument is free, request a slot, and get an e-mail for every change to your booking.",
  "home.features.labs.title": "Run your lab",
  "home.features.labs.body":
    "Labs publish instruments, set opening hours and booking rules, approve requests and record actual hours.",
  "home.features.stats.title": "Measure the impact",
  "home.features.stats.body":
    "The bureau sees utilisation and external service hours by instrument, lab, category, district and chain.",
  "home.welcomeBack": "Welcome back, {name}.",
  "home.search.label": "Search instruments",
  "home.search.placeholder": "Name, model, maker or specification, e.g. “SEM”",
  "home.search.submit": "Search",
  "home.search.all": "Browse all instruments",
  "home.browse.categories": "Browse by category",
  "home.browse.chains": "Browse by industrial chain",
  "home.figures.title": "The network at a glance",
  "home.figures.labs": "Open labs",
  "home.figures.instruments": "Instruments to book",
  "home.figures.categories": "Instrument categories",
  "home.figures.chains": "Industrial chains served",
  "home.figures.note": "Counted live from the public catalogue.",
  "home.figures.hours": "Instrument hours served this year",
  "home.figures.hoursUnit": "h",
} satisfies Record<keyof typeof zh, string>;
