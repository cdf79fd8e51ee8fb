# Verwaltung.

admin-title = Verwaltung
admin-members = Konten
admin-pending = Warten auf Freigabe
admin-expertise = Fachgebiete
admin-expertise-intro = Mitglieder wählen ihre Fachgebiete aus dieser Liste. Jedes Fachgebiet braucht einen Namen in allen vier Sprachen.
admin-expertise-new = Neues Fachgebiet
admin-mail-off = Der E-Mail-Versand ist ausgeschaltet: Bestätigungs- und Zurücksetzungslinks werden ins Serverprotokoll geschrieben.
admin-registration = Registrierung
admin-registration-open = Offen: Jeder kann sich registrieren
admin-registration-approval = Mit Freigabe: Ein Administrator gibt jedes neue Konto frei
admin-approve = Freigeben
admin-block = Sperren
admin-unblock = Entsperren
