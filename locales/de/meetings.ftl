# B2B-Gespräche: Programm, Profile, Marktplatz, Anfragen, Gespräche, Planung.

b2b-meeting-with = B2B-Gespräch mit { $name }
b2b-their-zone = Zeitzone der anderen Seite: { $zone }
b2b-dashboard = B2B-Übersicht
b2b-meetings = B2B-Gespräche
b2b-figure = Kennzahl
b2b-value = Wert
b2b-participants = Teilnehmende
b2b-requests-sent = Gesendete Anfragen
b2b-requests-accepted = Angenommene Anfragen
b2b-requests-declined = Abgelehnte Anfragen
b2b-requests-expired = Abgelaufene Anfragen
b2b-meetings-scheduled = Geplante Gespräche
b2b-meetings-held = Stattgefundene Gespräche
b2b-follow-ups = Interesse an weiterer Zusammenarbeit
b2b-export-start = Beginn
b2b-export-side-a = Angefragt von
b2b-export-side-b = Angefragt bei
b2b-export-state = Status
b2b-export-took-place = Stattgefunden
b2b-export-usefulness = Nutzen (1–5)
b2b-export-follow-up = Weiterführung
b2b-state-draft = Entwurf
b2b-state-scheduled = Geplant
b2b-state-cancelled = Abgesagt
b2b-yes = Ja
b2b-no = Nein

error-b2b-not-enabled = Diese Veranstaltung hat keine B2B-Gespräche.
error-b2b-registration-required = Melden Sie sich zuerst zur Veranstaltung an, um an B2B-Gesprächen teilzunehmen.
error-b2b-windows-invalid = Geben Sie mindestens ein Zeitfenster an, das nach seinem Beginn endet.
error-b2b-window-outside-event = Ein Zeitfenster muss an einem der Veranstaltungstage liegen.
error-b2b-windows-overlap = Zwei Zeitfenster überschneiden sich.
error-b2b-windows-too-short = Die Zeitfenster sind zu kurz für ein einziges Gespräch.
error-b2b-too-many-slots = Die Zeitfenster fassen zu viele Gespräche (höchstens 1.000 Termine).
error-b2b-secret-too-short = Das Jitsi-Geheimnis braucht mindestens 16 Zeichen.
error-b2b-group-required = Wählen Sie die Gruppe, zu der Sie gehören.
error-b2b-too-many-items = Ein Profil hat höchstens 20 Angebote und Gesuche.
error-b2b-profile-required = Schreiben Sie zuerst Ihr Kooperationsprofil.
error-b2b-slot-outside-windows = Diese Zeit ist keiner der B2B-Termine.
error-b2b-not-yourself = Das geht nicht mit Ihnen selbst.
error-b2b-kind-unknown = Unbekannte Art von Angebot oder Gesuch.
error-b2b-participant-unknown = Dieses Mitglied nimmt nicht an den B2B-Gesprächen der Veranstaltung teil.
error-b2b-deadline-passed = Die Frist für Gesprächsanfragen ist abgelaufen.
error-b2b-rule-excludes = Die Regeln der Veranstalter erlauben kein Gespräch zwischen Ihren Gruppen.
error-b2b-no-thanks = Eine Seite möchte die andere nicht treffen.
error-b2b-too-many-pending = Zu viele Ihrer Anfragen warten auf Antwort. Warten Sie Antworten ab oder ziehen Sie eine zurück.
error-b2b-request-exists = Zwischen Ihnen beiden gibt es bereits eine Anfrage.
error-b2b-not-recipient = Nur die angefragte Person kann diese Anfrage beantworten.
error-b2b-meeting-limit = Eine Seite hat die höchste erlaubte Zahl an Gesprächen erreicht.
error-b2b-request-answered = Diese Anfrage wurde bereits beantwortet oder zurückgezogen.
error-b2b-request-expired = Diese Anfrage ist abgelaufen.
error-b2b-slot-taken = Diese Zeit ist nicht mehr für beide frei. Bitte wählen Sie eine andere.
error-b2b-no-common-slot = Es gibt keine Zeit mehr, die für beide frei ist.
error-b2b-not-sender = Nur wer die Anfrage gesendet hat, kann sie zurückziehen.
error-b2b-meeting-cancelled = Dieses Gespräch ist abgesagt.
error-b2b-no-move-proposed = Niemand hat vorgeschlagen, dieses Gespräch zu verlegen.
error-b2b-not-other-side = Die andere Seite muss die Verlegung bestätigen.
error-b2b-not-your-meeting = Das können nur die beiden Beteiligten.
error-b2b-join-closed = Der Raum öffnet 10 Minuten vor dem Gespräch und schließt an seinem Ende.
error-b2b-no-video-server = Die Veranstalter haben noch keinen Videoserver eingerichtet.
error-b2b-meeting-not-started = Eine Rückmeldung ist möglich, sobald das Gespräch begonnen hat.
error-b2b-schedule-clash = Jemand hätte zwei Gespräche zur selben Zeit. Verlegen oder entsperren Sie ein Gespräch und versuchen Sie es erneut.

