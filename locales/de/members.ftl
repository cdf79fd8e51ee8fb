# Mitglieder: Verzeichnis, Profile, Organisationen, Kontakte.

directory-title = Mitglieder
directory-search = Suche
directory-search-submit = Suchen
directory-empty = Zu Ihrer Suche wurden keine Mitglieder gefunden.
organisations-title = Organisationen
organisations-empty = Keine Organisationen gefunden.
organisation-no-members = Noch keine Mitglieder.
organisation-hint = Wählen Sie eine bestehende Organisation oder geben Sie einen neuen Namen ein.
profile-edit = Profil bearbeiten
profile-contact-details = Kontaktdaten
profile-login-for-more = Melden Sie sich an, um weitere Kontaktdaten zu sehen.
photo-of = Foto von { $name }
photo-choose = Foto auswählen (JPEG, PNG oder WebP, höchstens { $size } MB)
photo-upload = Foto hochladen
photo-remove = Foto entfernen
bio-hint = Markdown wird unterstützt: **fett**, *kursiv*, [Links](https://example.org), Listen.

contact-request = Kontaktanfrage senden
contact-message = Nachricht (optional)
contact-accept = Annehmen
contact-decline = Ablehnen
contact-remove = Kontakt entfernen
contact-state-contacts = Sie sind miteinander vernetzt.
contact-state-sent = Ihre Kontaktanfrage wartet auf eine Antwort.
contacts-title = Kontakte
contacts-incoming = Anfragen an Sie
contacts-outgoing = Ihre Anfragen
contacts-accepted = Ihre Kontakte
contacts-none = Keine.

org-kind-company = Unternehmen
org-kind-public-body = Öffentliche Einrichtung
org-kind-ngo = NGO
org-kind-research = Forschung
org-kind-association = Verband
org-kind-chamber = Kammer
visibility-public = Alle
visibility-members = Mitglieder
visibility-contacts = Nur Kontakte
contact-kind-email = E-Mail
contact-kind-phone = Telefon
contact-kind-website = Website
contact-kind-linkedin = LinkedIn
contact-kind-telegram = Telegram
organisation-edit = Organisation bearbeiten
