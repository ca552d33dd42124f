// National reference figures for the open-sharing evaluation (DESIGN §6): an instrument with at
// least 1,200 effective hours a year counts as fully used; the 2025 national averages per
// instrument were 1,599 effective hours and 273 external service hours.
export const REFERENCE = {
  fullyUsedHours: 1200,
  nationalEffectiveHours: 1599,
  nationalExternalHours: 273,
  nationalYear: 2025,
} as const;
