import type { Language } from "@pieraksts/contracts";

/** Choices a visitor makes once and expects to be kept: language, text size, contrast. */
export type TextSize = "normal" | "large" | "larger";

const keys = {
  language: "pieraksts.language",
  textSize: "pieraksts.textSize",
  contrast: "pieraksts.contrast",
  staffOrganisation: "pieraksts.staffOrganisation",
};

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the choice lasts for this page only.
  }
}

export const preferences = {
  language: (): Language | null => {
    const value = read(keys.language);
    return value === "lv" || value === "ru" || value === "en" ? value : null;
  },
  setLanguage: (language: Language) => write(keys.language, language),
  textSize: (): TextSize => {
    const value = read(keys.textSize);
    return value === "large" || value === "larger" ? value : "normal";
  },
  setTextSize: (size: TextSize) => write(keys.textSize, size),
  contrast: (): boolean => read(keys.contrast) === "high",
  setContrast: (high: boolean) => write(keys.contrast, high ? "high" : "normal"),
  /** The organisation last signed in to on this device (staff sign-in preselects it). */
  staffOrganisation: (): string | null => read(keys.staffOrganisation),
  setStaffOrganisation: (slug: string) => write(keys.staffOrganisation, slug),
};

/** Applies the stored text size and contrast to <html>; called before the first render. */
export function applyDisplayPreferences(): void {
  const root = document.documentElement;
  root.dataset.textSize = preferences.textSize();
  root.dataset.contrast = preferences.contrast() ? "high" : "normal";
}
