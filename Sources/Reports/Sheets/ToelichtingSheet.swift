import Workbook

/// Toelichting: definitions, methods and the suppression rule, in plain Dutch.
enum ToelichtingSheet {
    /// The aberration test explained once, for the packs that have it (the kerngroep's quarters).
    static func aberrationParagraph(_ info: PackInfo) -> (String, String) {
        (
            "Afwijkingstoets (per kwartaal)",
            "Per categorie, en voor alle categorieën samen, vergelijkt deze toets het aantal in heel Almere in \(info.period.name) met wat te verwachten was op grond van dezelfde tijd van het jaar in de drie jaren ervoor (telkens hetzelfde kwartaal en het kwartaal ervoor en erna), rekening houdend met een geleidelijke stijging of daling en met het aantal leerlingen: de methode van Farrington, waarmee gezondheidsdiensten ongewone pieken opsporen. 'Ongewoon hoog' betekent: boven de bovengrens, die bij gewoon toeval in 95 van de 100 kwartalen niet wordt overschreden, met minstens 5 incidenten in de laatste vier kwartalen; anders 'binnen de verwachting'. Een kwartaal waarin niet elke school aanleverde telt niet mee in de verwachting. 'Te weinig gegevens' staat er als de drie jaren ervoor niet genoeg volledig aangeleverde kwartalen hebben; 'geen signaal berekend' als een aantal in de reeks is afgeschermd."
        )
    }

    static func paragraphs(_ info: PackInfo, aberrations: Bool = false) -> [(String, String)] {
        var all: [(String, String)] = [
            (
                "Aantal incidenten",
                "Incidenten die scholen hebben geregistreerd en aangeleverd, geteld zoals 'schoolveilig counts' telt: de laatste versie van elk incident, plus de aantallen uit geaggregeerde leveringen."
            ),
            (
                "Aanlevering",
                "Een school zonder levering voor een verstreken maand is 'niet aangeleverd', nooit 0; vóór de datum waarop zij zich bij het convenant aansloot is zij 'niet aangesloten'. Een cel zonder levering heeft een leeg aantal."
            ),
            (
                "Per 1.000 leerlingen",
                "Aantal incidenten per 1.000 leerlingen van alle scholen in de cel (het leerlingenaantal uit de referentiegegevens, hoe dan ook wie aanleverde). Alleen waar elke school van de cel voor elke maand aanleverde; anders staat er 'onvolledig'. Een periode die twee schooljaren raakt weegt het leerlingenaantal van elk schooljaar naar de maanden die in de periode vallen."
            ),
            (
                "95%-interval",
                "Het exacte 95%-betrouwbaarheidsinterval (Garwood, Poisson) van het aantal per 1.000 leerlingen: de marge waarbinnen het cijfer door toeval had kunnen liggen. In de tabellen staan de grenzen als '95%-interval: van' en 'tot'."
            ),
            (
                "Hoger, vergelijkbaar, lager",
                "Zo vergelijken de Kernboodschappen een cijfer met de vergelijkingswaarde (Almere of het gebied als geheel, of de sector als geheel), zoals de Fingertips-profielen van Public Health England: 'hoger' als de vergelijkingswaarde onder het 95%-interval van het cijfer ligt, 'lager' als zij erboven ligt, anders 'vergelijkbaar'."
            ),
            (
                "Naleving",
                "Bij categorieën met meldplicht 'ja' (convenant art. 2.4 misdrijven, 2.5 drugs en wapens, 2.10 bedreiging van de schoolveiligheid) schakelt de school altijd de politie in; 'aandeel' is het percentage met politie betrokken, alleen waar het aantal en het totaal waarvan het een deel is allebei gepubliceerd zijn. Categorieën met 'afweging' (art. 2.6) staan er ter informatie bij, nooit als niet-naleving. Alleen maanden waarin een school was aangesloten tellen mee."
            ),
            (
                "Signalen",
                "Elk signaal vergelijkt \(info.period.name) met \(info.previous.name) (en de trend over dezelfde periode in de jaren ervoor) met de exacte voorwaardelijke toets voor twee Poisson-aantallen, met leerlingenaantallen als blootstelling. Omdat er veel cellen tegelijk worden getoetst, zou een deel ervan alleen door toeval opvallen; de correctie volgens Benjamini–Hochberg houdt daar rekening mee: zij maakt van elke p-waarde een q-waarde, het verwachte aandeel valse meldingen als je alle signalen tot en met deze zou melden. Een cel kan daardoor een grote verandering laten zien en toch 'geen duidelijke verandering' heten: het interval is dan te breed. Geen signaal bij minder dan 5 incidenten in beide perioden samen, en geen 'daling' als niet alle scholen aanleverden. Toetsen en correctie gebruiken alleen gepubliceerde aantallen: bij een verborgen aantal staat 'geen signaal berekend', zonder richting of oordeel."
            ),
            (
                "Oordelen",
                "Eén woord per oordeel: 'duidelijke stijging' of 'duidelijke daling' bij q < 0,05; 'mogelijke stijging' of 'mogelijke daling' bij q < 0,20; anders 'geen duidelijke verandering'. Bij naleving: 'naleving' voor categorieën met meldplicht, 'ter informatie' voor afwegingscategorieën en 'geen meldplicht' voor de overige."
            ),
            (
                "Convenantperiode",
                "Het convenant is op 14 november 2023 ondertekend voor vier jaar en kan steeds met een jaar worden verlengd; de cijfers tellen per maand vanaf november 2023. Het eerste schooljaar (2023-2024) telt daardoor 9 maanden en het lopende schooljaar alleen de verstreken maanden: de grafiek toont daarom het aantal per 1.000 leerlingen per maand, en zet het aantal maanden bij een onvolledig schooljaar."
            ),
            ("Afscherming", info.ruleText),
            (
                "Periodes",
                "Kwartalen en halfjaren volgen het kalenderjaar; een schooljaar loopt van 1 augustus tot en met 31 juli; tertialen zijn augustus–november (T1), december–maart (T2) en april–juli (T3)."
            ),
        ]
        // After the verdicts of the signals: the quarterly test is one more way to read the figures.
        if aberrations, let index = all.firstIndex(where: { $0.0 == "Oordelen" }) { all.insert(aberrationParagraph(info), at: index + 1) }
        return all
    }

    static func write(_ info: PackInfo, aberrations: Bool = false, on sheet: Worksheet) throws {
        try sheet.setColumnWidths([22, 90])
        try sheet.writeString("Toelichting", row: 0, column: 0, format: SheetStyle.title)
        for (offset, paragraph) in paragraphs(info, aberrations: aberrations).enumerated() {
            try sheet.writeString(paragraph.0, row: 2 + offset, column: 0, format: SheetStyle.header)
            try sheet.writeString(paragraph.1, row: 2 + offset, column: 1, format: SheetStyle.text)
            try sheet.setRowHeight(Double(15 * TableBlock.wrappedLines(paragraph.1, width: 86) + 4), row: 2 + offset)
        }
        // One upright page, however many paragraphs.
        var setup = SheetStyle.pageSetup(periodLine: "\(info.meeting) — \(info.period.name)")
        setup.orientation = .portrait
        setup.fitToPages = PageSetup.FitToPages(width: 1, height: 1)
        try sheet.setPageSetup(setup)
    }
}