## Seiten

b2b-title = B2B-Gespräche
b2b-intro = Gespräche unter vier Augen zwischen Unternehmen und Partnern dieser Veranstaltung. Beschreiben Sie, was Sie anbieten und was Sie suchen, finden Sie Partner und bitten Sie sie um ein Gespräch.
b2b-nav = B2B-Bereiche
b2b-nav-overview = Überblick
b2b-nav-marketplace = Marktplatz
b2b-nav-requests = Anfragen
b2b-nav-profile = Mein Profil
b2b-nav-meetings = Meine Gespräche
b2b-nav-settings = Einstellungen
b2b-nav-schedule = Planung
b2b-nav-dashboard = Kennzahlen
b2b-your-part = Ihr Stand
b2b-step-register = Melden Sie sich zuerst zur Veranstaltung an, um an B2B-Gesprächen teilzunehmen.
b2b-step-profile = Schreiben Sie Ihr Kooperationsprofil: was Sie anbieten und was Sie suchen.
b2b-write-profile = Profil schreiben
b2b-step-ready = Ihr Profil ist fertig
b2b-edit-profile = Mein Profil bearbeiten
b2b-find-partners = Partner finden
b2b-requests-waiting = { $count ->
    [one] { $n } Anfrage wartet auf Ihre Antwort
   *[other] { $n } Anfragen warten auf Ihre Antwort
}
b2b-requests-sent-waiting = { $count ->
    [one] { $n } Ihrer Anfragen wartet auf eine Antwort
   *[other] { $n } Ihrer Anfragen warten auf eine Antwort
}
b2b-your-meetings = Ihre Gespräche bei dieser Veranstaltung
b2b-all-meetings = Alle meine Gespräche
b2b-programme = Das Programm
b2b-meeting-length = Gesprächsdauer
b2b-minutes = { $count ->
    [one] { $n } Minute
   *[other] { $n } Minuten
}
b2b-break-minutes = { $count ->
    [one] danach jeweils { $n } Minute Pause
   *[other] danach jeweils { $n } Minuten Pause
}
b2b-windows = Zeitfenster
b2b-event-time = Zeit der Veranstaltung
b2b-slot-count = { $count ->
    [one] insgesamt { $n } Gesprächstermin
   *[other] insgesamt { $n } Gesprächstermine
}
b2b-max-meetings = Gespräche je Teilnehmer (höchstens)
b2b-deadline = Anfragen bis
b2b-deadline-passed = Vorbei
b2b-mode = Terminvergabe
b2b-mode-auto-explained = Die Veranstalter planen alle Gespräche auf einmal aus den angenommenen Anfragen und veröffentlichen den Plan.
b2b-mode-self-explained = Wenn Sie eine Anfrage annehmen, wählen Sie eine Zeit, zu der Sie beide frei sind.
b2b-published = Veröffentlicht
b2b-rule = Wer trifft wen
b2b-rule-groups-explained = Gespräche finden nur zwischen „{ $a }“ und „{ $b }“ statt.
b2b-organiser-hint = Als Veranstalter finden Sie Einstellungen, Planung und Kennzahlen im Menü oben.
b2b-switch-on = B2B-Gespräche einrichten

