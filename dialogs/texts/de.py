"""German texts (formal "Sie"): the default catalogue."""

TEXTS: dict[str, str] = {
    # --- the questions -------------------------------------------------------------------
    "progress": "<i>Frage {n} von {total}</i>",
    "q.it_value.text": (
        "Welchen Wert hat Ihre gesamte IT ungefähr? "
        "Zählen Sie Server, PCs, Laptops, Smartphones, Telefonanlage, Drucker, Website und "
        "Intranet zusammen."
    ),
    "q.it_value.help": (
        "Gemeint ist, was es kosten würde, alle Geräte und Systeme neu anzuschaffen und "
        "einzurichten. Eine Schätzung genügt, z. B. 80.000 oder 80 Tsd. "
        "Nach einem Angriff kostet die Wiederherstellung erfahrungsgemäß rund die Hälfte davon."
    ),
    "q.it_value.short": "Wert der IT",
    "q.funds_cover.text": (
        "Soll die Versicherung auch Geld ersetzen, das Angreifer von Ihren Konten oder "
        "Zahlungsmitteln abziehen?"
    ),
    "q.funds_cover.help": (
        "Wer Zugang zu Ihrem Online-Banking oder Zahlungssystem erlangt, kann kurzfristig "
        "verfügbare Mittel überweisen. Dieser Baustein ersetzt solche Verluste."
    ),
    "q.funds_cover.short": "Konten mitversichern",
    "q.funds.text": (
        "Wie viel Geld ist auf Ihren Konten und Zahlungsmitteln kurzfristig verfügbar, also für "
        "Angreifer erreichbar?"
    ),
    "q.funds.help": (
        "Zählen Sie Guthaben und Kreditrahmen zusammen, über die online sofort verfügt werden "
        "kann. Festgelder mit Kündigungsfrist zählen nicht."
    ),
    "q.funds.short": "Verfügbare Geldmittel",
    "q.bi_cover.text": (
        "Soll die Versicherung auch zahlen, wenn Ihr Betrieb nach einem Angriff stillsteht "
        "(Betriebsunterbrechung)?"
    ),
    "q.bi_cover.help": (
        "Eine Betriebsunterbrechung ersetzt laufende Kosten und entgangenen Gewinn, solange Sie "
        "nach einem Angriff nicht oder nur eingeschränkt arbeiten können."
    ),
    "q.bi_cover.short": "Betriebsunterbrechung",
    "q.monthly_costs.text": "Wie hoch sind Ihre laufenden Kosten pro Monat?",
    "q.monthly_costs.help": (
        "Gehälter, Miete, Leasing, Lizenzen und alles, was auch im Stillstand weiterläuft. "
        "Beispiel: 30.000"
    ),
    "q.monthly_costs.short": "Laufende Kosten pro Monat",
    "q.monthly_profit.text": "Wie hoch ist Ihr Betriebsgewinn pro Monat? 0 ist möglich.",
    "q.monthly_profit.help": (
        "Der Gewinn vor Steuern, den Sie in einem normalen Monat erwirtschaften. "
        "Ein Zwölftel des Jahresgewinns genügt als Schätzung."
    ),
    "q.monthly_profit.short": "Gewinn pro Monat",
    "q.outage_months.text": "Wie viele Monate könnte ein Ausfall im schlimmsten Fall dauern?",
    "q.outage_months.help": (
        "Rechnen Sie mit mindestens einem Monat: Bis Systeme bereinigt, Daten wiederhergestellt "
        "und Kunden zurückgewonnen sind, vergehen oft Wochen."
    ),
    "q.outage_months.short": "Ausfalldauer",
    "q.penalties.text": (
        "Welche Vertragsstrafen könnten fällig werden, wenn Sie wegen eines Ausfalls nicht "
        "liefern? 0 ist möglich."
    ),
    "q.penalties.help": (
        "Denken Sie an Service-Level-Vereinbarungen, Liefertermine oder Pönalen in "
        "Kundenverträgen. Beispiel: 5.000"
    ),
    "q.penalties.short": "Vertragsstrafen",
    "q.it_liability.text": (
        "Haben Sie eine IT-Haftpflichtversicherung, die Schäden bei Dritten (z. B. Ihren Kunden) "
        "bereits abdeckt?"
    ),
    "q.it_liability.help": (
        "Viele IT-Dienstleister haben eine IT-Haftpflicht. Deckt sie Drittschäden schon ab, "
        "rechnen wir diese hier nicht noch einmal ein, damit Sie nichts doppelt versichern."
    ),
    "q.it_liability.short": "IT-Haftpflicht",
    "q.records.text": (
        "Wie viele personenbezogene Datensätze speichern Sie? "
        "Zählen Sie Kunden, Mitarbeitende und Geschäftspartner."
    ),
    "q.records.help": (
        "Jede Person, über die Sie Daten speichern, ist ein Datensatz. Gehen solche Daten "
        "verloren, drohen Kosten für Information der Betroffenen, Anwälte und Forderungen. "
        "Beispiel: 2.000"
    ),
    "q.records.short": "Personenbezogene Datensätze",
    "q.payment_records.text": (
        "Wie viele Bank- oder Kreditkartendaten speichern Sie selbst? 0 ist möglich."
    ),
    "q.payment_records.help": (
        "Nur Daten, die bei Ihnen liegen, zählen; nicht die, die ein Zahlungsdienstleister für "
        "Sie verwaltet. Beispiel: 300"
    ),
    "q.payment_records.short": "Bank- und Kartendaten",
    "q.client_damage.text": (
        "Wie hoch wäre der größte Schaden, den ein Kunde nach einem Cyber-Vorfall bei Ihnen "
        "geltend machen könnte?"
    ),
    "q.client_damage.help": (
        "Haben Sie eine Haftungsgrenze vereinbart, nennen Sie diese. Sonst schätzen Sie den "
        "größten möglichen Schaden Ihres wichtigsten Kunden, einschließlich Umsatzausfall."
    ),
    "q.client_damage.short": "Größter Kundenschaden",
    "q.measures.text": (
        "Welche dieser Schutzmaßnahmen haben Sie bereits? Tippen Sie alle zutreffenden an und "
        "dann auf „Fertig“."
    ),
    "q.measures.help": (
        "Versicherer fragen diese Maßnahmen vor Vertragsschluss ab. Fehlt etwas, sagen wir Ihnen "
        "im Ergebnis, warum es wichtig ist. Datensicherung heißt: regelmäßig und außerhalb des "
        "Firmennetzes aufbewahrt."
    ),
    "q.measures.short": "Schutzmaßnahmen",
    "q.training.text": (
        "Werden Ihre Mitarbeitenden regelmäßig zu Cyber-Risiken geschult, z. B. zu Phishing-Mails?"
    ),
    "q.training.help": (
        "Die meisten Angriffe beginnen mit einer E-Mail. Geschulte Mitarbeitende erkennen "
        "verdächtige Anhänge und Links eher."
    ),
    "q.training.short": "Schulungen",
    # --- options and navigation ---------------------------------------------------------
    "opt.yes": "Ja",
    "opt.no": "Nein",
    "opt.unsure": "Weiß nicht",
    "opt.unknown": "Weiß ich nicht",
    "opt.done": "Fertig",
    "opt.zero": "Keine / 0",
    "opt.months": "{n} Mon.",
    "opt.keep": "Beibehalten: {answer}",
    "nav.back": "◀ Zurück",
    "nav.help": "Was zählt dazu?",
    "answer.none_selected": "keine",
    "answer.list": "{items}",
    "list.separator": ", ",
    # --- expectations and refusals ------------------------------------------------------
    "expect.amount": "Bitte nennen Sie einen Betrag in Euro, z. B. 80.000, 80 Tsd. oder 1,5 Mio.",
    "expect.amount_or_unknown": (
        "Bitte nennen Sie einen Betrag in Euro, z. B. 500.000 oder 1,5 Mio., oder tippen Sie "
        "auf „Weiß ich nicht“."
    ),
    "expect.count": "Bitte nennen Sie eine ganze Zahl, z. B. 2.000 oder 0.",
    "expect.months": "Bitte nennen Sie eine ganze Zahl von Monaten zwischen 1 und 36, z. B. 2.",
    "expect.yes_no": "Bitte tippen Sie auf „Ja“ oder „Nein“.",
    "expect.yes_no_unsure": "Bitte tippen Sie auf „Ja“, „Nein“ oder „Weiß nicht“.",
    "expect.checklist": "Tippen Sie die Maßnahmen an, die Sie haben, und dann auf „Fertig“.",
    "error.empty": "Ich habe keine Eingabe erhalten.",
    "error.not_a_number": "„{text}“ konnte ich nicht als Zahl lesen.",
    "error.negative": "Sie haben eine negative Zahl eingegeben ({value}). Hier sind nur Werte ab 0 möglich.",
    "error.too_large.amount": (
        "{value} € ist mehr als 10 Milliarden Euro; das ist vermutlich ein Tippfehler."
    ),
    "error.too_large.amount_or_unknown": (
        "{value} € ist mehr als 10 Milliarden Euro; das ist vermutlich ein Tippfehler."
    ),
    "error.too_large.count": "{value} ist mehr als eine Milliarde; das ist vermutlich ein Tippfehler.",
    "error.too_large.months": "{value} Monate sind mehr als die 36 Monate, mit denen wir rechnen.",
    "error.not_whole": "Ich habe {value} verstanden; hier ist eine ganze Zahl gefragt.",
    "error.too_small": "Ich habe {value} verstanden; ein Ausfall dauert mindestens einen Monat.",
    "error.not_a_choice": "„{text}“ passt zu keiner der Antworten.",
    "error.use_buttons": "Bitte nutzen Sie die Schaltflächen unter der Frage.",
    "stale.button": "Diese Schaltfläche gehört zu einer früheren Frage. Hier ist die aktuelle:",
    "back.at_start": "Das ist bereits die erste Frage.",
    "restart.done": "Gut, wir beginnen von vorn. Ihre bisherigen Antworten sind verworfen.",
    "resume.ask": (
        "Sie haben bereits mit der Beratung begonnen. Möchten Sie dort weitermachen oder neu "
        "beginnen?"
    ),
    "resume.continue": "Weitermachen",
    "resume.restart": "Neu beginnen",
    # --- the result ---------------------------------------------------------------------
    "summary.headline": "<b>Empfohlene Versicherungssumme: {amount}</b>",
    "item.it_restoration": "IT-Wiederherstellung",
    "item.funds": "Konten, Zahlungsmittel",
    "item.business_interruption": "Betriebsunterbrechung",
    "item.penalties": "Vertragsstrafen",
    "item.records": "Personenbezogene Daten",
    "item.payment_records": "Bank- und Kartendaten",
    "item.subtotal": "Zwischensumme",
    "item.surcharge": "Sicherheitszuschlag",
    "item.total": "Summe",
    "note.client_damage": (
        "Der größte mögliche Schaden bei einem Kunden ({amount}) liegt über der berechneten "
        "Summe ({total}). Damit er gedeckt ist, haben wir die Empfehlung auf diesen Betrag "
        "angehoben."
    ),
    "note.third_party_excluded": (
        "Schäden bei Dritten deckt bereits Ihre IT-Haftpflicht; wir haben sie deshalb nicht "
        "eingerechnet, damit nichts doppelt versichert ist. Ihr Makler kann prüfen, ob eine "
        "Kombi-Police aus IT-Haftpflicht und Cyber-Versicherung für Sie günstiger ist."
    ),
    "note.it_value_zero": (
        "Sie haben den Wert Ihrer IT mit 0 angegeben; damit fehlt die IT-Wiederherstellung in "
        "der Rechnung. Fast jedes Unternehmen hat Rechner, Telefone oder eine Website: Je {step} "
        "IT-Wert steigt der Bedarf um {more}. Eine grobe Schätzung genügt."
    ),
    "note.bi_low": (
        "Sie haben 1 Monat Ausfall angesetzt. Nach einem Angriff dauert es oft länger, bis alles "
        "wieder läuft: Jeder weitere Monat erhöht den Bedarf um {per_month}. Besprechen Sie mit "
        "Ihrem Makler, wie lange Ihr Betrieb ohne IT auskäme."
    ),
    "measures.intro": (
        "<b>Diese Schutzmaßnahmen fehlen noch</b>, geordnet nach den sechs Themen der "
        "DIN SPEC 27076 (❗ = bei vielen Versicherern eine Obliegenheit, ⭐ = TOP-Anforderung "
        "der DIN SPEC):\n{items}"
    ),
    "measures.line": "• {label}: {why}",
    "measures.line_marked": "{mark} {label}: {why}",
    "measures.services": "Dabei helfen Leistungen, die viele Cyber-Versicherer anbieten: {services}.",
    "measures.all_present": (
        "Sie haben alle abgefragten Schutzmaßnahmen umgesetzt: In allen sechs Themen der "
        "DIN SPEC 27076 ist erfüllt, was wir gefragt haben. Sehr gut!"
    ),
    "summary.disclaimer": (
        "Diese Berechnung ist eine Orientierung, keine Beratung. Ihr Makler prüft sie mit Ihnen "
        "und holt passende Angebote ein."
    ),
    "summary.actions": "Wie möchten Sie weitermachen?",
    "summary.use_buttons": "Die Berechnung ist fertig. Bitte wählen Sie, wie es weitergeht:",
    "help.summary": (
        "Sie können mit Ihrem Makler sprechen, das Ergebnis als PDF-Bericht erhalten, eine "
        "Antwort ändern (die Summe wird dann neu berechnet) oder neu beginnen."
    ),
    "action.contact": "Mit dem Makler sprechen",
    "action.report": "Bericht als PDF",
    "action.change": "Antwort ändern",
    "action.restart": "Neu beginnen",
    "change.ask": "Welche Antwort möchten Sie ändern?",
    "change.option": "{question}: {answer}",
    "change.cancel": "Nichts ändern",
    # --- measures and services ----------------------------------------------------------
    "measure.updates.label": "Sicherheitsupdates zeitnah",
    "measure.updates.why": "Ungepatchte Lücken sind das häufigste Einfallstor.",
    "measure.antivirus.label": "Virenschutz",
    "measure.antivirus.why": "Er stoppt bekannte Schadsoftware, bevor sie Daten verschlüsselt.",
    "measure.encryption.label": "Verschlüsselte Datenträger",
    "measure.encryption.why": "Ein gestohlener Laptop wird so nicht zum Datenleck.",
    "measure.firewall.label": "Konfigurierte Firewall",
    "measure.firewall.why": "Sie hält Angreifer aus dem Netz fern, die gezielt nach offenen Diensten suchen.",
    "measure.backup.label": "Datensicherung außer Haus",
    "measure.backup.why": (
        "Nur eine regelmäßige Sicherung außerhalb des Firmennetzes bringt Sie nach einem "
        "Angriff schnell wieder in Betrieb."
    ),
    "measure.mfa.label": "Mehr-Faktor-Anmeldung (MFA)",
    "measure.mfa.why": "Ein erbeutetes Passwort allein reicht Angreifern dann nicht mehr.",
    "measure.emergency_plan.label": "Notfallplan",
    "measure.emergency_plan.why": (
        "Im Ernstfall weiß jeder, wen er anruft und welche Schritte in welcher Reihenfolge folgen."
    ),
    "measure.emergency_contact.label": "Notfallnummer für IT-Hilfe",
    "measure.emergency_contact.why": "Wenn Systeme stehen, zählt jede Stunde bis zur Hilfe durch Profis.",
    "measure.training.label": "Schulung der Mitarbeitenden",
    "measure.training.why": (
        "Die meisten Angriffe beginnen mit einer Phishing-Mail; geschulte Mitarbeitende fallen "
        "seltener darauf herein."
    ),
    "service.emergency_plan": "Erstellung eines Notfallplans",
    "service.training": "Cyber-Trainings (bei manchen Versicherern mit geringerem Selbstbehalt danach)",
    "service.hotline": "24/7-Notfall-Hotline",
    "service.recovery": "Spezialisten für Wiederherstellung und das Schließen von Lücken",
    "service.legal": "Rechtsbeistand bei Datenschutzbehörde und Kundenforderungen",
    "service.pr": "Krisen-PR zum Schutz Ihres Rufs",
}
TEXTS.update(
    {
        # --- greeting and hand-over, shared by all adapters ------------------------------
        "welcome": (
            "Guten Tag! Ich bin der automatische Cyber-Assistent, den {broker} Ihnen anbietet. In "
            "etwa drei Minuten ermitteln wir gemeinsam eine passende Versicherungssumme für eine "
            "Cyber-Versicherung. Ich speichere nur Ihre Antworten, damit die Berechnung "
            "entsteht; unvollständige Beratungen lösche ich nach {days} Tagen."
        ),
        "contact.default": "Kontakt: {broker}, {contact}",
        # --- terminal ---------------------------------------------------------------------
        "terminal.telegram_hint": (
            "Kein TELEGRAM_BOT_TOKEN gesetzt: Die Beratung läuft hier im Terminal. "
            "Für Telegram den Token in .env eintragen und erneut „make run“ starten."
        ),
        "terminal.checklist_hint": "Nummern eingeben zum An- und Abwählen (z. B. 1 3 5), Enter für „Fertig“.",
        "terminal.keep_hint": "Enter übernimmt die bisherige Antwort ({answer}).",
        "terminal.typing_hint": "Antwort eintippen; „zurück“ für die vorige Frage, „hilfe“ für eine Erklärung.",
        "terminal.also_typed": "Auch möglich: {words}",
        "terminal.bye": "Die Beratung ist beendet. Auf Wiedersehen!",
    }
)
TEXTS.update(
    {
        # --- Telegram -----------------------------------------------------------------------
        "tg.privacy_hint": (
            "Sie sprechen mit einem automatischen Assistenten, nicht mit einem Menschen. "
            "Was gespeichert wird und wie Sie es löschen: /datenschutz"
        ),
        "tg.privacy": (
            "<b>Datenschutz</b>\n"
            "Diesen automatischen Assistenten bietet Ihnen {broker} an. Gespeichert werden Ihre Antworten "
            "im Beratungsgespräch, Ihre Telegram-Nutzerkennung und Ihre Spracheinstellung, damit "
            "die Berechnung entsteht und Sie jederzeit weitermachen können. Unvollständige "
            "Beratungen werden nach {days} Tagen gelöscht. Wenn Sie um Kontakt bitten und "
            "einwilligen, erhält {broker} Ihren Namen, Ihre Telefonnummer oder E-Mail-Adresse, "
            "Ihre Wunschzeit, Ihre Antworten und das Ergebnis. Nachrichten, die ich danach "
            "weiterleite, werden {days} Tage nach dem Versand gelöscht.\n"
            "/meinedaten zeigt alles, was gespeichert ist; /loeschen löscht alles; /abbrechen "
            "löscht eine laufende Beratung."
        ),
        "tg.cancelled": (
            "Die Beratung ist abgebrochen und Ihre Antworten sind gelöscht. Mit /start können Sie "
            "jederzeit neu beginnen."
        ),
        "tg.hint.text_only": "Bitte antworten Sie mit Text oder über die Schaltflächen; Bilder, Sticker, Sprachnachrichten und Dateien kann ich nicht auswerten.",
        "tg.hint.edited": "Eine bearbeitete Nachricht ändert keine Antwort. Um eine Antwort zu korrigieren, nutzen Sie „◀ Zurück“ oder senden Sie sie neu.",
        "tg.hint.unknown_command": "Diesen Befehl kenne ich nicht. Es gibt /start, /hilfe, /zurueck, /neu, /abbrechen, /sprache, /datenschutz, /meinedaten und /loeschen.",
        "tg.group.redirect": "Die Beratung findet im privaten Chat statt, damit Ihre Angaben vertraulich bleiben.",
        "tg.group.button": "Beratung privat starten",
        "tg.language.ask": "In welcher Sprache möchten Sie die Beratung führen?",
        "tg.language.de": "Deutsch",
        "tg.language.en": "English",
        "tg.command.start": "Beratung beginnen oder fortsetzen",
        "tg.command.hilfe": "Hilfe zur aktuellen Frage",
        "tg.command.zurueck": "Zur vorigen Frage",
        "tg.command.neu": "Von vorn beginnen",
        "tg.command.abbrechen": "Beratung abbrechen und Antworten löschen",
        "tg.command.sprache": "Sprache wechseln",
        "tg.command.datenschutz": "Was gespeichert wird",
        "tg.command.help": "Hilfe zur aktuellen Frage",
        "tg.command.back": "Zur vorigen Frage",
        "tg.command.restart": "Von vorn beginnen",
        "tg.command.cancel": "Beratung abbrechen und Antworten löschen",
        "tg.command.language": "Sprache wechseln",
        "tg.command.privacy": "Was gespeichert wird",
    }
)
TEXTS.update(
    {
        # --- contact flow and handoff -------------------------------------------------------
        "contact.name.ask": "Gern stellen wir den Kontakt her. Wie dürfen wir Sie ansprechen? Bitte nennen Sie Ihren Namen.",
        "contact.name.use": "✔ {name}",
        "contact.reach.ask": "Wie erreichen wir Sie? Teilen Sie Ihre Telefonnummer über die Schaltfläche unten oder schreiben Sie eine Telefonnummer oder E-Mail-Adresse.",
        "contact.reach.share": "📱 Meine Telefonnummer teilen",
        "contact.time.ask": "Wann passt ein Rückruf am besten? Wählen Sie oder schreiben Sie z. B. „Dienstag ab 14 Uhr“.",
        "contact.time.morning": "Vormittags",
        "contact.time.afternoon": "Nachmittags",
        "contact.time.any": "Jederzeit",
        "contact.time.skip": "Keine Angabe",
        "contact.consent.ask": (
            "<b>Ihre Einwilligung</b>\n"
            "{broker} erhält Ihren Namen ({name}), Ihre Erreichbarkeit ({reach}), Ihre Antworten "
            "und das Ergebnis, um Sie zur Cyber-Versicherung zu beraten. Sie können die "
            "Einwilligung jederzeit mit /loeschen widerrufen."
        ),
        "contact.consent.yes": "Ja, {broker} darf mich kontaktieren",
        "contact.consent.no": "Nein, doch nicht",
        "contact.thanks": (
            "Vielen Dank! {broker} erhält Ihre Anfrage und meldet sich bei Ihnen. Wenn Sie "
            "noch etwas mitteilen möchten, schreiben Sie es einfach hier; ich leite es weiter."
        ),
        "contact.declined": "In Ordnung, es wurde nichts weitergegeben. Wie möchten Sie weitermachen?",
        "handed_off.info": (
            "{broker} bearbeitet Ihre Anfrage. Nachrichten, die Sie hier schreiben, leite ich "
            "weiter. Mit /neu beginnen Sie eine neue Berechnung, mit /loeschen löschen Sie Ihre Daten."
        ),
        "contact.help.contact_name": "Ihr Name hilft dem Makler, Sie richtig anzusprechen. Vor- und Nachname genügen.",
        "contact.help.contact_reach": "Eine Telefonnummer wie 0171 2345678 oder +49 171 2345678, oder eine E-Mail-Adresse wie name@firma.de.",
        "contact.help.contact_time": "Diese Angabe ist freiwillig; sie hilft nur, Sie zu einer passenden Zeit zu erreichen.",
        "contact.help.contact_consent": "Ohne Ihre Einwilligung wird nichts weitergegeben. Sie können sie jederzeit widerrufen.",
        "contact.error.name_invalid": "Das sieht nicht nach einem Namen aus. Bitte schreiben Sie z. B. „Erika Muster“.",
        "contact.error.name_too_long": "Der Name ist länger als 100 Zeichen. Bitte kürzen Sie ihn.",
        "contact.error.reach_invalid": "Das ist weder eine Telefonnummer noch eine E-Mail-Adresse. Beispiel: 0171 2345678 oder name@firma.de",
        "contact.error.phone_length": "Eine Telefonnummer hat 6 bis 15 Ziffern. Beispiel: +49 171 2345678",
        "contact.error.email_invalid": "Diese E-Mail-Adresse ist unvollständig. Beispiel: name@firma.de",
        "contact.error.time_empty": "Bitte nennen Sie eine Zeit oder wählen Sie „Keine Angabe“.",
        "contact.error.time_too_long": "Bitte fassen Sie sich kürzer (höchstens 100 Zeichen).",
        "hint.not_now": "Das brauche ich gerade nicht. Hier ist die aktuelle Frage:",
    }
)
TEXTS.update(
    {
        # --- the broker's staff chat ---------------------------------------------------------
        "staff.card.title": "🆕 <b>Anfrage #{number}</b> · {broker} · Kampagne: {campaign}",
        "staff.card.person": "👤 <b>{name}</b> ({username})",
        "staff.card.open_chat": '💬 <a href="tg://user?id={user_id}">Telegram-Profil öffnen</a>',
        "staff.card.phone": "📞 {phone}",
        "staff.card.email": "✉️ {email}",
        "staff.card.time": "🕑 Erreichbar: {time}",
        "staff.card.result": "💶 Empfohlene Versicherungssumme: <b>{amount}</b> (berechneter Bedarf {need})",
        "staff.card.answers": "<b>Antworten</b>\n{items}",
        "staff.card.missing": "<b>Fehlende Maßnahmen nach DIN SPEC 27076</b> (❗ Obliegenheit, ⭐ TOP-Anforderung)\n{items}",
        "staff.card.created": "Eingegangen: {when}",
        "staff.card.claimed": "✋ Übernommen von {who}",
        "staff.card.closed": "✅ Erledigt von {who}",
        "staff.card.erased": "🗑 Die Person hat ihre Daten gelöscht; diese Anfrage enthält keine personenbezogenen Daten mehr.",
        "staff.button.claim": "Übernehmen",
        "staff.button.close": "Erledigt",
    }
)
TEXTS.update(
    {
        "contact.reach.noted": "Danke, notiert.",
        "contact.status_info_title": "<b>Erstinformation: {broker}</b> (gesetzlich vorgeschriebene Statusinformation nach § 15 VersVermV)",
        "contact.status_info_missing": "{broker} hat die gesetzlich vorgeschriebene Erstinformation (§ 15 VersVermV) hier noch nicht hinterlegt; Sie erhalten sie vor jeder Beratung direkt.",
        "relay.closed": "Ihre Anfrage ist bereits abgeschlossen. Mit /neu beginnen Sie eine neue Berechnung.",
        "relay.from_broker": "💬 <b>{broker} schreibt:</b>",
        "staff.relay": "💬 <b>Nachricht zu Anfrage #{number}</b> von {name}:",
        "staff.report.caption": "📄 Ergebnisbericht (PDF), Anfrage Nr. {number}",
    }
)
TEXTS.update(
    {
        "tg.mydata.caption": "Alle Daten, die zu Ihnen gespeichert sind.",
        "tg.delete.ask": "Möchten Sie wirklich alle Ihre Daten löschen? Ihre Antworten und, falls Sie eine Anfrage gestellt haben, Ihre Kontaktdaten werden gelöscht; der Makler sieht nur noch, dass die Anfrage gelöscht wurde.",
        "tg.delete.yes": "Ja, alles löschen",
        "tg.delete.no": "Nein, behalten",
        "tg.delete.kept": "In Ordnung, es wurde nichts gelöscht.",
        "tg.delete.done": "Ihre Daten sind gelöscht. Mit /start können Sie jederzeit neu beginnen.",
        "tg.command.meinedaten": "Meine gespeicherten Daten",
        "tg.command.loeschen": "Alle meine Daten löschen",
        "tg.command.mydata": "Meine gespeicherten Daten",
        "tg.command.delete": "Alle meine Daten löschen",
        "staff.toast.claim": "Anfrage #{number} gehört jetzt Ihnen.",
        "staff.toast.close": "Anfrage #{number} ist erledigt.",
        "staff.toast.unchanged": "Diese Anfrage lässt sich hier nicht mehr ändern.",
        "staff.link.caption": "Link zum Teilen ({broker}):\n{link}\nTeilen Sie den Link oder den QR-Code in E-Mails, auf der Website oder auf Flyern.",
        "staff.link.invalid": "Der Kampagnenname darf nur Buchstaben, Ziffern und _ enthalten (höchstens 23 Zeichen).",
        "staff.stats.title": "<b>Auswertung</b> (begonnen, abgeschlossen, Kontaktwunsch, übernommen, erledigt)",
    }
)
TEXTS.update(
    {
        # --- the inbox and the outbox: delays, given-up updates, paced relays -----------------
        "tg.trouble.wait": (
            "Einen Moment bitte: Bei mir hakt es gerade technisch. Ihre Nachricht ist "
            "angekommen, und ich antworte, sobald es wieder geht. Sie müssen nichts erneut senden."
        ),
        "tg.trouble.gave_up": (
            "Das tut mir leid: Ihre letzte Nachricht konnte ich nicht verarbeiten. Bitte senden "
            "Sie sie noch einmal. Mit /start sehen Sie, wo Sie in der Beratung stehen."
        ),
        "relay.paced": (
            "✔ Erhalten. Sie haben mir in kurzer Zeit viele Nachrichten geschickt; {broker} "
            "erhält sie nach und nach, keine geht verloren."
        ),
        "staff.card.too_long": (
            "🆕 <b>Anfrage #{number}</b> · {broker}\nDie vollständige Karte war zu lang für eine "
            "Telegram-Nachricht. Alle Angaben stehen im Ergebnisbericht (PDF), der als Antwort "
            "auf diese Nachricht folgt."
        ),
    }
)
TEXTS["tg.hint.own_number"] = (
    "Bitte teilen Sie Ihre eigene Nummer über die Schaltfläche oder tippen Sie sie ein."
)
TEXTS["relay.sent"] = "✔ Weitergeleitet; {broker} erhält Ihre Nachricht."
TEXTS.update(
    {
        "staff.stats.broker": "Makler",
        "staff.stats.campaign": "Kampagne",
        "staff.stats.started": "Begonnen",
        "staff.stats.finished": "Fertig",
        "staff.stats.contact_requested": "Kontakt",
        "staff.stats.claimed": "Übern.",
        "staff.stats.closed": "Erledigt",
    }
)
# --- result sheet, report, DIN topics (issues 9, 11) ---
TEXTS.update(
    {
        # The result's headline, table rows and their bases.
        "summary.need": "Berechneter Bedarf: {need}, aufgerundet auf die nächste übliche Versicherungssumme.",
        "summary.need_exact": "Berechneter Bedarf: {need}; das ist bereits eine übliche Versicherungssumme.",
        "summary.next_step": (
            "<b>Nächste Schritte:</b> Besprechen Sie das Ergebnis mit Ihrem Makler. Einen "
            "vollständigen Blick auf Ihre IT-Sicherheit gibt der CyberRisikoCheck nach "
            "DIN SPEC 27076, den viele IT-Dienstleister anbieten."
        ),
        "item.raise": "Größter Kundenschaden",
        "item.recommended": "Empfehlung",
        "item.penalties@at": "Pönalen",
        "q.penalties.short@at": "Pönalen",
        "basis.it_restoration": "{share} % von {value} IT-Wert",
        "basis.funds": "kurzfristig verfügbare Mittel",
        "basis.business_interruption.one": "{monthly} pro Monat × 1 Monat",
        "basis.business_interruption.other": "{monthly} pro Monat × {n} Monate",
        "basis.penalties": "bei einem Ausfall möglich",
        "basis.records": "{n} Datensätze × {rate}",
        "basis.payment_records": "{n} Datensätze × {rate}",
        "basis.surcharge": "{share} % von {subtotal}",
        "basis.raise": "liegt über der Summe",
        "basis.recommended": "nächste übliche Versicherungssumme",
        # Notes on what was assumed.
        "note.client_damage_unknown": (
            "Den größten möglichen Schaden bei einem Kunden kennen Sie noch nicht. Prüfen Sie mit "
            "Ihrem Makler, welche Haftungsgrenzen Sie vereinbart haben: Kann ein Kunde mehr als "
            "{total} fordern, sollte die Versicherungssumme entsprechend steigen."
        ),
        "note.it_liability_unsure": (
            "Ob Ihre IT-Haftpflicht Schäden bei Dritten abdeckt, wissen Sie noch nicht. Wir haben "
            "angenommen, dass sie es nicht tut, und die Datensätze ({items}) eingerechnet. Klären "
            "Sie das mit Ihrem Makler: Deckt sie diese Schäden, läge der Bedarf bei {need} "
            "(Versicherungssumme {sum})."
        ),
        "note.fidelity": (
            "Sie möchten Geld auf Ihren Konten mitversichern. Zahlungen, zu denen Betrüger Ihre "
            "Mitarbeitenden verleiten (etwa mit einer gefälschten Anweisung der Geschäftsführung), "
            "und Geld, das Mitarbeitende selbst veruntreuen, deckt oft erst eine "
            "Vertrauensschadenversicherung oder eine ausdrücklich vereinbarte Erweiterung. Ihr "
            "Makler kann das prüfen."
        ),
        # The measures by DIN SPEC 27076 topic.
        "topic.organisation": "Organisation &amp; Sensibilisierung",
        "topic.identity": "Identitäts- &amp; Berechtigungsmanagement",
        "topic.backup": "Datensicherung",
        "topic.patching": "Patch- &amp; Änderungsmanagement",
        "topic.malware": "Schutz vor Schadprogrammen",
        "topic.network": "IT-Systeme &amp; Netzwerk",
        "measures.topic.open": "\n🔴 <b>{topic}</b>: offen\n{items}",
        "measures.topic.partly": "\n🟡 <b>{topic}</b>: teilweise umgesetzt\n{items}",
        "measures.met": "🟢 <b>Bereits erfüllt:</b> {topics}",
        "measures.obligation": (
            "Fehlt eine Maßnahme, die der Versicherer als Obliegenheit vorschreibt, kann er nach "
            "einem Schaden seine Leistung kürzen. Klären Sie deshalb vor Vertragsschluss mit Ihrem "
            "Makler, welche Pflichten gelten."
        ),
        "mark.knockout": "❗",
        "mark.top": "⭐",
        "mark.knockout_top": "❗⭐",
        # „Why these numbers“.
        "why.intro": "<b>{title}</b>\n{items}",
        "why.line": "• {line}",
        "why.title": "Woher die Zahlen kommen",
        "why.it_restoration": (
            "IT-Wiederherstellung: Systeme nach einem Angriff zu bereinigen und neu aufzusetzen "
            "kostet erfahrungsgemäß rund {share} % ihres Werts."
        ),
        "why.funds": "Konten: Kurzfristig verfügbares Geld können Angreifer abziehen; es zählt deshalb voll.",
        "why.business_interruption": (
            "Betriebsunterbrechung: laufende Kosten und entgangener Gewinn für jeden Monat des "
            "Ausfalls, dazu mögliche Vertragsstrafen."
        ),
        "why.records": (
            "Personenbezogene Daten: rund {rate} je Datensatz, ein Orientierungswert des Marktes "
            "für die Information der Betroffenen, Anwälte und Forderungen."
        ),
        "why.payment_records": (
            "Bank- und Kartendaten: rund {rate} je selbst gespeichertem Datensatz, ebenfalls ein "
            "Orientierungswert des Marktes."
        ),
        "why.surcharge": (
            "Sicherheitszuschlag: {share} % auf alle Posten, weil sich kein Schaden genau "
            "vorhersagen lässt."
        ),
        "why.client_damage": (
            "Kundenschaden: Kann ein Kunde mehr fordern als die Summe, ist diese Forderung "
            "maßgeblich."
        ),
        "why.step": (
            "Empfehlung: Versicherer bieten Versicherungssummen in üblichen Stufen an (z. B. "
            "{examples}); wir runden auf die nächste Stufe auf."
        ),
        # Austria: the broker's own status information carries its legal reference.
        "contact.status_info_title@at": "<b>Erstinformation: {broker}</b> (gesetzlich vorgeschriebene Information über den Versicherungsmakler)",
        "contact.status_info_missing@at": "{broker} hat die gesetzlich vorgeschriebene Erstinformation hier noch nicht hinterlegt; Sie erhalten sie vor jeder Beratung direkt.",
        # The staff card.
        "staff.card.topic.open": "🔴 {topic}: {items}",
        "staff.card.topic.partly": "🟡 {topic}: {items}",
        "staff.card.measure": "{label}",
        "staff.card.measure_marked": "{mark} {label}",
        "staff.card.note": "ℹ️ {note}",
        # The PDF report and the adapters that hand it out.
        "report.caption": "Ihr Ergebnisbericht als PDF, zum Ablegen oder Weiterleiten an Ihre Geschäftsführung.",
        "report.filename": "Ergebnisbericht-Cyber-Versicherungssumme",
        "report.title": "Ergebnisbericht Cyber-Versicherungssumme",
        "report.date": "Stand: {date}",
        "report.prepared_for": "Erstellt für: {name}",
        "report.lead": "Anfrage Nr. {number}",
        "report.recommendation": "Empfohlene Versicherungssumme",
        "report.table.title": "So setzt sich die Summe zusammen",
        "report.table.item": "Position",
        "report.table.basis": "Grundlage",
        "report.table.amount": "Betrag",
        "report.chart.title": "Anteile an der Summe",
        "report.chart.raise": "Anhebung auf Kundenschaden",
        "report.chart.rounding": "Aufrundung auf übliche Summe",
        "report.next.broker": "Nächster Schritt – Beratung und passende Angebote: {broker}.",
        "report.next.check": (
            "Lassen Sie den CyberRisikoCheck nach DIN SPEC 27076 von einem IT-Dienstleister "
            "durchführen: Er prüft 27 Anforderungen in den sechs Themen, nicht nur die neun hier "
            "gefragten."
        ),
        "report.notes.title": "Hinweise zu Ihren Angaben",
        "report.measures.title": "Schutzmaßnahmen nach DIN SPEC 27076",
        "report.measures.intro": (
            "Die DIN SPEC 27076 ordnet die Anforderungen an die IT-Sicherheit kleiner Unternehmen in "
            "sechs Themen. Gefragt haben wir neun Maßnahmen, auf die Versicherer besonders achten. "
            "Themen mit Lücken stehen oben, die wichtigsten zuerst."
        ),
        "report.measures.topic": "Thema",
        "report.measures.status": "Stand",
        "report.measures.missing": "Fehlt noch",
        "report.measures.none": "–",
        "report.status.met": "erfüllt",
        "report.status.partly": "teilweise",
        "report.status.open": "offen",
        "report.mark.knockout": "Obliegenheit",
        "report.mark.top": "TOP-Anforderung",
        "report.measures.legend": (
            "Obliegenheit: bei vielen Versicherern vertraglich vorgeschrieben. TOP-Anforderung: "
            "von der DIN SPEC 27076 dreifach gewichtet."
        ),
        "report.services.title": "Leistungen der Versicherer, die helfen",
        "report.services.intro": (
            "Viele Cyber-Versicherer zahlen nicht nur im Schadenfall, sondern helfen auch vorher "
            "und währenddessen. Die Leistungen unterscheiden sich; Ihr Makler vergleicht sie:"
        ),
        "report.next.title": "Nächste Schritte",
        "report.annex.title": "Anhang",
        "report.annex.answers": "Ihre Angaben",
        "report.annex.question": "Frage",
        "report.annex.answer": "Antwort",
        "report.annex.formula": "Berechnet mit der Formel in der Fassung {version}.",
        "report.annex.status_info": "Erstinformation des Maklers",
        "report.annex.status_info_sent": "Übermittelt am {when}.",
        "report.annex.consent": "Einwilligung in die Weitergabe erteilt am {when}; Empfänger: {broker}.",
        "report.footer": (
            "Automatisch erstellt aus Ihren eigenen Angaben. Keine Beratung: Die Beratung "
            "übernimmt {broker}."
        ),
        "report.page": "Seite {page} von {pages}",
        "terminal.report_saved": "Der Ergebnisbericht ist gespeichert: {path}",
        # The CSV export for a German office (Excel).
        "export.column.number": "Nr.",
        "export.column.created_at": "Eingegangen",
        "export.column.broker_code": "Makler-Code",
        "export.column.broker_name": "Makler",
        "export.column.campaign": "Kampagne",
        "export.column.status": "Status",
        "export.column.claimed_by": "Übernommen von",
        "export.column.closed_at": "Erledigt am",
        "export.column.name": "Name",
        "export.column.phone": "Telefon",
        "export.column.email": "E-Mail",
        "export.column.preferred_time": "Erreichbar",
        "export.column.tier": "Empfohlene Versicherungssumme",
        "export.column.recommended": "Berechneter Bedarf",
        "export.column.total": "Summe",
        "export.column.subtotal": "Zwischensumme",
        "export.column.surcharge": "Sicherheitszuschlag",
        "export.column.missing": "Fehlende Maßnahmen",
        "export.column.topics": "Themen nach DIN SPEC 27076",
        "export.column.notes": "Hinweise",
        "export.topic": "{topic}: {status}",
        "export.status.new": "neu",
        "export.status.claimed": "übernommen",
        "export.status.closed": "erledigt",
        "export.status.erased": "gelöscht",
    }
)
# --- hardening (issue 10) ---
TEXTS.update(
    {
        "error.too_long": "„{text}“ ist zu lang für eine Zahl.",
        "input.too_long": "Diese Nachricht ist zu lang für eine Antwort. Bitte fassen Sie sich kürzer.",
        "noted.answer": "{answer} notiert.",
        "noted.month": "{n} Monat notiert.",
        "noted.months": "{n} Monate notiert.",
        "contact.error.phone_too_long": "Das ist zu lang für eine Telefonnummer (höchstens 30 Zeichen). Beispiel: +49 171 2345678",
        "contact.error.email_too_long": "Diese E-Mail-Adresse ist zu lang (höchstens 254 Zeichen, vor dem @ höchstens 64). Beispiel: name@firma.de",
        "terminal.commands": "Befehle: /hilfe erklärt die Frage, /zurueck geht zur vorigen, /sprache wechselt die Sprache, /neu beginnt von vorn, /abbrechen beendet.",
        "terminal.unknown_command": "Diesen Befehl gibt es hier nicht. Möglich sind /hilfe, /zurueck, /sprache, /neu und /abbrechen.",
        "terminal.no_such_option": "{numbers}: keine der Nummern 1 bis {last}, daher nicht übernommen.",
        "terminal.no_handoff": "Hier im Terminal nimmt der Assistent keine Kontaktdaten auf und gibt nichts weiter; bitte melden Sie sich direkt. Über Telegram übergibt er Ihre Berechnung auf Wunsch an das Maklerbüro.",
        "terminal.q.measures.text": "Welche dieser Schutzmaßnahmen haben Sie bereits?",
        "terminal.expect.amount_or_unknown": "Bitte nennen Sie einen Betrag in Euro, z. B. 500.000 oder 1,5 Mio., oder schreiben Sie „weiß nicht“.",
        "terminal.expect.yes_no": "Bitte wählen Sie „Ja“ oder „Nein“: die Nummer oder das Wort.",
        "terminal.expect.yes_no_unsure": "Bitte wählen Sie „Ja“, „Nein“ oder „Weiß nicht“: die Nummer oder das Wort.",
        "terminal.expect.checklist": "Geben Sie die Nummern der Maßnahmen ein, die Sie haben, und dann Enter für „Fertig“.",
        "terminal.error.use_buttons": "Bitte wählen Sie mit einer der Nummern unter der Frage.",
        "broker.unnamed": "Ihr Versicherungsmakler",
        "contact.default_missing": "{broker} hat hier noch keine Kontaktdaten hinterlegt.",
        "staff.toast.not_member": "Nur Mitglieder dieses Teams können Anfragen übernehmen oder erledigen.",
        "group.not_staff": "👋 Diese Gruppe ist noch kein Team-Chat eines Maklers, deshalb bleibe ich hier still. Ihre Chat-ID: <code>{chat_id}</code>\nDamit Anfragen hier ankommen, trägt der Betreiber des Bots die Gruppe auf dem Server ein (CODE und NAME ersetzen):\n<code>{command}</code>\nFür den Standardmakler genügt <code>STAFF_CHAT_ID={chat_id}</code>.",
    }
)
