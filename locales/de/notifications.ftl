# Benachrichtigungen.

notifications-title = Benachrichtigungen
notifications-none = Noch keine Benachrichtigungen.
notifications-mark-all = Alle als gelesen markieren
notifications-unread = ungelesen
notifications-settings = Benachrichtigungseinstellungen
notifications-email-legend = Zusätzlich per E-Mail senden
notifications-mail-off = Auf dieser Website ist kein E-Mail-Versand eingerichtet, daher werden Benachrichtigungen nur hier angezeigt.
notification-contact-request = { $actor } möchte sich mit Ihnen vernetzen.
notification-contact-request-setting = Kontaktanfragen
notification-organisation-request = { $actor } möchte als Mitglied zu { $detail } gehören.
notification-organisation-request-setting = Anfragen, Ihrer Organisation beizutreten
notification-contact-accepted = { $actor } hat Ihre Kontaktanfrage angenommen.
notification-contact-accepted-setting = Angenommene Kontaktanfragen
notification-registration-pending = { $actor } hat sich registriert und wartet auf Freigabe.
notification-registration-pending-setting = Registrierungen, die auf Freigabe warten
notification-role-changed = { $actor } hat Ihre Rolle geändert.
notification-role-changed-setting = Änderungen Ihrer Rolle
notification-seat-confirmed = Ein Platz wurde frei: „{ $detail }“ ist jetzt in Ihrer Agenda.
notification-seat-confirmed-setting = Ein Platz von der Warteliste
notification-session-cancelled = { $actor } hat die Session „{ $detail }“ abgesagt.
notification-session-cancelled-setting = Abgesagte Sessions
notification-event-message = { $actor } hat den Teilnehmenden geschrieben: { $detail }
notification-event-message-setting = Nachrichten von Veranstaltern
mail-notification-body =
    { $text }

    { $link }

    In Ihren Benachrichtigungseinstellungen können Sie festlegen, welche Benachrichtigungen Sie per E-Mail erhalten.