b2b-settings = B2B-Einstellungen
b2b-enabled = B2B-Gespräche sind für diese Veranstaltung eingeschaltet
b2b-meetings-and-limits = Gespräche und Grenzen
b2b-meeting-minutes = Gesprächsdauer (Minuten)
b2b-break-minutes-field = Pause nach jedem Gespräch (Minuten)
b2b-max-pending = Gleichzeitig offene Anfragen je Teilnehmer
b2b-request-ttl = Anfragen verfallen nach (Minuten)
b2b-request-ttl-hint = Leer lassen, damit Anfragen bis zur Antwort gelten. Ein Tag hat 1440 Minuten.
b2b-deadline-hint = Datum und Uhrzeit in der Zeitzone der Veranstaltung ({ $zone }). Leer lassen für keine Frist.
b2b-windows-hint = An den Veranstaltungstagen, in der Zeitzone der Veranstaltung ({ $zone }). Leeren Sie eine Zeile, um sie zu entfernen; nach dem Speichern gibt es weitere leere Zeilen.
b2b-window-day = Tag
b2b-window-from = Von
b2b-window-to = Bis
b2b-rule-everyone = Alle dürfen sich mit allen treffen
b2b-rule-groups = Nur zwischen zwei Gruppen
b2b-group-a = Erste Gruppe (zum Beispiel: ausländische Unternehmen)
b2b-group-b = Zweite Gruppe (zum Beispiel: lokale Organisationen)
b2b-mode-self = Selbst planen: Wer eine Anfrage annimmt, bucht eine für beide freie Zeit
b2b-mode-auto = Automatisch: Die Veranstalter lassen den Planer rechnen und veröffentlichen den Plan
b2b-video = Videoräume
b2b-room-link = Ein Link zu einem eigenen Raum für jedes Gespräch
b2b-room-jitsi = Jitsi mit signierten Tokens
b2b-room-base = Adresse des Videoservers
b2b-jitsi-app-id = Jitsi-App-ID
b2b-jitsi-secret = Jitsi-App-Geheimnis
b2b-jitsi-secret-hint = Mindestens 16 Zeichen. Es wird nie wieder angezeigt.
b2b-jitsi-secret-kept = Ein Geheimnis ist gespeichert. Lassen Sie das Feld leer, um es zu behalten, oder geben Sie ein neues ein, um es zu ersetzen.

b2b-profile = Mein B2B-Profil
b2b-profile-intro = Andere Teilnehmende finden Sie über das, was Sie hier schreiben.
b2b-organisation = Organisation
b2b-pitch = Kurz gesagt: wer Sie sind und was Sie suchen
b2b-pitch-hint = Höchstens 1000 Zeichen.
b2b-languages = Gesprächssprachen
b2b-your-group = Ihre Gruppe
b2b-offers-and-requests = Was Sie anbieten und was Sie suchen
b2b-items-hint = Ein Eintrag je Angebot oder Gesuch. Leeren Sie einen Eintrag, um ihn zu entfernen; nach dem Speichern gibt es weitere leere Einträge.
b2b-item-n = Angebot oder Gesuch { $n }
b2b-item-title = Titel
b2b-item-error = Angebot oder Gesuch { $n }: { $message }
b2b-direction = Angebot oder Gesuch
b2b-direction-offer = Ich biete
b2b-direction-request = Ich suche
b2b-kind = Art
b2b-kind-product = Produkt
b2b-kind-service = Dienstleistung
b2b-kind-technology = Technologie
b2b-kind-partnership = Partnerschaft
b2b-kind-investment = Investition
b2b-kind-expertise = Fachwissen
b2b-topics = Branchen
b2b-countries = Länder
b2b-countries-hint = Ländercodes aus zwei Buchstaben, durch Kommas getrennt, zum Beispiel KZ, DE.
b2b-countries-label = Länder
b2b-save-profile = Mein Profil speichern
b2b-availability = Wann ich kann
b2b-availability-hint = Kreuzen Sie die Zeiten an, zu denen Sie können. Bis Sie dieses Formular speichern, gilt jede Zeit als frei.
b2b-availability-after-profile = Speichern Sie zuerst Ihr Profil; dann können Sie wählen, wann Sie können.
b2b-save-availability = Meine Zeiten speichern
b2b-your-time-in = Ihre Zeit, { $zone }
b2b-event-time-in = Zeit der Veranstaltung, { $zone }

