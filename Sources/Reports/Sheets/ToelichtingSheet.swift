import Workbook

/// Toelichting: definitions, methods and the suppression rule, in plain Dutch.
enum ToelichtingSheet {
    static func paragraphs(_ info: PackInfo) -> [(String, String)] {
        [
            (
                "aantal",
                "Incidenten die scholen hebben geregistreerd en aangeleverd, geteld zoals 'schoolveilig counts' telt: de laatste versie van elk incident, plus de aantallen uit geaggregeerde leveringen."
            ),
            (
                "Aanlevering",
                "Een school zonder levering voor een verstreken maand is 'niet aangeleverd', nooit 0; vóór de datum waarop zij zich bij het convenant aansloot is zij 'niet aangesloten'. Een cel zonder levering heeft een leeg aantal."
            ),
            (
                "per_1000",
                "Aantal per 1000 leerlingen van alle scholen in de cel (het leerlingenaantal uit de referentiegegevens, 'leerlingen', hoe dan ook wie aanleverde). Alleen waar elke school van de cel voor elke maand aanleverde; anders staat er 'onvolledig'. Een periode die twee schooljaren raakt weegt het leerlingenaantal van elk schooljaar naar de maanden die in de periode vallen."
            ),
            ("bi_laag, bi_hoog", "Het exacte 95%-betrouwbaarheidsinterval (Garwood, Poisson) van het aantal per 1000 leerlingen."),
            (
                "Naleving",
                "Bij categorieën met meldplicht 'ja' (convenant art. 2.4 misdrijven, 2.5 drugs en wapens, 2.10 bedreiging van de schoolveiligheid) schakelt de school altijd de politie in; 'aandeel' is het percentage met politie betrokken, alleen waar het aantal en het totaal waarvan het een deel is allebei gepubliceerd zijn. Categorieën met 'afweging' (art. 2.6) staan er ter informatie bij, nooit als niet-naleving. Alleen maanden waarin een school was aangesloten tellen mee."
            ),
            (
                "Signalen",
                "Elk signaal vergelijkt \(info.period.name) met \(info.previous.name) met de exacte voorwaardelijke toets voor twee Poisson-aantallen, met leerlingenaantallen als blootstelling; de p-waarden van alle cellen samen zijn gecorrigeerd volgens Benjamini–Hochberg (q). 'Duidelijk' bij q < 0,05, 'mogelijk' bij q < 0,20. Geen signaal bij minder dan 5 incidenten in beide perioden samen, en geen 'daling' als niet alle scholen aanleverden. Toetsen en correctie gebruiken alleen gepubliceerde aantallen: bij een verborgen aantal staat 'geen signaal berekend', zonder richting of oordeel."
            ),
            (
                "Convenantperiode",
                "Het convenant is op 14 november 2023 ondertekend voor vier jaar en kan steeds met een jaar worden verlengd; de cijfers tellen per maand vanaf november 2023."
            ),
            ("Afscherming", info.ruleText),
            (
                "Periodes",
                "Kwartalen en halfjaren volgen het kalenderjaar; een schooljaar loopt van 1 augustus tot en met 31 juli; tertialen zijn augustus–november (T1), december–maart (T2) en april–juli (T3)."
            ),
        ]
    }

    static func write(_ info: PackInfo, on sheet: Worksheet) throws {
        try sheet.setColumnWidths([22, 110])
        try sheet.writeString("Toelichting", row: 0, column: 0, format: SheetStyle.title)
        for (offset, paragraph) in paragraphs(info).enumerated() {
            try sheet.writeString(paragraph.0, row: 2 + offset, column: 0, format: SheetStyle.header)
            try sheet.writeString(paragraph.1, row: 2 + offset, column: 1, format: SheetStyle.text)
            try sheet.setRowHeight(45, row: 2 + offset)
        }
        try sheet.setPageSetup(SheetStyle.pageSetup(periodLine: "\(info.meeting) — \(info.period.name)"))
    }
}
