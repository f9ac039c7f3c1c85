/**
 * The words of every message to clients, in ICU MessageFormat (intl-messageformat), in
 * lv, ru and en. Plurals go by Intl.PluralRules: Latvian zero/one/other, Russian
 * one/few/many/other. No apostrophes: ICU reads them as quotes (use ’).
 */
import type { Language } from "@pieraksts/contracts";

export type MessageKind =
  | "confirmation"
  | "reminder"
  | "rescheduled"
  | "cancelled"
  | "link"
  /** A place offered to a waiting-list entry (decision 026): `{expires}` is when it goes on. */
  | "offer";
export const messageKinds: readonly MessageKind[] = [
  "confirmation",
  "reminder",
  "rescheduled",
  "cancelled",
  "link",
  "offer",
];

export interface Words {
  weekdays: readonly string[];
  weekdaysShort: readonly string[];
  months: readonly string[];
  /** {weekday} {day} {month} {monthNumber} {time} {year} */
  whenLong: string;
  whenShort: string;
  whenNumeric: string;
  relative: string;
  duration: string;
  subject: Record<MessageKind, string>;
  greeting: string;
  lead: Record<
    | "confirmation"
    | "reminder"
    | "rescheduled"
    | "link"
    | "offer"
    | "byClient"
    | "byStaff"
    | "byClosure",
    string
  >;
  reason: string;
  closureNote: string;
  labels: Record<
    "reference" | "when" | "service" | "place" | "address" | "phone" | "bring" | "details",
    string
  >;
  manage: string;
  /** Where an offer is confirmed (the waiting-list entry's page). */
  confirmOffer: string;
  offerLinkText: string;
  viewCancelled: string;
  manageLinkText: string;
  rebook: string;
  call: string;
  calendar: string;
  private: string;
  footer: string;
  /** The leanest SMS, for very long names and addresses (render.ts tries richer first). */
  smsLean: Record<MessageKind, string>;
  sms: Record<MessageKind, string> & {
    manageLabel: string;
    byStaff: string;
    /**
     * Staff's reason when too little of it fits, just before the link ("Reason: https://…"):
     * the booking's page shows it whole.
     */
    reasonAtLink: string;
    byClosure: string;
    phone: string;
  };
}