b2b-marketplace = Marktplatz
b2b-search = Suche
b2b-topic = Branche
b2b-country = Land
b2b-language = Sprache
b2b-suggested = Vorschläge für Sie
b2b-suggestions-need-profile = Schreiben Sie Ihr Profil, um Vorschläge zu bekommen.
b2b-suggestions-none = Noch keine Vorschläge. Ergänzen Sie Angebote und Gesuche in Ihrem Profil, um welche zu bekommen.
b2b-why = Warum:
b2b-results = Ergebnisse
b2b-all-participants = Alle Teilnehmenden
b2b-no-results = Niemand gefunden.
b2b-offers = Bietet
b2b-requests-sought = Sucht
b2b-reason-they-offer = Sie bieten „{ $offer }“ an, passend zu Ihrem Gesuch „{ $request }“.
b2b-reason-you-offer = Ihr Angebot „{ $offer }“ passt zu deren Gesuch „{ $request }“.
b2b-reason-topics = Gemeinsame Branchen: { $topics }.
b2b-reason-languages = Sie können beide { $languages } sprechen.
b2b-time-zone = Zeitzone
b2b-ask-meeting = Um ein Gespräch bitten
b2b-request-exists-sent = Sie haben um ein Gespräch gebeten: { $status }.
b2b-request-exists-received = Sie wurden um ein Gespräch gebeten: { $status }.
b2b-message = Nachricht
b2b-priority = Wie wichtig ist es Ihnen?
b2b-priority-1 = Schön zu haben
b2b-priority-2 = Nützlich
b2b-priority-3 = Wichtig
b2b-send-request = Anfrage senden
b2b-your-mark = Ihre Markierung
b2b-mark-must-meet = Unbedingt treffen
b2b-mark-no-thanks = Nein, danke
b2b-mark-clear = Markierung entfernen
b2b-mark-hint = „Unbedingt treffen“ stellt diese Person für Sie und für den Planer nach vorn. „Nein, danke“ bedeutet, dass keiner von Ihnen den anderen anfragen kann.

b2b-requests = Gesprächsanfragen
b2b-times-in = Ihre Zeiten sind in { $zone } angegeben.
b2b-received = Erhalten
b2b-sent = Gesendet
b2b-none-received = Noch keine Anfragen erhalten.
b2b-none-sent = Sie haben noch niemanden angefragt.
b2b-sent-at = Gesendet am { $time }
b2b-expires-at = verfällt am { $time }
b2b-reason = Grund
b2b-open-meeting = Gespräch öffnen
b2b-choose-slot = Wählen Sie eine Zeit, zu der Sie beide frei sind
b2b-accept = Annehmen
b2b-accept-auto-hint = Die Veranstalter planen angenommene Anfragen ein.
b2b-decline-reason = Grund (freiwillig; die anfragende Person liest ihn)
b2b-decline = Ablehnen
b2b-withdraw = Zurückziehen
b2b-cancel-accepted = Gespräch absagen
b2b-status-pending = Wartet auf Antwort
b2b-status-accepted = Angenommen
b2b-status-declined = Abgelehnt
b2b-status-cancelled = Zurückgezogen
b2b-status-expired = Verfallen

b2b-my-meetings = Meine B2B-Gespräche
b2b-no-meetings = Sie haben noch keine B2B-Gespräche.
b2b-your-time = Ihre Zeit
b2b-their-time = { $name }: { $time } ({ $zone })
b2b-join = Am Gespräch teilnehmen
b2b-join-hint = Der Raum öffnet 10 Minuten vor Beginn.
b2b-join-open = Der Raum ist offen.
b2b-meeting = B2B-Gespräch
b2b-meeting-between = B2B-Gespräch: { $a } und { $b }
b2b-locked = Fixiert
b2b-you = Sie
b2b-room = Videoraum
b2b-move = Verschieben
b2b-move-proposed-to = Eine Verschiebung auf { $time } (Ihre Zeit) ist vorgeschlagen.
b2b-move-waiting = Die andere Seite muss die Verschiebung bestätigen
b2b-move-confirm = Verschiebung bestätigen
b2b-move-reject = Alte Zeit behalten
b2b-propose-move = Andere Zeit vorschlagen
b2b-new-time = Neue Zeit (für beide frei)
b2b-propose = Vorschlagen
b2b-organiser-tools = Für Veranstalter
b2b-move-to = Verschieben auf
b2b-move-now = Verschieben
b2b-lock = Fixieren
b2b-unlock = Freigeben
b2b-cancel-meeting = Gespräch absagen
b2b-feedback = Wie war es?
b2b-took-place = Hat das Gespräch stattgefunden?
b2b-usefulness = Wie nützlich war es?
b2b-usefulness-hint = 1: nicht nützlich, 5: sehr nützlich.
b2b-follow-up = Ich möchte in Kontakt bleiben
b2b-comment = Kommentar für die Veranstalter
b2b-send-feedback = Rückmeldung senden

