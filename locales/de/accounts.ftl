# Konten: Registrierung, Anmeldung, Passwörter, Tokens.

register-title = Bei Circula registrieren
register-intro = Erstellen Sie Ihr Konto, um Fachleute, Unternehmen und Partner in der Abfall- und Kreislaufwirtschaft zu finden.
register-submit = Konto erstellen
register-have-account = Sie haben bereits ein Konto?
register-pending-title = Vielen Dank für Ihre Registrierung
register-pending-text = Ein Administrator prüft Ihre Registrierung. Wir benachrichtigen Sie per E-Mail.
register-sent-title = Bitte prüfen Sie Ihr Postfach
register-sent-text = Wir haben eine Nachricht an die angegebene Adresse gesendet. Öffnen Sie den Link darin, um Ihre Adresse zu bestätigen, und melden Sie sich dann an. Hat die Adresse schon ein Konto, steht in der Nachricht, wie Sie hineinkommen.
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
mail-registered-again-subject = Jemand wollte sich mit Ihrer Adresse bei Circula registrieren
mail-registered-again-body =
    Guten Tag { $name },

    soeben wollte jemand mit dieser E-Mail-Adresse ein neues Circula-Konto anlegen. Zu dieser Adresse gibt es bereits ein Konto.

    Waren Sie das, melden Sie sich hier an: { $login }
    Passwort vergessen? Hier legen Sie ein neues fest: { $reset }

    Waren Sie es nicht, können Sie diese Nachricht ignorieren; es hat sich nichts geändert.
