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
notification-meeting-request = { $actor } möchte Sie treffen: { $detail }.
notification-meeting-request-setting = Anfragen für B2B-Gespräche
notification-meeting-accepted = { $actor } hat Ihre Gesprächsanfrage angenommen: { $detail }.
notification-meeting-accepted-setting = Angenommene Gesprächsanfragen
notification-meeting-declined = { $actor } hat Ihre Gesprächsanfrage abgelehnt: { $detail }.
notification-meeting-declined-setting = Abgelehnte Gesprächsanfragen
notification-meeting-cancelled = { $actor } hat Ihr B2B-Gespräch abgesagt: { $detail }.
notification-meeting-cancelled-setting = Abgesagte B2B-Gespräche
notification-meeting-move-proposed = { $actor } schlägt vor, Ihr B2B-Gespräch zu verlegen: { $detail }.
notification-meeting-move-proposed-setting = Vorschläge, ein B2B-Gespräch zu verlegen
notification-meeting-moved = { $actor } hat Ihr B2B-Gespräch verlegt: { $detail }.
notification-meeting-moved-setting = Verlegte B2B-Gespräche
notification-meeting-scheduled = Ihr B2B-Gespräch mit { $actor } ist geplant: { $detail }.
notification-meeting-scheduled-setting = Geplante B2B-Gespräche
notification-meeting-reminder = Bald: Ihr B2B-Gespräch mit { $actor }, { $detail }.
notification-meeting-reminder-setting = Erinnerungen vor B2B-Gesprächen
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
notification-discussion-topic = { $actor } hat ein Thema eröffnet: { $detail }
notification-discussion-topic-setting = Neue Themen in Kategorien, denen ich folge
notification-discussion-reply = { $actor } hat in „{ $detail }“ geantwortet.
notification-discussion-reply-setting = Antworten in Themen, denen ich folge
notification-discussion-mention = { $actor } hat Sie in „{ $detail }“ erwähnt.
notification-discussion-mention-setting = Erwähnungen in Diskussionen
notification-discussion-accepted = { $actor } hat Ihre Antwort in „{ $detail }“ als Lösung markiert.
notification-discussion-accepted-setting = Meine Antworten als Lösung markiert
notifications-digest-legend = Diskussionen per E-Mail
notifications-digest-hint = Sie folgen vielen Themen? Eine E-Mail am Tag oder in der Woche statt einer pro Beitrag.
notifications-digest-each = Eine E-Mail pro Benachrichtigung
notifications-digest-daily = Eine tägliche Zusammenfassung
notifications-digest-weekly = Eine wöchentliche Zusammenfassung
mail-digest-subject-daily = Circula: { $count } Neues in Diskussionen heute
mail-digest-subject-weekly = Circula: { $count } Neues in Diskussionen diese Woche
mail-digest-body = Was in den Diskussionen geschah, denen Sie folgen:

    { $items }

    So ändern Sie, wie Sie das erhalten: { $settings }
mail-digest-more = { $count ->
    [one] … und { $n } weitere.
   *[other] … und { $n } weitere.
}
error-digest-unknown = Wählen Sie eine E-Mail je Benachrichtigung, eine tägliche oder eine wöchentliche Zusammenfassung.
notification-survey-open = Wie war { $detail }? Die Veranstalter bitten um Ihre Rückmeldung.
notification-survey-open-setting = Umfragen nach Veranstaltungen
notification-survey-reminder = Zur Erinnerung: Die Umfrage zu { $detail } ist noch offen.
notification-survey-reminder-setting = Erinnerungen an Umfragen