b2b-schedule = B2B-Planung
b2b-drafts-count = { $count ->
    [one] { $n } Gespräch im Entwurf
   *[other] { $n } Gespräche im Entwurf
}
b2b-scheduled-count = { $count ->
    [one] { $n } veröffentlichtes Gespräch
   *[other] { $n } veröffentlichte Gespräche
}
b2b-published-at = veröffentlicht am { $time }
b2b-run-scheduler = Entwurf berechnen
b2b-publish = Entwurf veröffentlichen
b2b-run-hint = Eine neue Berechnung ersetzt die nicht fixierten Entwürfe; veröffentlichte und fixierte Gespräche bleiben, wo sie sind. Beim Veröffentlichen werden beide Seiten jedes Gesprächs benachrichtigt.
b2b-schedule-self-hint = Die Teilnehmenden buchen ihre Gespräche selbst, wenn sie eine Anfrage annehmen. Sie können einzelne Gespräche trotzdem verschieben, fixieren und absagen.
b2b-quality = Güte des letzten Entwurfs
b2b-meaning = Was es bedeutet
b2b-quality-placed = Eingeplante Gespräche
b2b-quality-placed-explained = { $placed } angenommene Anfragen haben eine Zeit im Plan.
b2b-quality-bound = Obergrenze
b2b-quality-bound-explained = Kein Plan kann mit diesen Anfragen, Zeiten und Grenzen mehr als { $bound } Gespräche unterbringen.
b2b-quality-gap = Abstand
b2b-quality-gap-explained = Der Plan liegt höchstens { $gap } unter dem bestmöglichen.
b2b-quality-greedy = Vergleich „erste freie Zeit“
b2b-quality-greedy-explained = Jede Anfrage der Reihe nach in die erste freie Zeit zu legen, brächte { $greedy } Gespräche unter; dieser Plan bringt { $placed } unter.
b2b-quality-hours = In der Arbeitszeit
b2b-quality-hours-explained = { $hours } der { $placed } Gespräche liegen für beide Seiten, jede in ihrer eigenen Zeitzone, werktags zwischen 8 und 18 Uhr.
b2b-quality-must = „Unbedingt treffen“ eingeplant
b2b-quality-must-explained = { $placed } von { $total } Anfragen mit „unbedingt treffen“ haben eine Zeit.
b2b-plan = Plan
b2b-plan-times = Zeiten in der Zeitzone der Veranstaltung ({ $zone }).
b2b-plan-empty = Noch keine Gespräche.
b2b-unplaced = Angenommene Anfragen ohne Zeit
b2b-unplaced-hint = Berechnen Sie nach Änderungen einen neuen Entwurf, oder verschieben Sie Gespräche, um Platz zu schaffen.

b2b-requests-pending = Offene Anfragen
b2b-requests-cancelled = Zurückgezogene Anfragen
b2b-meetings-draft = Gespräche im Entwurf
b2b-meetings-cancelled = Abgesagte Gespräche
b2b-feedback-answers = Rückmeldungen
b2b-usefulness-mean = Mittlerer Nutzen (1–5)
b2b-by-country = Nach Land
b2b-by-sector = Nach Branche
b2b-unknown = Nicht angegeben
b2b-no-data = Noch nichts.

b2b-event-link = B2B-Gespräche
b2b-event-link-set-up = B2B-Gespräche einrichten

notice-meetings-settings-saved = Die B2B-Einstellungen sind gespeichert.
notice-meetings-profile-saved = Ihr B2B-Profil ist gespeichert.
notice-meetings-availability-saved = Ihre Zeiten sind gespeichert.
notice-meetings-request-sent = Ihre Anfrage ist gesendet.
notice-meetings-mark-saved = Ihre Markierung ist gespeichert.
notice-meetings-accepted = Angenommen: Das Gespräch ist gebucht.
notice-meetings-request-accepted = Angenommen. Die Veranstalter geben dem Gespräch eine Zeit.
notice-meetings-request-declined = Die Anfrage ist abgelehnt.
notice-meetings-request-cancelled = Die Anfrage ist zurückgezogen.
notice-meetings-move-proposed = Die neue Zeit ist vorgeschlagen; die andere Seite wird um Bestätigung gebeten.
notice-meetings-move-confirmed = Das Gespräch ist verschoben.
notice-meetings-move-rejected = Das Gespräch behält seine Zeit.
notice-meetings-meeting-cancelled = Das Gespräch ist abgesagt.
notice-meetings-meeting-changed = Das Gespräch ist geändert.
notice-meetings-feedback-saved = Danke für Ihre Rückmeldung.
notice-meetings-schedule-computed = Ein neuer Entwurf ist berechnet.
notice-meetings-schedule-published = Der Plan ist veröffentlicht.

error-b2b-preference-unknown = Unbekannte Markierung.
error-b2b-action-unknown = Unbekannte Aktion.