export const words: Record<Language, Words> = {
  lv: {
    // Locative ("on Tuesday", "in November"): "otrdien, 24. novembrī".
    weekdays: [
      "pirmdien",
      "otrdien",
      "trešdien",
      "ceturtdien",
      "piektdien",
      "sestdien",
      "svētdien",
    ],
    weekdaysShort: ["pirmd.", "otrd.", "trešd.", "ceturtd.", "piektd.", "sestd.", "svētd."],
    months: [
      "janvārī",
      "februārī",
      "martā",
      "aprīlī",
      "maijā",
      "jūnijā",
      "jūlijā",
      "augustā",
      "septembrī",
      "oktobrī",
      "novembrī",
      "decembrī",
    ],
    whenLong: "{weekday}, {day}. {month}{year} plkst. {time}",
    whenShort: "{weekdayShort} {day}.{monthNumber}. plkst. {time}",
    whenNumeric: "{day}.{monthNumber}. {time}",
    relative:
      "{days, plural, =0 {šodien} =1 {rīt} =2 {parīt} zero {pēc # dienām} one {pēc # dienas} other {pēc # dienām}}",
    duration: "{minutes} min",
    subject: {
      confirmation: "Pieraksts apstiprināts: {when}",
      reminder: "Atgādinājums: pieraksts {relative}, {when}",
      rescheduled: "Pieraksts pārcelts uz {when}",
      cancelled: "Pieraksts atcelts: {when}",
      link: "Saite pieraksta {reference} pārvaldībai",
      offer: "Atbrīvojies laiks: {when}",
    },
    greeting: "Labdien, {name}!",
    lead: {
      confirmation: "Jūsu pieraksts ir apstiprināts.",
      reminder: "Atgādinām, ka Jums ir pieraksts {relative}.",
      rescheduled: "Jūsu pieraksts ir pārcelts. Iepriekšējais laiks bija {from}.",
      link: "Lūk, saite Jūsu pieraksta pārvaldībai.",
      offer:
        "Atbrīvojies laiks, uz kuru gaidījāt rindā. Tas ir rezervēts Jums līdz {expires}. Apstipriniet to līdz tam, citādi laiku piedāvāsim nākamajam rindā.",
      byClient: "Jūsu pieraksts ir atcelts, kā lūdzāt.",
      byStaff: "Diemžēl iestādes darbinieki Jūsu pierakstu atcēla.",
      byClosure: "Diemžēl Jūsu pieraksts ir atcelts: šajā laikā pieņemšanas nebūs.",
    },
    reason: "Iemesls: {reason}",
    closureNote: "Iestādes ziņa: {message}",
    labels: {
      details: "Pieraksta dati",
      reference: "Pieraksta numurs",
      when: "Laiks",
      service: "Pakalpojums",
      place: "Vieta",
      address: "Adrese",
      phone: "Tālrunis",
      bring: "Līdzi ņemiet un ievērojiet",
    },
    manage: "Pārcelt vai atcelt pierakstu varat šeit:",
    confirmOffer: "Apstiprināt laiku varat šeit:",
    offerLinkText: "Apstiprināt laiku ({reference})",
    viewCancelled: "Pieraksts un tā statuss:",
    manageLinkText: "Pārvaldīt pierakstu {reference}",
    rebook: "Pierakstīties uz citu laiku varat šeit:",
    call: "Jautājumu gadījumā zvaniet: {phone}.",
    calendar: "Pielikumā ir kalendāra fails (.ics), ar ko vizīti pievienot savam kalendāram.",
    private: "Saite ir personiska: nepārsūtiet to citiem.",
    footer: "{organisation}. Ziņa nosūtīta automātiski; lūdzu, neatbildiet uz to.",
    smsLean: {
      confirmation: "{reference} apstiprināts {when}, {place}. {link}",
      reminder: "Atgādinām: {reference} {when}, {place}. {link}",
      rescheduled: "{reference} pārcelts uz {when}, {place}. {link}",
      cancelled: "{reference} ({when}, {place}) atcelts.{note} {link}",
      link: "{reference}: {when}, {place}. {link}",
      offer: "{reference} brīvs {when}, {place}, līdz {expires} {link}",
    },
    sms: {
      confirmation: "Pieraksts {reference} apstiprināts: {when}, {place}. {link}",
      reminder: "Atgādinām: pieraksts {reference} {when}, {place}. {link}",
      rescheduled: "Pieraksts {reference} pārcelts uz {when}, {place}. {link}",
      cancelled: "Pieraksts {reference} ({when}, {place}) atcelts.{note}{phone} {link}",
      link: "Jūsu pieraksts {reference}: {when}, {place}. {link}",
      offer:
        "Rinda {reference}: atbrīvojies laiks {when}, {place}. Rezervēts līdz {expires}, apstipriniet: {link}",
      manageLabel: "Mainīt: {link}",
      byStaff: " Iemesls: {text}",
      reasonAtLink: " Iemesls:",
      byClosure: " {text}",
      phone: " Tālr. {phone}",
    },
  },
  ru: {
    // Accusative with the preposition ("во вторник"); months in the genitive.
    weekdays: [
      "в понедельник",
      "во вторник",
      "в среду",
      "в четверг",
      "в пятницу",
      "в субботу",
      "в воскресенье",
    ],
    weekdaysShort: ["пн", "вт", "ср", "чт", "пт", "сб", "вс"],
    months: [
      "января",
      "февраля",
      "марта",
      "апреля",
      "мая",
      "июня",
      "июля",
      "августа",
      "сентября",
      "октября",
      "ноября",
      "декабря",
    ],
    whenLong: "{weekday}, {day} {month}{year} в {time}",
    whenShort: "{weekdayShort} {day}.{monthNumber} в {time}",
    whenNumeric: "{day}.{monthNumber} {time}",
    relative:
      "{days, plural, =0 {сегодня} =1 {завтра} =2 {послезавтра} one {через # день} few {через # дня} many {через # дней} other {через # дня}}",
    duration: "{minutes} мин",
    subject: {
      confirmation: "Запись подтверждена: {when}",
      reminder: "Напоминание: запись {relative}, {when}",
      rescheduled: "Запись перенесена на {when}",
      cancelled: "Запись отменена: {when}",
      link: "Ссылка для управления записью {reference}",
      offer: "Освободилось время: {when}",
    },
    greeting: "Здравствуйте, {name}!",
    lead: {
      confirmation: "Ваша запись подтверждена.",
      reminder: "Напоминаем, что у вас запись {relative}.",
      rescheduled: "Ваша запись перенесена. Прежнее время: {from}.",
      link: "Вот ссылка для управления вашей записью.",
      offer:
        "Освободилось время, которого вы ждали в очереди. Оно закреплено за вами до {expires}. Подтвердите его до этого времени, иначе мы предложим его следующему в очереди.",
      byClient: "Ваша запись отменена по вашей просьбе.",
      byStaff: "К сожалению, сотрудники учреждения отменили вашу запись.",
      byClosure: "К сожалению, ваша запись отменена: в это время приёма не будет.",
    },
    reason: "Причина: {reason}",
    closureNote: "Сообщение учреждения: {message}",
    labels: {
      details: "Данные записи",
      reference: "Номер записи",
      when: "Время",
      service: "Услуга",
      place: "Место",
      address: "Адрес",
      phone: "Телефон",
      bring: "Возьмите с собой и учтите",
    },
    manage: "Перенести или отменить запись можно здесь:",
    confirmOffer: "Подтвердить время можно здесь:",
    offerLinkText: "Подтвердить время ({reference})",
    viewCancelled: "Запись и её состояние:",
    manageLinkText: "Управлять записью {reference}",
    rebook: "Записаться на другое время можно здесь:",
    call: "Если есть вопросы, звоните: {phone}.",
    calendar: "Во вложении файл календаря (.ics), чтобы добавить визит в свой календарь.",
    private: "Ссылка личная: не пересылайте её другим.",
    footer: "{organisation}. Сообщение отправлено автоматически; пожалуйста, не отвечайте на него.",
    smsLean: {
      confirmation: "{reference} подтверждена {when}, {place}. {link}",
      reminder: "Напоминаем: {reference} {when}, {place}. {link}",
      rescheduled: "{reference} перенесена на {when}, {place}. {link}",
      cancelled: "{reference} ({when}, {place}) отменена.{note} {link}",
      link: "{reference}: {when}, {place}. {link}",
      offer: "{reference} свободно {when}, {place}, до {expires} {link}",
    },
    sms: {
      confirmation: "Запись {reference} подтверждена: {when}, {place}. {link}",
      reminder: "Напоминаем: запись {reference} {when}, {place}. {link}",
      rescheduled: "Запись {reference} перенесена на {when}, {place}. {link}",
      cancelled: "Запись {reference} ({when}, {place}) отменена.{note}{phone} {link}",
      link: "Ваша запись {reference}: {when}, {place}. {link}",
      offer:
        "Очередь {reference}: освободилось время {when}, {place}. Закреплено до {expires}, подтвердите: {link}",
      manageLabel: "Изменить: {link}",
      byStaff: " Причина: {text}",
      reasonAtLink: " Причина:",
      byClosure: " {text}",
      phone: " Тел. {phone}",
    },
  },
  en: {
    weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    weekdaysShort: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    months: [
      "January",
      "February",
      "March",
      "April",
      "May",
      "June",
      "July",
      "August",
      "September",
      "October",
      "November",
      "December",
    ],
    whenLong: "{weekday} {day} {month}{year} at {time}",
    whenShort: "{weekdayShort} {day}/{monthNumber} at {time}",
    whenNumeric: "{day}/{monthNumber} {time}",
    relative: "{days, plural, =0 {today} =1 {tomorrow} one {in # day} other {in # days}}",
    duration: "{minutes} min",
    subject: {
      confirmation: "Booking confirmed: {when}",
      reminder: "Reminder: your booking {relative}, {when}",
      rescheduled: "Booking moved to {when}",
      cancelled: "Booking cancelled: {when}",
      link: "The link to manage booking {reference}",
      offer: "A time has become free: {when}",
    },
    greeting: "Hello {name},",
    lead: {
      confirmation: "Your booking is confirmed.",
      reminder: "A reminder that you have a booking {relative}.",
      rescheduled: "Your booking has been moved. It was {from}.",
      link: "Here is the link to manage your booking.",
      offer:
        "A time you were waiting for has become free. It is kept for you until {expires}. Confirm it by then, or it will be offered to the next person in line.",
      byClient: "Your booking has been cancelled as you asked.",
      byStaff: "We are sorry: the staff have cancelled your booking.",
      byClosure: "We are sorry: your booking is cancelled, as there will be no reception then.",
    },
    reason: "Reason: {reason}",
    closureNote: "Message from the office: {message}",
    labels: {
      details: "Booking details",
      reference: "Reference",
      when: "Time",
      service: "Service",
      place: "Place",
      address: "Address",
      phone: "Phone",
      bring: "Bring and remember",
    },
    manage: "To move or cancel the booking:",
    confirmOffer: "To confirm the time:",
    offerLinkText: "Confirm the time ({reference})",
    viewCancelled: "The booking and its status:",
    manageLinkText: "Manage booking {reference}",
    rebook: "To book another time:",
    call: "Questions? Call {phone}.",
    calendar: "The calendar file (.ics) attached adds the visit to your calendar.",
    private: "The link is personal: do not forward it.",
    footer: "{organisation}. Sent automatically; please do not reply.",
    smsLean: {
      confirmation: "{reference} confirmed {when}, {place}. {link}",
      reminder: "Reminder: {reference} {when}, {place}. {link}",
      rescheduled: "{reference} moved to {when}, {place}. {link}",
      cancelled: "{reference} ({when}, {place}) cancelled.{note} {link}",
      link: "{reference}: {when}, {place}. {link}",
      offer: "{reference} free {when}, {place}, until {expires} {link}",
    },
    sms: {
      confirmation: "Booking {reference} confirmed: {when}, {place}. {link}",
      reminder: "Reminder: booking {reference} {when}, {place}. {link}",
      rescheduled: "Booking {reference} moved to {when}, {place}. {link}",
      cancelled: "Booking {reference} ({when}, {place}) cancelled.{note}{phone} {link}",
      link: "Your booking {reference}: {when}, {place}. {link}",
      offer:
        "Waiting list {reference}: a time is free, {when}, {place}. Kept until {expires}; confirm: {link}",
      manageLabel: "Change: {link}",
      byStaff: " Reason: {text}",
      reasonAtLink: " Reason:",
      byClosure: " {text}",
      phone: " Tel. {phone}",
    },
  },
};
