# Konten: Registrierung, Anmeldung, Passwörter, Tokens.

register-title = Bei Circula registrieren
register-intro = Erstellen Sie Ihr Konto, um Fachleute, Unternehmen und Partner in der Abfall- und Kreislaufwirtschaft zu finden.
register-submit = Konto erstellen
register-have-account = Sie haben bereits ein Konto?
register-pending-title = Vielen Dank für Ihre Registrierung
register-pending-text = Ein Administrator prüft Ihre Registrierung. Wir benachrichtigen Sie per E-Mail.
password-hint = Mindestens 10 Zeichen. Ein paar ungewöhnliche Wörter kann man sich leichter merken als Sonderzeichen.
login-title = Anmelden
login-submit = Anmelden
login-forgot = Passwort vergessen?
forgot-title = Passwort zurücksetzen
forgot-intro = Geben Sie Ihre E-Mail-Adresse ein. Wir senden Ihnen dann einen Link, mit dem Sie ein neues Passwort festlegen können.
forgot-submit = Link senden
forgot-sent = Falls zu dieser Adresse ein Konto existiert, haben wir einen Link dorthin gesendet. Der Link ist eine Stunde lang gültig.
reset-title = Neues Passwort festlegen
reset-submit = Passwort speichern
confirm-title = E-Mail-Adresse
confirm-done = Vielen Dank, Ihre E-Mail-Adresse ist bestätigt.
settings-title = Kontoeinstellungen
settings-password = Passwort ändern
settings-password-submit = Passwort ändern
settings-tokens = API-Tokens
settings-tokens-intro = Mit Tokens können Programme die Circula-API in Ihrem Namen nutzen. Halten Sie sie geheim.
settings-tokens-none = Sie haben keine API-Tokens.
settings-token-create = Token erstellen
settings-token-created = Ihr neues Token wird nur einmal angezeigt. Kopieren Sie es jetzt.
settings-token-created-at = Erstellt
settings-token-revoke = Widerrufen

mail-confirm-subject = Bestätigen Sie Ihre E-Mail-Adresse für Circula
mail-confirm-body =
    Guten Tag { $name },

    bitte bestätigen Sie Ihre E-Mail-Adresse, indem Sie diesen Link öffnen:
    { $link }

    Falls Sie sich nicht bei Circula registriert haben, können Sie diese Nachricht ignorieren.
mail-reset-subject = Ihr Circula-Passwort zurücksetzen
mail-reset-body =
    Guten Tag { $name },

    öffnen Sie innerhalb einer Stunde diesen Link, um ein neues Passwort festzulegen:
    { $link }

    Falls Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren; Ihr Passwort bleibt unverändert.
