/**
 * The organisations of the product's domain description, read from the municipal
 * notices the product was specified from. Translations into Russian and English are ours.
 *
 * Where the notices say nothing, these are the defaults a municipality would choose,
 * marked "default:" below:
 * - default: consultations are 15-minute slots, one client per slot per specialist on
 *   duty (two at the larger Lāčplēša 39 centre, one elsewhere);
 * - default: bookable from 2 hours to 60 days ahead; at most 2 active future bookings per
 *   phone number per service;
 * - default: gift packages are handed out in 10-minute slots, three clients at once;
 * - placeholder: Koknese has no published address, phone or hours; Monday to Friday
 *   8.00–12.00 and 12.30–16.00 for consultations and 9.00–15.00 in one-hour slots for
 *   shower and laundry, marked in `placeholders` so that the staff area asks an
 *   administrator to set them and the public pages do not present them as the notice's;
 * - placeholder: the notice gives no street address for the Social Services Department
 *   and its Assistant Services sector; the service's own, Vienības iela 8, stands in;
 * - the 2021 COVID-19 certificate rules are left out: they were temporary, and an
 *   administrator can add such a requirement again.
 */

export type Text = { lv: string; ru: string; en: string };

export interface SeedInterval {
  weekdays: number[];
  from: string;
  to: string;
}

export interface SeedSchedule {
  kind: "REGULAR" | "SEASONAL";
  mode?: "REPLACE" | "ADD";
  /** Local dates "YYYY-MM-DD", inclusive, for seasonal schedules. */
  validFrom?: string;
  validTo?: string;
  name?: Text;
  intervals: SeedInterval[];
}

export interface SeedService {
  slug: string;
  name: Text;
  description?: Text;
  slotMinutes: number;
  capacityPerSlot: number;
  dailyLimit?: number;
  minNoticeMinutes?: number;
  maxAdvanceDays?: number;
  requirements: Text[];
  questions?: SeedQuestion[];
  eligibility?: { key: string; label: Text }[];
  remoteAlternatives?: SeedRemoteAlternative[];
  /** Hours of its own; without them the point's hours apply. */
  schedules?: SeedSchedule[];
}

export type SeedQuestion = {
  key: string;
  kind: "boolean" | "text" | "choice";
  required: boolean;
  label: Text;
  options?: { key: string; label: Text }[];
};

export type SeedRemoteAlternative = {
  kind: "e-service" | "e-mail" | "mailbox" | "post" | "phone";
  title: Text;
  detail: Text;
  url?: string;
};

export interface SeedPhone {
  display: string;
  tel: string;
  label?: Text;
}

export interface SeedPoint {
  slug: string;
  name: Text;
  address: string;
  phones: SeedPhone[];
  description?: Text;
  remoteAlternatives?: SeedRemoteAlternative[];
  /** Values made up because the notice gives none, for an administrator to set. */
  placeholders?: ("address" | "hours" | "phones")[];
  schedules: SeedSchedule[];
  services: SeedService[];
}

export interface SeedOrganisation {
  slug: string;
  name: Text;
  email: string;
  address?: string;
  points: SeedPoint[];
}

const weekdaysMonThu = [1, 2, 3, 4];

/** Mon 8.00–12.00, 12.30–<mondayEnd>; Tue–Wed 8.00–12.00, 12.30–15.30; Thu 8.00–12.00. */
function daugavpilsWeek(mondayEnd: string): SeedSchedule {
  return {
    kind: "REGULAR",
    intervals: [
      { weekdays: weekdaysMonThu, from: "08:00", to: "12:00" },
      { weekdays: [1], from: "12:30", to: mondayEnd },
      { weekdays: [2, 3], from: "12:30", to: "15:30" },
    ],
  };
}

const bringId: Text = {
  lv: "Līdzi jābūt personu apliecinošam dokumentam – pasei vai ID kartei.",
  ru: "При себе необходимо иметь документ, удостоверяющий личность, – паспорт или ID-карту.",
  en: "Bring an identity document: a passport or an ID card.",
};
const prepareDocuments: Text = {
  lv: "Visus iesniegšanai nepieciešamos dokumentus sagatavojiet laicīgi (mājās).",
  ru: "Подготовьте все необходимые документы заранее (дома).",
  en: "Prepare all the documents you need to hand in beforehand, at home.",
};
const comeEarly: Text = {
  lv: "Ierodieties 5 minūtes pirms noteiktā pieņemšanas laika.",
  ru: "Приходите за 5 минут до назначенного времени.",
  en: "Come 5 minutes before your appointment.",
};

