# Für die ganze Website: Navigation, Felder, Datumsangaben, Anzahlen.

nav-skip = Zum Inhalt springen
nav-main = Hauptnavigation
nav-language = Sprache
nav-directory = Mitglieder
nav-organisations = Organisationen
nav-contacts = Kontakte
nav-meetings = Gespräche
nav-notifications = Benachrichtigungen
nav-admin = Verwaltung
nav-login = Anmelden
nav-logout = Abmelden
nav-register = Registrieren
footer-text = Circula – das Netzwerk der Community für Abfall- und Kreislaufwirtschaft zwischen Kasachstan und Deutschland.

action-save = Speichern
action-add = Hinzufügen
action-delete = Löschen
filter-any = Alle
pagination = Seiten
pagination-prev = Zurück
pagination-next = Weiter
pagination-page = Seite { $page } von { $pages }

field-name = Name
field-email = E-Mail
field-password = Passwort
field-current-password = Aktuelles Passwort
field-new-password = Neues Passwort
field-label = Bezeichnung
field-position = Position
field-organisation = Organisation
field-organisation-kind = Art der Organisation
field-country = Land
field-city = Stadt
field-timezone = Zeitzone
field-locale = Sprache für E-Mails
field-language = Gesprochene Sprache
field-languages = Gesprochene Sprachen
field-expertise = Fachgebiete
field-bio = Über mich
field-website = Website
field-description = Beschreibung
field-photo = Foto
field-visibility = Sichtbar für
field-status = Status
field-role = Rolle
field-slug = Schlüssel
field-position-order = Reihenfolge

local-time = { $time } Ortszeit
local-time-zone = Ortszeit: { $time } ({ $zone })

members-count = { $count ->
    [one] { $n } Mitglied
   *[other] { $n } Mitglieder
}
organisations-count = { $count ->
    [one] { $n } Organisation
   *[other] { $n } Organisationen
}

date-long = { $day }. { $month } { $year }
month-genitive-1 = Januar
month-genitive-2 = Februar
month-genitive-3 = März
month-genitive-4 = April
month-genitive-5 = Mai
month-genitive-6 = Juni
month-genitive-7 = Juli
month-genitive-8 = August
month-genitive-9 = September
month-genitive-10 = Oktober
month-genitive-11 = November
month-genitive-12 = Dezember

notice-saved = Gespeichert.
notice-welcome = Willkommen bei Circula! Stellen Sie sich der Community vor.
notice-profile-saved = Ihr Profil wurde gespeichert.
notice-photo-saved = Ihr Foto wurde gespeichert.
notice-photo-removed = Ihr Foto wurde entfernt.
notice-password-changed = Ihr Passwort wurde geändert. Alle anderen Sitzungen wurden abgemeldet.
notice-token-revoked = Das Token wurde widerrufen.
notice-contact-sent = Ihre Kontaktanfrage wurde gesendet.
notice-contact-accepted = Kontaktanfrage angenommen.
notice-contact-declined = Kontaktanfrage abgelehnt.
notice-contact-removed = Kontakt entfernt.
notice-membership-approved = Die Anfrage ist bestätigt.
notice-membership-declined = Die Anfrage ist abgelehnt.
notice-membership-removed = Das Mitglied ist aus der Organisation entfernt.

status-pending = Wartet auf Freigabe
status-active = Aktiv
status-blocked = Gesperrt
role-member = Mitglied
role-organiser = Organisator
role-admin = Administrator
