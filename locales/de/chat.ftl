# Chat
nav-chat = Chat
chat-title = Chat
chat-search = Nachrichten suchen
chat-search-button = Suchen
chat-search-none = Keine Nachrichten gefunden.
chat-open-in-channel = Im Kanal öffnen
chat-my-channels = Meine Kanäle und Unterhaltungen
chat-direct-prefix = Direkt:
chat-unread-count = { $count ->
    [one] { $n } ungelesene Nachricht
   *[other] { $n } ungelesene Nachrichten
}
chat-none = Sie sind noch in keinem Kanal. Treten Sie einem öffentlichen Kanal bei oder beginnen Sie eine Unterhaltung.
chat-public-channels = Öffentliche Kanäle
chat-join = Beitreten
chat-direct-start = Unterhaltung beginnen
chat-direct-names = Namen der Personen (bis zu 9, durch Kommas getrennt)
chat-direct-open = Unterhaltung öffnen
chat-create = Neuer Kanal
chat-field-title = Titel
chat-field-topic = Thema
chat-field-kind = Wer beitreten darf
chat-kind-private = Privat: auf Einladung
chat-kind-public = Öffentlich: jedes Mitglied
chat-create-button = Kanal anlegen
chat-edited = (bearbeitet)
chat-deleted = Diese Nachricht wurde gelöscht.
chat-hidden = Diese Nachricht wurde von der Moderation ausgeblendet.
chat-typing = { $name } schreibt…
chat-reconnecting = Verbindung unterbrochen, neuer Versuch…
chat-online = online
chat-away = abwesend
chat-back = Zurück zum Chat
chat-member-count = { $count ->
    [one] { $n } Mitglied
   *[other] { $n } Mitglieder
}
chat-moderator = Moderation
chat-silence = In diesem Kanal stummschalten
chat-unsilence = Wieder schreiben lassen
chat-invite = Mitglied mit Namen einladen
chat-invite-button = Einladen
chat-mute = Kanal stummschalten
chat-unmute = Stummschaltung aufheben
chat-leave = Kanal verlassen
chat-jump-unread = Zur ersten ungelesenen Nachricht
chat-older = Ältere Nachrichten
chat-newest = Neueste Nachrichten
chat-new-messages = Neue Nachrichten
chat-edit = Bearbeiten
chat-delete = Löschen
chat-hide = Ausblenden
chat-report = Der Moderation melden
chat-empty = Noch keine Nachrichten.
chat-message = Nachricht (Markdown)
chat-attach = Datei anhängen (bis { $size } KB)
chat-document-field = Ein Dokument aus der Bibliothek verknüpfen (optional)
chat-document-hint = Fügen Sie den Link zur Seite des Dokuments oder seine Nummer ein.
chat-document-browse = Bibliothek öffnen
chat-document = Dokument aus der Bibliothek
chat-document-unavailable = Dokument nicht mehr verfügbar
chat-send = Senden
chat-save = Speichern
chat-silenced-note = Die Moderation hat Sie in diesem Kanal stummgeschaltet: Sie können lesen, aber nicht schreiben.
notice-chat-reported = Danke: Die Moderation wurde informiert.
notification-chat-mention = { $actor } hat Sie im Chat erwähnt.
notification-chat-mention-setting = Erwähnungen im Chat
notification-chat-report = { $actor } hat eine Chatnachricht gemeldet.
notification-chat-report-setting = Gemeldete Chatnachrichten
error-chat-body-empty = Die Nachricht ist leer.
error-chat-body-too-long = Die Nachricht ist länger als 4.000 Zeichen.
error-chat-client-id-invalid = Die Client-ID muss aus 1 bis 64 sichtbaren Zeichen bestehen.
error-chat-client-id-reused = Diese Client-ID wurde schon für eine Nachricht in einem anderen Kanal verwendet.
error-chat-title-invalid = Der Titel muss 1 bis 80 Zeichen in einer Zeile lang sein.
error-chat-topic-invalid = Das Thema darf höchstens 300 Zeichen in einer Zeile haben.
error-chat-direct-size = Eine Unterhaltung hat 2 bis 10 Personen.
error-chat-not-a-member = Sie sind kein Mitglied dieses Kanals.
error-chat-silenced = Die Moderation hat Sie in diesem Kanal stummgeschaltet.
error-chat-kind-invalid = Ein Kanal ist öffentlich oder privat.
error-chat-direct-fixed = Die Personen einer Unterhaltung stehen fest; beginnen Sie eine neue.
error-chat-member-unknown = Kein aktives Mitglied hat diesen Namen oder diese Nummer.
error-chat-file-empty = Die Datei ist leer.
error-chat-file-too-large = Die Datei ist größer als erlaubt.
error-chat-message-hidden = Eine ausgeblendete Nachricht kann nicht bearbeitet werden.
error-chat-already-reported = Sie haben diese Nachricht bereits gemeldet.
error-chat-context-invalid = Der Kontext eines Kanals muss 1 bis 100 Zeichen lang sein.
error-chat-origin-refused = Die Chatverbindung muss von dieser Website kommen.
error-chat-unavailable = Der Chat startet neu; bitte versuchen Sie es gleich noch einmal.
error-chat-malformed-frame = Der Frame ist kein gültiges JSON in bekannter Form.
error-chat-unknown-type = Unbekannter Frame-Typ.
error-chat-flooding = Zu viele Frames auf einmal; bitte langsamer.
error-chat-resume-too-many = Eine Wiederaufnahme darf höchstens 500 Kanäle nennen.
error-chat-topic-unknown = Dieses Live-Thema gibt es nicht; folgen Sie einem wie session:12.
error-chat-follow-too-many = Eine Verbindung folgt höchstens 16 Themen.
error-chat-document-not-found = Es gibt kein Dokument mit dieser Nummer in der Bibliothek, das Sie sehen dürfen.
error-chat-document-invalid = Geben Sie die Nummer eines Bibliotheksdokuments oder den Link zu seiner Seite an.
chat-reports-title = Gemeldete Nachrichten
chat-reports-none = In den Kanälen, die Sie moderieren, gibt es keine offenen Meldungen.
chat-reports-count = { $count ->
    [one] { $n } Meldung
   *[other] { $n } Meldungen
}
chat-report-no-reason = ohne Begründung
chat-report-hide = Nachricht ausblenden
chat-report-dismiss = Meldungen verwerfen
notice-chat-reports-dismissed = Die Meldungen wurden verworfen.
notice-chat-reported-hidden = Die Nachricht ist ausgeblendet; ihre Meldungen sind erledigt.
chat-retention = Nachrichten aufbewahrt
chat-retention-days = { $count ->
    [one] { $n } Tag
   *[other] { $n } Tage
}
chat-retention-forever = unbegrenzt
chat-retention-label = Tage, die Nachrichten aufbewahrt werden (leer: unbegrenzt)
chat-retention-save = Speichern
notice-chat-retention-saved = Die Aufbewahrung ist gespeichert; ältere Nachrichten werden innerhalb einer Stunde gelöscht.
error-chat-retention-invalid = Nachrichten werden 1 bis 3.650 Tage oder unbegrenzt aufbewahrt.