/**
 * The three channels the Daugavpils notice names. socd@socd.lv is its contact address,
 * not a channel for signed documents, so it is not offered as one.
 */
const daugavpilsRemote: SeedRemoteAlternative[] = [
  {
    kind: "e-service",
    title: {
      lv: "E-pakalpojums “IESNIEGUMS IESTĀDEI”",
      ru: "Э-услуга «IESNIEGUMS IESTĀDEI» (заявление в учреждение)",
      en: "The e-service “IESNIEGUMS IESTĀDEI” (application to an institution)",
    },
    detail: {
      lv: "Valsts pārvaldes pakalpojumu portālā latvija.lv",
      ru: "На портале государственных услуг latvija.lv",
      en: "On the state services portal latvija.lv",
    },
    url: "https://www.latvija.lv",
  },
  {
    kind: "mailbox",
    title: {
      lv: "Dokumentu pastkaste",
      ru: "Почтовый ящик для документов",
      en: "Document mailbox",
    },
    detail: {
      lv: "Lāčplēša ielā 39, no pagalma puses",
      ru: "Lāčplēša iela 39, со стороны двора",
      en: "Lāčplēša iela 39, on the courtyard side",
    },
  },
  {
    kind: "post",
    title: { lv: "Pa pastu", ru: "По почте", en: "By post" },
    detail: {
      lv: "Sociālais dienests, Vienības iela 8, Daugavpils, LV-5401",
      ru: "Sociālais dienests, Vienības iela 8, Daugavpils, LV-5401",
      en: "Sociālais dienests, Vienības iela 8, Daugavpils, LV-5401",
    },
  },
];

function consultation(capacityPerSlot: number): SeedService {
  return {
    slug: "consultation",
    name: {
      lv: "Klientu pieņemšana (konsultācija)",
      ru: "Приём клиентов (консультация)",
      en: "Client appointment (consultation)",
    },
    description: {
      lv: "Sociālā palīdzība: iesniegumi, pabalsti, izziņas un konsultācijas.",
      ru: "Социальная помощь: заявления, пособия, справки и консультации.",
      en: "Social assistance: applications, benefits, certificates and advice.",
    },
    slotMinutes: 15,
    capacityPerSlot,
    requirements: [bringId, prepareDocuments, comeEarly],
    remoteAlternatives: daugavpilsRemote,
  };
}

const giftPackageCategories: { key: string; label: Text }[] = [
  {
    key: "out-of-family-care",
    label: {
      lv: "Bērns, kuram ar bāriņtiesas lēmumu noteikta ārpusģimenes aprūpe",
      ru: "Ребёнок, которому решением сиротского суда назначен внесемейный уход",
      en: "A child placed in out-of-family care by an orphan's court decision",
    },
  },
  {
    key: "child-with-disability",
    label: {
      lv: "Bērns ar invaliditāti",
      ru: "Ребёнок с инвалидностью",
      en: "A child with a disability",
    },
  },
  {
    key: "child-low-income",
    label: {
      lv: "Bērns līdz 14 gadiem (ieskaitot) no trūcīgas vai maznodrošinātas ģimenes",
      ru: "Ребёнок до 14 лет (включительно) из малоимущей или малообеспеченной семьи",
      en: "A child up to and including 14 from a needy or low-income family",
    },
  },
  {
    key: "bedridden-with-disability",
    label: {
      lv: "Guloša persona ar invaliditāti",
      ru: "Лежачий человек с инвалидностью",
      en: "A bedridden person with a disability",
    },
  },
  {
    key: "home-care-client",
    label: {
      lv: "Aprūpes mājās biroja klients",
      ru: "Клиент бюро по уходу на дому",
      en: "A client of the home care office",
    },
  },
];

