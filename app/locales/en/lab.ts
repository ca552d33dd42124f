// Lab workspace.
import type { lab as zh } from "../zh-CN/lab";

export const lab = {
  "lab.meta.title": "Lab workspace",
  "lab.title": "Lab workspace",
  "lab.intro": "What is waiting for the labs you work in.",
  "lab.role.manager": "Lab manager",
  "lab.role.technician": "Technician",
  "lab.status.pending": "Awaiting the bureau's approval",
  "lab.status.approved": "Open",
  "lab.status.suspended": "Suspended",
  "lab.pending": "Requests to decide",
  "lab.toRecord": "Use to record",
  "lab.inMaintenance": "Instruments in maintenance",
  "lab.instruments": "This lab's instruments",
  "lab.current": "Lab:",
  "lab.switch": "Switch lab",
  "lab.switch.submit": "Switch",
  "lab.nav.label": "Lab workspace sections",
  "lab.nav.home": "Overview",
  "lab.nav.stats": "Statistics",
} satisfies Record<keyof typeof zh, string>;
