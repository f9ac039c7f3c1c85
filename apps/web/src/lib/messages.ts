/** Latvian texts of the first page; the booking journey brings Russian and English. */
export const messages = {
  appName: "Pieraksts",
  tagline: "Pierakstieties vizītei sociālajā dienestā",
  servicePointsHeading: "Klientu apkalpošanas vietas",
  loading: "Ielādē…",
  loadFailed: "Neizdevās ielādēt datus.",
  retry: "Mēģināt vēlreiz",
  phones: "Tālruņi",
  noPoints: "Nav nevienas apkalpošanas vietas.",
} as const;
