# Veranstaltungen: Programm, Sessions, Anmeldung, Agenda, Werkzeuge für Veranstalter.

nav-events = Veranstaltungen
events-title = Veranstaltungen
events-none = Keine bevorstehenden Veranstaltungen.
events-past = Vergangene Veranstaltungen
event-new = Neue Veranstaltung
event-edit = Veranstaltung bearbeiten
event-running = Läuft gerade
event-members-only = Nur für Mitglieder
event-public = Alle
event-visibility = Sichtbar für
event-zone = Zeitzone
event-organisers = Veranstalter
event-organiser-tools = Werkzeuge für Veranstalter
event-organisers-field = Veranstalter
event-default-language = Sprache, wenn die des Lesers fehlt
event-form-languages-hint = Titel und Beschreibung in bis zu vier Sprachen; Leser sehen ihre eigene Sprache oder die Standardsprache.
event-first-day = Erster Tag
event-last-day = Letzter Tag
event-registration-open = Die Anmeldung ist offen
event-register = Anmelden
event-register-confirm = Anmeldung bestätigen
event-unregister = Anmeldung zurückziehen
event-you-are-registered = Sie sind angemeldet
event-edit-answers = Antworten ändern
event-registration-closed = Die Anmeldung ist geschlossen
event-sign-in-to-register = Zum Anmelden einloggen
event-calendar-file = Kalenderdatei (.ics)
event-participants = Teilnehmende
event-registrations-per-session = Anmeldungen je Session
event-messages = Nachrichten an die Teilnehmenden
event-messages-none = Noch keine Nachrichten.
event-message-subject = Betreff
event-message-body = Nachricht
event-message-send = An alle Teilnehmenden senden
event-message-recipients = { $count ->
    [one] an { $n } Teilnehmende(n) gesendet
   *[other] an { $n } Teilnehmende gesendet
}
event-cover = Titelbild
event-cover-choose = Ein breites Bild für den Kopf der Veranstaltungsseite (JPEG, PNG oder WebP, höchstens { $size } MB; zugeschnitten auf 1600 × 500)
event-cover-upload = Titelbild hochladen
event-cover-remove = Titelbild entfernen
event-chat = Chat der Veranstaltung
event-materials = Materialien in der Bibliothek
event-questions = Fragen bei der Anmeldung
event-questions-hint = Eine leere Frage wird entfernt. Bei einer Auswahl die Optionen durch Semikolons trennen.
event-question = Frage
event-question-kind = Art der Antwort
event-question-text = Freitext
event-question-choice = Auswahl
event-question-options = Optionen (durch ; getrennt)
event-question-required = Pflichtfrage

schedule-zones = Zeitzonen
schedule-zone-note = Zeiten in der Zone der Veranstaltung ({ $event }) und in Ihrer ({ $viewer }): Ihre Uhr geht { $difference }.
schedule-zone-same = Alle Zeiten in { $zone }.
schedule-show-in-zone = Meine Zeiten anzeigen in
schedule-your-time = { $time } Ihre Zeit
schedule-days = Tage
schedule-all-days = Alle Tage
schedule-empty = An diesem Tag gibt es keine Sessions.
filter-all = Alle
filter-reset = Alle anzeigen
action-filter = Filtern
action-show = Anzeigen

session-new = Session hinzufügen
session-edit = Session bearbeiten
session-delete = Session löschen
field-title = Titel
session-kind = Art
session-kind-talk = Vortrag
session-kind-panel = Podiumsdiskussion
session-kind-workshop = Workshop
session-kind-b2b = B2B-Gespräche
session-kind-networking = Networking
session-track = Themenstrang
session-room = Raum
session-starts = Beginn
session-ends = Ende
session-times-hint = Zeiten in der Zone der Veranstaltung, { $zone }.
session-language = Sprache
session-interpretation = Verdolmetschung in
session-join = An der Session teilnehmen
session-join-url = Link zum virtuellen Raum (https)
session-recording = Aufzeichnung
session-recording-url = Link zur Aufzeichnung (https)
session-capacity = Plätze (leer: unbegrenzt)
session-seats = Plätze
session-seats-left = { $left } von { $capacity } Plätzen frei
session-full-waiting = Ausgebucht · Warteliste: { $waiting }
session-speakers = Referierende
session-speakers-hint = Mitglieder der Plattform, die sprechen: zum Entfernen das Häkchen entfernen, oder nach Namen hinzufügen.
session-materials = Materialien
session-materials-hint = Eines pro Zeile: „Titel | https://…“ (ein Dokument der Bibliothek oder ein beliebiger Link).
session-live = Jetzt live
session-next = Als Nächstes
session-register = Zu meiner Agenda
session-join-waiting-list = Auf die Warteliste
session-unregister = Aus meiner Agenda entfernen
session-you-have-seat = In Ihrer Agenda
session-you-wait = Auf der Warteliste
session-waiting-position = Sie sind Nummer { $position } auf der Warteliste.
session-add-to-calendar = Zum Kalender hinzufügen

