# Die Startseite.

home-title = Willkommen
home-heading = Das Netzwerk für Kreislaufwirtschaft zwischen Kasachstan und Deutschland
home-lead = Hier treffen sich Fachleute, Unternehmen, Behörden und Partnerorganisationen der Abfallwirtschaft: Finden Sie einander, teilen Sie Wissen, verfolgen Sie Veranstaltungen und vereinbaren Sie B2B-Treffen – auf Englisch, Deutsch, Russisch und Kasachisch.
home-join = Dem Netzwerk beitreten
home-browse = Mitglieder ansehen
home-what-heading = Was Sie hier finden
home-feature-directory = Mitgliederverzeichnis
home-feature-directory-text = Suchen Sie Personen und Organisationen nach Fachgebiet, Land und Sprache und vernetzen Sie sich mit ihnen.
home-feature-library = Bibliothek
home-feature-library-text = Gesetze, Studien, Stadtkonzepte und Präsentationen aus der Community.
home-feature-events = Veranstaltungen
home-feature-events-text = Online-Sessions mit Links zu den virtuellen Räumen, angezeigt in Ihrer eigenen Zeitzone.
home-feature-meetings = B2B-Treffen
home-feature-meetings-text = Einzelgespräche zwischen ausländischen Unternehmen und lokalen Partnern.
home-ecoweek-heading = ECO week 2023
home-ecoweek-text = Vom 21. bis 24. Februar 2023 veranstaltete die Delegation der Deutschen Wirtschaft für Zentralasien die ECO week zur Abfall- und Kreislaufwirtschaft in Kasachstan: vier Tage mit Online-Sessions, die Vorstellung des Umweltkonzepts für die Stadt Taraz und B2B-Gespräche mit deutschen Unternehmen.
home-members-heading = Mitglieder
