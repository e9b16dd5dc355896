import { formattingLocale, type Locale } from '../../../shared/locales';

type Message = { subject: string; text: string };

// Formatters are costly to build (a few per e-mail otherwise): one per locale and time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, build: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = build();
    formatters.set(key, f);
  }
  return f;
}

/** A calendar date (YYYY-MM-DD) written out in the reader's language, e.g. "26 november 2026". */
export function formatMailDate(locale: Locale, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return formatter(
    `date|${locale}`,
    () =>
      new Intl.DateTimeFormat(formattingLocale[locale], {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }),
  ).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
}

/** An instant written out with date and time in the operator's zone, e.g. "1 December 2026, 10:15 CET". */
export function formatMailDateTime(locale: Locale, instant: Date, timeZone: string): string {
  return formatter(
    `datetime|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(formattingLocale[locale], {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }),
  ).format(instant);
}

export type LifecycleDeclaration =
  | 'cancellation'
  | 'cancellation_withdrawn'
  | 'tariff_change'
  | 'tariff_change_withdrawn'
  | 'option_booked'
  | 'option_terminated';

/** Facts of a lifecycle confirmation, already in the reader's language (dates as ISO, formatted here). */
export type LifecycleFacts = {
  portal: string;
  module: string;
  kind: LifecycleDeclaration;
  /** Date and time of receipt, formatted. */
  receivedAt: string;
  tariff?: string;
  newTariff?: string;
  option?: string;
  quantity?: number;
  /** The resulting date: end, first day of the new tariff, or the option's start. */
  date?: string;
  /** The client's own reason for a cancellation. */
  cancellationReason?: string | null;
  /** Options that end with the declaration. */
  optionsEnding?: { title: string; endsOn: string }[];
  link: string;
};

const lifecycleWords = {
  de: {
    subject: {
      cancellation: 'Bestätigung Ihrer Kündigung',
      cancellation_withdrawn: 'Rücknahme Ihrer Kündigung',
      tariff_change: 'Bestätigung Ihres Tarifwechsels',
      tariff_change_withdrawn: 'Rücknahme des Tarifwechsels',
      option_booked: 'Zusatzoption gebucht',
      option_terminated: 'Zusatzoption gekündigt',
    },
    intro: {
      cancellation: 'wir bestätigen die Kündigung des Moduls:',
      cancellation_withdrawn: 'die Kündigung wurde zurückgenommen; das Modul läuft unverändert weiter:',
      tariff_change: 'wir bestätigen den Tarifwechsel für das Modul:',
      tariff_change_withdrawn:
        'der geplante Tarifwechsel wurde zurückgenommen; der bisherige Tarif läuft weiter:',
      option_booked: 'für das Modul wurde eine Zusatzoption gebucht:',
      option_terminated: 'eine Zusatzoption des Moduls wurde gekündigt:',
    },
    date: {
      cancellation: 'Vertragsende (letzter Leistungstag)',
      cancellation_withdrawn: 'Aufgehobenes Vertragsende',
      tariff_change: 'Neuer Tarif ab',
      tariff_change_withdrawn: 'Aufgehobener Wechsel zum',
      option_booked: 'Beginn',
      option_terminated: 'Ende (letzter Leistungstag)',
    },
    hello: 'Hallo',
    module: 'Modul',
    tariff: 'Tarif',
    newTariff: 'Neuer Tarif',
    option: 'Zusatzoption',
    quantity: 'Anzahl',
    reason: 'Ihr Kündigungsgrund',
    received: 'Eingegangen am',
    optionsEnding: 'Damit enden diese Zusatzoptionen',
    endsOn: 'endet am',
    portalLink: 'Details im Portal',
  },
  en: {
    subject: {
      cancellation: 'your cancellation is confirmed',
      cancellation_withdrawn: 'your cancellation was withdrawn',
      tariff_change: 'your change of tariff is confirmed',
      tariff_change_withdrawn: 'the change of tariff was withdrawn',
      option_booked: 'additional option booked',
      option_terminated: 'additional option terminated',
    },
    intro: {
      cancellation: 'we confirm the cancellation of the module:',
      cancellation_withdrawn: 'the cancellation was withdrawn; the module runs on unchanged:',
      tariff_change: 'we confirm the change of tariff for the module:',
      tariff_change_withdrawn: 'the scheduled change of tariff was withdrawn; the current tariff runs on:',
      option_booked: 'an additional option was booked for the module:',
      option_terminated: 'an additional option of the module was terminated:',
    },
    date: {
      cancellation: 'End of contract (last day of service)',
      cancellation_withdrawn: 'End withdrawn',
      tariff_change: 'New tariff from',
      tariff_change_withdrawn: 'Switch withdrawn, was on',
      option_booked: 'Start',
      option_terminated: 'End (last day of service)',
    },
    hello: 'Hello',
    module: 'Module',
    tariff: 'Tariff',
    newTariff: 'New tariff',
    option: 'Additional option',
    quantity: 'Quantity',
    reason: 'Your reason for cancelling',
    received: 'Received on',
    optionsEnding: 'These additional options end with it',
    endsOn: 'ends on',
    portalLink: 'Details in the portal',
  },
  nl: {
    subject: {
      cancellation: 'bevestiging van uw opzegging',
      cancellation_withdrawn: 'uw opzegging is ingetrokken',
      tariff_change: 'bevestiging van uw tariefwijziging',
      tariff_change_withdrawn: 'de tariefwijziging is ingetrokken',
      option_booked: 'aanvullende optie geboekt',
      option_terminated: 'aanvullende optie opgezegd',
    },
    intro: {
      cancellation: 'wij bevestigen de opzegging van de module:',
      cancellation_withdrawn: 'de opzegging is ingetrokken; de module loopt ongewijzigd door:',
      tariff_change: 'wij bevestigen de tariefwijziging voor de module:',
      tariff_change_withdrawn: 'de geplande tariefwijziging is ingetrokken; het huidige tarief loopt door:',
      option_booked: 'voor de module is een aanvullende optie geboekt:',
      option_terminated: 'een aanvullende optie van de module is opgezegd:',
    },
    date: {
      cancellation: 'Einddatum (laatste dag van de dienst)',
      cancellation_withdrawn: 'Vervallen einddatum',
      tariff_change: 'Nieuw tarief vanaf',
      tariff_change_withdrawn: 'Vervallen wijziging per',
      option_booked: 'Ingangsdatum',
      option_terminated: 'Einddatum (laatste dag van de dienst)',
    },
    hello: 'Beste',
    module: 'Module',
    tariff: 'Tarief',
    newTariff: 'Nieuw tarief',
    option: 'Aanvullende optie',
    quantity: 'Aantal',
    reason: 'Uw reden van opzegging',
    received: 'Ontvangen op',
    optionsEnding: 'Daarmee eindigen deze aanvullende opties',
    endsOn: 'eindigt op',
    portalLink: 'Details in het portaal',
  },
} as const;

/** Texts of the e-mails the portal sends, per language. */
export const mailTemplates = {
  passwordReset(
    locale: Locale,
    p: { name: string; link: string; portal: string; validMinutes: number },
  ): Message {
    switch (locale) {
      case 'de':
        return {
          subject: `${p.portal}: Passwort zurücksetzen`,
          text: `Hallo ${p.name},\n\nüber diesen Link können Sie ein neues Passwort festlegen:\n\n${p.link}\n\nDer Link ist ${p.validMinutes} Minuten gültig und kann nur einmal verwendet werden. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n\n${p.portal}`,
        };
      case 'en':
        return {
          subject: `${p.portal}: reset your password`,
          text: `Hello ${p.name},\n\nuse this link to choose a new password:\n\n${p.link}\n\nThe link is valid for ${p.validMinutes} minutes and works once. If you did not ask for this, ignore this e-mail.\n\n${p.portal}`,
        };
      default:
        return {
          subject: `${p.portal}: wachtwoord opnieuw instellen`,
          text: `Beste ${p.name},\n\nmet deze link kiest u een nieuw wachtwoord:\n\n${p.link}\n\nDe link is ${p.validMinutes} minuten geldig en werkt één keer. Heeft u hier niet om gevraagd, dan kunt u deze e-mail negeren.\n\n${p.portal}`,
        };
    }
  },

  emailVerification(
    locale: Locale,
    p: { name: string; link: string; portal: string; validHours: number },
  ): Message {
    switch (locale) {
      case 'de':
        return {
          subject: `${p.portal}: E-Mail-Adresse bestätigen`,
          text: `Hallo ${p.name},\n\nwillkommen bei ${p.portal}. Bitte bestätigen Sie Ihre E-Mail-Adresse über diesen Link:\n\n${p.link}\n\nDer Link ist ${p.validHours} Stunden gültig und kann nur einmal verwendet werden. Erst danach können Sie Module bestellen.\n\n${p.portal}`,
        };
      case 'en':
        return {
          subject: `${p.portal}: confirm your e-mail address`,
          text: `Hello ${p.name},\n\nwelcome to ${p.portal}. Please confirm your e-mail address with this link:\n\n${p.link}\n\nThe link is valid for ${p.validHours} hours and works once. You can order modules once your address is confirmed.\n\n${p.portal}`,
        };
      default:
        return {
          subject: `${p.portal}: bevestig uw e-mailadres`,
          text: `Beste ${p.name},\n\nwelkom bij ${p.portal}. Bevestig uw e-mailadres met deze link:\n\n${p.link}\n\nDe link is ${p.validHours} uur geldig en werkt één keer. Na de bevestiging kunt u modules bestellen.\n\n${p.portal}`,
        };
    }
  },

  /** Sent to an address that is already registered when someone registers with it again. */
  registrationAttempt(
    locale: Locale,
    p: { name: string; loginLink: string; resetLink: string; portal: string },
  ): Message {
    switch (locale) {
      case 'de':
        return {
          subject: `${p.portal}: Registrierung mit Ihrer E-Mail-Adresse`,
          text: `Hallo ${p.name},\n\njemand hat versucht, sich mit Ihrer E-Mail-Adresse bei ${p.portal} zu registrieren. Sie haben bereits ein Konto. Melden Sie sich an:\n\n${p.loginLink}\n\nPasswort vergessen? Hier können Sie ein neues festlegen:\n\n${p.resetLink}\n\nWaren Sie das nicht, können Sie diese E-Mail ignorieren; an Ihrem Konto hat sich nichts geändert.\n\n${p.portal}`,
        };
      case 'en':
        return {
          subject: `${p.portal}: registration with your e-mail address`,
          text: `Hello ${p.name},\n\nsomeone tried to register at ${p.portal} with your e-mail address. You already have an account. Log in here:\n\n${p.loginLink}\n\nForgot your password? Choose a new one here:\n\n${p.resetLink}\n\nIf this was not you, ignore this e-mail; nothing has changed in your account.\n\n${p.portal}`,
        };
      default:
        return {
          subject: `${p.portal}: registratie met uw e-mailadres`,
          text: `Beste ${p.name},\n\niemand heeft geprobeerd zich met uw e-mailadres bij ${p.portal} te registreren. U heeft al een account. Log hier in:\n\n${p.loginLink}\n\nWachtwoord vergeten? Kies hier een nieuw wachtwoord:\n\n${p.resetLink}\n\nWas u dit niet, dan kunt u deze e-mail negeren; er is niets aan uw account veranderd.\n\n${p.portal}`,
        };
    }
  },

  orderConfirmation(
    locale: Locale,
    p: {
      name: string;
      portal: string;
      module: string;
      tariff: string;
      start: string;
      earliestEnd: string;
      lastDayToCancel: string;
      link: string;
      onBehalf: boolean;
    },
  ): Message {
    const d = (iso: string) => formatMailDate(locale, iso);
    switch (locale) {
      case 'de':
        return {
          subject: `${p.portal}: Bestellbestätigung ${p.module}`,
          text: `Hallo ${p.name},\n\nvielen Dank für Ihre Bestellung${p.onBehalf ? ' (von unserem Team für Sie aufgegeben)' : ''}.\n\nModul: ${p.module}\nTarif: ${p.tariff}\nBeginn: ${d(p.start)}\nFrühestes Vertragsende bei Kündigung heute: ${d(p.earliestEnd)}\nLetzter Tag für diese Kündigung: ${d(p.lastDayToCancel)}\n\nBitte ergänzen Sie jetzt die Angaben zum Modul im Portal:\n\n${p.link}\n\n${p.portal}`,
        };
      case 'en':
        return {
          subject: `${p.portal}: order confirmation ${p.module}`,
          text: `Hello ${p.name},\n\nthank you for your order${p.onBehalf ? ' (placed for you by our team)' : ''}.\n\nModule: ${p.module}\nTariff: ${p.tariff}\nStart: ${d(p.start)}\nEarliest end if cancelled today: ${d(p.earliestEnd)}\nLast day to cancel for that end: ${d(p.lastDayToCancel)}\n\nPlease fill in the module's details in the portal:\n\n${p.link}\n\n${p.portal}`,
        };
      default:
        return {
          subject: `${p.portal}: orderbevestiging ${p.module}`,
          text: `Beste ${p.name},\n\nhartelijk dank voor uw bestelling${p.onBehalf ? ' (door ons team voor u geplaatst)' : ''}.\n\nModule: ${p.module}\nTarief: ${p.tariff}\nIngangsdatum: ${d(p.start)}\nVroegste einddatum bij opzegging vandaag: ${d(p.earliestEnd)}\nLaatste dag om daarvoor op te zeggen: ${d(p.lastDayToCancel)}\n\nVul nu de gegevens van de module in het portaal in:\n\n${p.link}\n\n${p.portal}`,
        };
    }
  },

  /** Confirmation of a declaration on a booking: what was declared, when it was received, the resulting date. */
  lifecycleConfirmation(locale: Locale, p: LifecycleFacts & { name: string }): Message {
    const w = lifecycleWords[locale];
    const d = (iso: string) => formatMailDate(locale, iso);
    const lines = [
      `${w.module}: ${p.module}`,
      p.tariff ? `${w.tariff}: ${p.tariff}` : null,
      p.newTariff ? `${w.newTariff}: ${p.newTariff}` : null,
      p.option
        ? `${w.option}: ${p.option}${p.quantity && p.quantity > 1 ? ` (${w.quantity} ${p.quantity})` : ''}`
        : null,
      p.date ? `${w.date[p.kind]}: ${d(p.date)}` : null,
      p.cancellationReason ? `${w.reason}: ${p.cancellationReason}` : null,
      `${w.received}: ${p.receivedAt}`,
    ].filter((l): l is string => l !== null);
    const ending = p.optionsEnding?.length
      ? `\n\n${w.optionsEnding}:\n${p.optionsEnding.map((o) => `- ${o.title}: ${w.endsOn} ${d(o.endsOn)}`).join('\n')}`
      : '';
    return {
      subject: `${p.portal}: ${w.subject[p.kind]} (${p.module})`,
      text: `${w.hello} ${p.name},\n\n${w.intro[p.kind]}\n\n${lines.join('\n')}${ending}\n\n${w.portalLink}:\n${p.link}\n\n${p.portal}`,
    };
  },

  /** An invitation to join a client account; the link is single-use and expires. */
  invitation(
    locale: Locale,
    p: {
      account: string;
      inviter: string;
      portal: string;
      link: string;
      validDays: number;
      role: 'member' | 'admin';
    },
  ): Message {
    switch (locale) {
      case 'de':
        return {
          subject: `${p.portal}: Einladung zum Konto ${p.account}`,
          text: `Guten Tag,\n\n${p.inviter} lädt Sie ein, das Konto ${p.account} bei ${p.portal} als ${p.role === 'admin' ? 'Administrator' : 'Mitglied'} mitzubenutzen. Über diesen Link legen Sie Ihren Namen und Ihr Passwort fest:\n\n${p.link}\n\nDer Link ist ${p.validDays} Tage gültig und kann nur einmal verwendet werden. Wenn Sie damit nichts anfangen können, ignorieren Sie diese E-Mail.\n\n${p.portal}`,
        };
      case 'en':
        return {
          subject: `${p.portal}: invitation to the account ${p.account}`,
          text: `Hello,\n\n${p.inviter} invites you to use the account ${p.account} at ${p.portal} as ${p.role === 'admin' ? 'an admin' : 'a member'}. Choose your name and password with this link:\n\n${p.link}\n\nThe link is valid for ${p.validDays} days and works once. If this means nothing to you, ignore this e-mail.\n\n${p.portal}`,
        };
      default:
        return {
          subject: `${p.portal}: uitnodiging voor het account ${p.account}`,
          text: `Goedendag,\n\n${p.inviter} nodigt u uit om het account ${p.account} bij ${p.portal} te gebruiken als ${p.role === 'admin' ? 'beheerder' : 'lid'}. Met deze link kiest u uw naam en wachtwoord:\n\n${p.link}\n\nDe link is ${p.validDays} dagen geldig en werkt één keer. Zegt dit u niets, dan kunt u deze e-mail negeren.\n\n${p.portal}`,
        };
    }
  },

  /** Sent to the account owner when the account has been closed: what is kept and until when. */
  accountClosed(
    locale: Locale,
    p: {
      name: string;
      account: string;
      portal: string;
      closedOn: string;
      documentsUntil: string | null;
      recordsUntil: string;
    },
  ): Message {
    const d = (iso: string) => formatMailDate(locale, iso);
    switch (locale) {
      case 'de':
        return {
          subject: `${p.portal}: Ihr Konto ${p.account} wurde geschlossen`,
          text: `Hallo ${p.name},\n\nIhr Konto ${p.account} wurde am ${d(p.closedOn)} geschlossen. Alle Anmeldungen sind beendet; Namen, E-Mail-Adressen, Passwörter, Kontaktdaten und Moduldaten wurden gelöscht bzw. anonymisiert.\n\nAufbewahrt werden, weil das Gesetz es verlangt:\n- ${p.documentsUntil ? `Ausgestellte Rechnungen und Korrekturen bis ${d(p.documentsUntil)}` : 'Rechnungen: keine vorhanden, es wird keine aufbewahrt'}\n- Vertragsdaten (Buchungen, Tarife, Optionen), die Zustimmungen zu AGB und Datenschutzerklärung und der Änderungsverlauf bis ${d(p.recordsUntil)}\n\nDiese E-Mail ist die letzte, die Sie von uns zu diesem Konto erhalten.\n\n${p.portal}`,
        };
      case 'en':
        return {
          subject: `${p.portal}: your account ${p.account} has been closed`,
          text: `Hello ${p.name},\n\nyour account ${p.account} was closed on ${d(p.closedOn)}. Every login has ended; names, e-mail addresses, passwords, contact details and module data have been erased or anonymised.\n\nKept because the law requires it:\n- ${p.documentsUntil ? `Issued invoices and credit notes until ${d(p.documentsUntil)}` : 'Invoices: none exist, none are kept'}\n- Contract records (bookings, tariffs, options), the acceptances of the terms and the privacy policy, and the change history until ${d(p.recordsUntil)}\n\nThis is the last e-mail you receive from us about this account.\n\n${p.portal}`,
        };
      default:
        return {
          subject: `${p.portal}: uw account ${p.account} is opgeheven`,
          text: `Beste ${p.name},\n\nuw account ${p.account} is op ${d(p.closedOn)} opgeheven. Alle logins zijn beëindigd; namen, e-mailadressen, wachtwoorden, contactgegevens en modulegegevens zijn gewist of geanonimiseerd.\n\nBewaard, omdat de wet dat vereist:\n- ${p.documentsUntil ? `Uitgegeven facturen en creditnota's tot ${d(p.documentsUntil)}` : 'Facturen: er zijn er geen, er wordt niets bewaard'}\n- Contractgegevens (boekingen, tarieven, opties), de acceptaties van de voorwaarden en het privacybeleid, en de wijzigingsgeschiedenis tot ${d(p.recordsUntil)}\n\nDit is de laatste e-mail die u van ons over dit account ontvangt.\n\n${p.portal}`,
        };
    }
  },
};