agenda-title = Meine Agenda
agenda-empty = Ihre Agenda ist leer. Fügen Sie Sessions aus dem Programm einer Veranstaltung hinzu.
agenda-times-in = Zeiten in { $zone }.
agenda-overlap = Überschneidet sich mit: { $titles }
agenda-cancelled = Abgesagt
agenda-feed = Kalender-Abonnement
agenda-feed-help = Abonnieren Sie diese private Adresse in Ihrem Kalenderprogramm, um Ihre Sessions dort zu sehen. Wer die Adresse kennt, kann Ihre Agenda lesen: erneuern Sie sie, falls sie bekannt wird.
agenda-feed-create = Meine Kalenderadresse erstellen
agenda-feed-renew = Adresse erneuern
agenda-feed-revoke = Ausschalten

tz-same = gleich
tz-ahead = { $amount } vor
tz-behind = { $amount } nach
tz-hours = { $count ->
    [one] { $n } Stunde
   *[other] { $n } Stunden
}
tz-minutes = { $count ->
    [one] { $n } Minute
   *[other] { $n } Minuten
}
tz-hours-minutes = { $hours } Std. { $minutes } Min.

weekday-1 = Montag
weekday-2 = Dienstag
weekday-3 = Mittwoch
weekday-4 = Donnerstag
weekday-5 = Freitag
weekday-6 = Samstag
weekday-7 = Sonntag

export-name = Name
export-email = E-Mail
export-position = Position
export-organisation = Organisation
export-country = Land
export-registered-at = Angemeldet
export-sessions = Sessions
export-waiting = Warteliste
export-csv = CSV herunterladen
export-xlsx = Excel herunterladen

notice-event-created = Die Veranstaltung wurde angelegt.
notice-event-registered = Sie sind angemeldet.
notice-event-unregistered = Ihre Anmeldung wurde zurückgezogen.
notice-seat-taken = Die Session ist in Ihrer Agenda.
notice-seat-waiting = Die Session ist ausgebucht: Sie stehen auf der Warteliste.
notice-seat-released = Die Session wurde aus Ihrer Agenda entfernt.
notice-session-saved = Die Session wurde gespeichert.
notice-session-deleted = Die Session wurde gelöscht.
notice-feed-created = Ihre Kalenderadresse ist bereit.
notice-feed-renewed = Ihre Kalenderadresse wurde erneuert; die alte gilt nicht mehr.
notice-feed-revoked = Ihre Kalenderadresse wurde ausgeschaltet.
notice-message-sent = Die Nachricht wurde gesendet.

error-field-required = Bitte füllen Sie dieses Feld aus.
error-date-invalid = Bitte geben Sie ein Datum als JJJJ-MM-TT an.
error-datetime-invalid = Bitte geben Sie Datum und Uhrzeit an, etwa 2023-02-21T10:00.
error-datetime-ambiguous = Diese Ortszeit gibt es in der Zeitzone der Veranstaltung nicht oder zweimal (Zeitumstellung). Bitte wählen Sie eine andere Zeit.
error-event-ends-before-start = Der letzte Tag liegt vor dem ersten.
error-event-too-long = Eine Veranstaltung dauert höchstens 31 Tage.
error-event-excludes-sessions = Einige Sessions lägen außerhalb der neuen Tage. Verschieben Sie sie zuerst.
error-default-locale-without-title = Die Standardsprache braucht einen Titel.
error-session-ends-before-start = Die Session endet vor ihrem Beginn.
error-session-outside-event = Die Session muss innerhalb der Tage der Veranstaltung liegen.
error-session-kind-unknown = Unbekannte Art von Session.
error-url-not-https = Bitte geben Sie einen vollständigen https://-Link an.
error-url-too-long = Der Link ist zu lang.
error-capacity-invalid = Die Zahl der Plätze muss eine ganze Zahl ab 1 sein.
error-capacity-below-registrations = Es haben schon mehr Personen einen Platz als diese Zahl.
error-organisers-required = Eine Veranstaltung braucht mindestens einen Veranstalter.
error-member-unknown = Kein aktives Mitglied hat diese Nummer.
people-find = Nach Namen hinzufügen
people-find-hint = Namen wie im Mitgliederverzeichnis, einer pro Zeile. Passen mehrere Mitglieder zu einem Namen, stehen sie oben: bitte die richtige Person ankreuzen.
session-guests = Gastreferierende
session-guests-hint = Eine Person pro Zeile: „Name — kurze Vorstellung“.
error-member-name-unknown = Kein Mitglied hat genau diesen Namen. Bitte die Schreibweise prüfen oder eine der gefundenen Personen ankreuzen.
error-member-name-ambiguous = Mehrere Mitglieder haben diesen Namen. Bitte die richtige Person ankreuzen.
error-organiser-role-required = Mitveranstalter brauchen die Rolle „Veranstalter“; eine Administratorin oder ein Administrator kann sie vergeben.
error-question-unknown = Diese Frage gehört nicht zur Veranstaltung.
error-question-needs-options = Eine Auswahl braucht mindestens zwei Optionen.
error-answer-required = Bitte beantworten Sie die Pflichtfragen.
error-answer-not-an-option = Bitte wählen Sie eine der Optionen.
error-registration-closed = Die Anmeldung zu dieser Veranstaltung ist geschlossen.
error-event-over = Diese Veranstaltung ist vorbei.
error-session-over = Diese Session ist vorbei.
error-event-registration-required = Bitte melden Sie sich zuerst zur Veranstaltung an.