/** A unit that sees clients only by appointment, in the Daugavpils week. */
function appointment(description: Text): SeedService {
  return {
    slug: "consultation",
    name: {
      lv: "Klientu pieņemšana (pēc pieraksta)",
      ru: "Приём клиентов (по записи)",
      en: "Client appointment",
    },
    description,
    slotMinutes: 15,
    capacityPerSlot: 1,
    requirements: [bringId, prepareDocuments, comeEarly],
    remoteAlternatives: daugavpilsRemote,
  };
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The gift-package season that is running or comes next on `today` (a local date):
 * 21 Dec – 31 Jan, handed out on 21, 22, 28 and 29 Dec 8.00–16.00, then from 4 Jan
 * Monday to Thursday 8.00–16.00, as in the Liepājas 4 notice.
 */
export function giftSeasonSchedules(today: string): SeedSchedule[] {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const startYear = month === 1 ? year - 1 : year;
  const name: Text = {
    lv: "Dāvanu komplektu izsniegšana",
    ru: "Выдача подарочных наборов",
    en: "Gift package hand-out",
  };
  const decemberDays = [21, 22, 28, 29].map((day) => isoDate(startYear, 12, day));
  return [
    ...decemberDays.map((date) => ({
      kind: "SEASONAL" as const,
      validFrom: date,
      validTo: date,
      name,
      intervals: [{ weekdays: [isoWeekday(date)], from: "08:00", to: "16:00" }],
    })),
    {
      kind: "SEASONAL",
      validFrom: isoDate(startYear + 1, 1, 4),
      validTo: isoDate(startYear + 1, 1, 31),
      name,
      intervals: [{ weekdays: weekdaysMonThu, from: "08:00", to: "16:00" }],
    },
  ];
}

export function seedOrganisations(today: string): SeedOrganisation[] {
  return [
    {
      slug: "daugavpils",
      name: {
        lv: "Daugavpils pilsētas pašvaldības iestāde “Sociālais dienests”",
        ru: "Социальная служба самоуправления города Даугавпилс",
        en: "Daugavpils City Social Service",
      },
      email: "socd@socd.lv",
      address: "Vienības iela 8, Daugavpils, LV-5401",
      points: [
        {
          slug: "lacplesa-39",
          name: {
            lv: "Klientu apkalpošanas centrs Lāčplēša ielā 39",
            ru: "Центр обслуживания клиентов, ул. Лачплеша 39",
            en: "Client service centre, Lāčplēša iela 39",
          },
          address: "Lāčplēša iela 39, Daugavpils",
          phones: [
            { display: "654 49907", tel: "+37165449907" },
            {
              display: "80006966",
              tel: "+37180006966",
              label: { lv: "bezmaksas", ru: "бесплатный", en: "free of charge" },
            },
            {
              display: "22814696",
              tel: "+37122814696",
              label: { lv: "BITE tīkls", ru: "сеть BITE", en: "BITE network" },
            },
            {
              display: "654 49908",
              tel: "+37165449908",
              label: {
                lv: "komunālo pakalpojumu apmaksa (dzīvokļa pabalsts)",
                ru: "оплата коммунальных услуг (квартирное пособие)",
                en: "utility payments (dwelling benefit)",
              },
            },
            {
              display: "29579901",
              tel: "+37129579901",
              label: {
                lv: "braukšanas atlaižu kartes",
                ru: "карты на скидки в транспорте",
                en: "travel discount cards",
              },
            },
          ],
          description: {
            lv: "Sociālās palīdzības nodaļa. Dokumentu pastkaste – no pagalma puses.",
            ru: "Отдел социальной помощи. Почтовый ящик для документов – со стороны двора.",
            en: "Social Assistance Department. The document mailbox is on the courtyard side.",
          },
          schedules: [daugavpilsWeek("16:30")],
          services: [consultation(2)],
        },
        {
          slug: "liepajas-4",
          name: {
            lv: "Klientu apkalpošanas punkts Liepājas ielā 4",
            ru: "Пункт обслуживания клиентов, ул. Лиепаяс 4",
            en: "Client service point, Liepājas iela 4",
          },
          address: "Liepājas iela 4, Daugavpils",
          phones: [
            { display: "654 76983", tel: "+37165476983" },
            { display: "654 76984", tel: "+37165476984" },
            { display: "22305984", tel: "+37122305984" },
            { display: "26955509", tel: "+37126955509" },
          ],
          description: {
            lv: "Šeit sezonā izsniedz arī dāvanu komplektus.",
            ru: "Здесь в сезон также выдают подарочные наборы.",
            en: "Gift packages are also handed out here in season.",
          },
          schedules: [daugavpilsWeek("16:00")],
          services: [
            consultation(1),
            {
              slug: "gift-packages",
              name: {
                lv: "Dāvanu komplektu saņemšana",
                ru: "Получение подарочных наборов",
                en: "Gift package collection",
              },
              description: {
                lv: "Jaungada dāvanu komplekti noteiktām klientu kategorijām. Darbinieki kategoriju pārbauda uz vietas.",
                ru: "Новогодние подарочные наборы для определённых категорий клиентов. Категорию сотрудники проверяют на месте.",
                en: "New Year gift packages for certain groups of clients. Staff check the group on the day.",
              },
              slotMinutes: 10,
              capacityPerSlot: 3,
              requirements: [bringId, comeEarly],
              eligibility: giftPackageCategories,
              schedules: giftSeasonSchedules(today),
            },
          ],
        },
        {
          slug: "saura-28",
          name: {
            lv: "Klientu apkalpošanas punkts Šaurā ielā 28",
            ru: "Пункт обслуживания клиентов, ул. Шаура 28",
            en: "Client service point, Šaurā iela 28",
          },
          address: "Šaurā iela 28, Daugavpils",
          phones: [
            { display: "654 45038", tel: "+37165445038" },
            { display: "29153451", tel: "+37129153451" },
            { display: "28236813", tel: "+37128236813" },
          ],
          description: {
            lv: "Apkalpo Sociālās mājas, Sociālās patversmes, Nakts patversmes, Ģimenes atbalsta centra/patversmes un Grupu dzīvokļu klientus, kā arī Ķīmiķu mikrorajona iedzīvotājus.",
            ru: "Обслуживает клиентов социального дома, социального приюта, ночного приюта, центра поддержки семьи / приюта и групповых квартир, а также жителей микрорайона Химиков.",
            en: "Serves clients of the social house, the social shelter, the night shelter, the family support centre and shelter and the group apartments, and residents of the Ķīmiķu micro-district.",
          },
          schedules: [daugavpilsWeek("16:30")],
          services: [consultation(1)],
        },
        {
          slug: "vienibas-8",
          name: {
            lv: "Klientu apkalpošanas punkts Vienības ielā 8 (17. kab.)",
            ru: "Пункт обслуживания клиентов, ул. Виенибас 8 (каб. 17)",
            en: "Client service point, Vienības iela 8 (room 17)",
          },
          address: "Vienības iela 8, 17. kab., Daugavpils",
          phones: [{ display: "654 28668", tel: "+37165428668" }],
          schedules: [daugavpilsWeek("16:30")],
          services: [consultation(1)],
        },
        {
          slug: "socialo-pakalpojumu-nodala",
          name: {
            lv: "Sociālo pakalpojumu nodaļa",
            ru: "Отдел социальных услуг",
            en: "Social Services Department",
          },
          address: "Vienības iela 8, Daugavpils",
          placeholders: ["address"],
          phones: [{ display: "654 40926", tel: "+37165440926" }],
          description: {
            lv: "Sociālo pakalpojumu sniegšana – tikai pēc iepriekšēja pieraksta.",
            ru: "Социальные услуги – только по предварительной записи.",
            en: "Social services by prior appointment only.",
          },
          schedules: [daugavpilsWeek("16:30")],
          services: [
            appointment({
              lv: "Sociālo pakalpojumu nodaļas speciālistu pieņemšana.",
              ru: "Приём специалистов отдела социальных услуг.",
              en: "An appointment with the Social Services Department.",
            }),
          ],
        },
        {
          slug: "asistentu-pakalpojumu-sektors",
          name: {
            lv: "Asistentu pakalpojumu sektors",
            ru: "Сектор услуг ассистента",
            en: "Assistant Services sector",
          },
          address: "Vienības iela 8, Daugavpils",
          placeholders: ["address"],
          phones: [
            {
              display: "654 40928",
              tel: "+37165440928",
              label: { lv: "pierakstam", ru: "для записи", en: "for appointments" },
            },
            { display: "654 40929", tel: "+37165440929" },
            { display: "654 21536", tel: "+37165421536" },
          ],
          description: {
            lv: "Sociālo pakalpojumu nodaļas sektors. Asistenta pakalpojums – tikai pēc iepriekšēja pieraksta.",
            ru: "Сектор отдела социальных услуг. Услуга ассистента – только по предварительной записи.",
            en: "A sector of the Social Services Department. The assistant service by prior appointment only.",
          },
          schedules: [daugavpilsWeek("16:30")],
          services: [
            appointment({
              lv: "Asistenta pakalpojums pašvaldībā: pieteikšanās un konsultācijas.",
              ru: "Услуга ассистента самоуправления: заявления и консультации.",
              en: "The municipality's assistant service: applications and advice.",
            }),
          ],
        },
      ],
    },
    {
      slug: "koknese",
      name: {
        lv: "Kokneses novada Sociālais dienests",
        ru: "Социальная служба Кокнесе",
        en: "Koknese Social Service",
      },
      email: "soc.dienests@koknese.lv",
      points: [
        {
          slug: "koknese",
          name: {
            lv: "Kokneses sociālais dienests",
            ru: "Социальная служба Кокнесе",
            en: "Koknese social service",
          },
          // placeholder: the notice gives no street address, phone or hours.
          address: "Koknese",
          placeholders: ["address", "phones", "hours"],
          phones: [],
          description: {
            lv: "Apsekošana dzīvesvietā – tikai krīzes situācijās.",
            ru: "Посещение на дому – только в кризисных ситуациях.",
            en: "Home visits only in crisis situations.",
          },
          schedules: [
            {
              kind: "REGULAR",
              intervals: [
                { weekdays: [1, 2, 3, 4, 5], from: "08:00", to: "12:00" },
                { weekdays: [1, 2, 3, 4, 5], from: "12:30", to: "16:00" },
              ],
            },
          ],
          services: [
            {
              slug: "shower",
              name: { lv: "Dušas pakalpojums", ru: "Душ", en: "Shower" },
              slotMinutes: 60,
              capacityPerSlot: 1,
              dailyLimit: 2,
              requirements: [comeEarly],
              schedules: [
                {
                  kind: "REGULAR",
                  intervals: [{ weekdays: [1, 2, 3, 4, 5], from: "09:00", to: "15:00" }],
                },
              ],
            },
            {
              slug: "laundry",
              name: {
                lv: "Veļas mazgāšanas pakalpojums",
                ru: "Стирка белья",
                en: "Laundry",
              },
              slotMinutes: 60,
              capacityPerSlot: 1,
              dailyLimit: 2,
              requirements: [comeEarly],
              questions: [
                {
                  key: "contactless",
                  kind: "boolean",
                  required: false,
                  label: {
                    lv: "Veļu nodošu un saņemšu bezkontakta veidā",
                    ru: "Передам и получу бельё бесконтактно",
                    en: "I will hand over and collect the laundry contactless",
                  },
                },
              ],
              schedules: [
                {
                  kind: "REGULAR",
                  intervals: [{ weekdays: [1, 2, 3, 4, 5], from: "09:00", to: "15:00" }],
                },
              ],
            },
            {
              slug: "consultation",
              name: {
                lv: "Konsultācija klātienē",
                ru: "Консультация на месте",
                en: "Consultation in person",
              },
              description: {
                lv: "Klātienē tikai tad, ja jautājumu nevar atrisināt attālināti.",
                ru: "Лично – только если вопрос нельзя решить дистанционно.",
                en: "In person only when it cannot be dealt with remotely.",
              },
              slotMinutes: 30,
              capacityPerSlot: 1,
              requirements: [bringId, prepareDocuments, comeEarly],
              // Remote ways only where they can spare a visit: a shower cannot be posted.
              remoteAlternatives: [
                {
                  kind: "post",
                  title: { lv: "Pa pastu", ru: "По почте", en: "By post" },
                  detail: {
                    lv: "Iesniegumu var nosūtīt pa pastu.",
                    ru: "Заявление можно отправить по почте.",
                    en: "Send your application by post.",
                  },
                },
                {
                  kind: "e-mail",
                  title: {
                    lv: "E-pasts ar drošu elektronisko parakstu",
                    ru: "Электронная почта с надёжной электронной подписью",
                    en: "E-mail signed with a secure electronic signature",
                  },
                  detail: {
                    lv: "soc.dienests@koknese.lv",
                    ru: "soc.dienests@koknese.lv",
                    en: "soc.dienests@koknese.lv",
                  },
                  url: "mailto:soc.dienests@koknese.lv",
                },
                {
                  kind: "mailbox",
                  title: {
                    lv: "Kastīte iesniegumiem",
                    ru: "Ящик для заявлений",
                    en: "Application box",
                  },
                  detail: {
                    lv: "Sociālā dienesta priekštelpā",
                    ru: "В вестибюле социальной службы",
                    en: "In the social service's entrance hall",
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  ];
}
