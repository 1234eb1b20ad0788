/// The default category list of the covenant (`shared/reference/categorieen.csv`), built in so that
/// a database without a loaded `categorieen.csv` still knows every category. A test keeps this list
/// equal to `fixtures/reference/categorieen.csv`, read with the project's own CSV reader.
public enum DefaultCategories {
    public static let list: [Categorie] = [
        Categorie(
            code: "WAPENS", label: "Wapens (bezit, gebruik of handel)", meldplicht: .ja,
            aliassen: ["wapen", "wapenbezit", "fysiek geweld met wapens", "steekwapen", "vuurwapen"]),
        Categorie(
            code: "DRUGS", label: "Verdovende of verboden middelen (bezit, gebruik of handel)", meldplicht: .ja,
            aliassen: ["drugs", "drugsbezit", "drugshandel", "verboden middelen"]),
        Categorie(
            code: "FYSIEK_GEWELD", label: "Fysiek geweld", meldplicht: .ja,
            aliassen: ["geweld", "fysiek geweld met letsel", "mishandeling", "vechtpartij"]),
        Categorie(
            code: "DIEFSTAL", label: "Diefstal", meldplicht: .ja,
            aliassen: ["diefstal of heling", "heling"]),
        Categorie(
            code: "BEDREIGING", label: "Bedreiging", meldplicht: .ja,
            aliassen: ["bedreigen"]),
        Categorie(
            code: "SEKSUEEL", label: "Seksuele intimidatie of seksueel misbruik", meldplicht: .afweging,
            aliassen: ["seksuele intimidatie", "seksueel misbruik", "seksueel grensoverschrijdend gedrag"]),
        Categorie(
            code: "VANDALISME", label: "Vandalisme of vernieling", meldplicht: .afweging,
            aliassen: ["vernieling", "vandalisme", "vernieling of diefstal"]),
        Categorie(
            code: "INTIMIDATIE", label: "Intimidatie", meldplicht: .afweging,
            aliassen: []),
        Categorie(
            code: "DISCRIMINATIE", label: "Discriminatie", meldplicht: .afweging,
            aliassen: ["racisme"]),
        Categorie(
            code: "PESTEN", label: "Pesten", meldplicht: .afweging,
            aliassen: ["grove pesterijen"]),
        Categorie(
            code: "CYBERPESTEN", label: "Cyberpesten", meldplicht: .afweging,
            aliassen: ["online pesten"]),
        Categorie(
            code: "OVERLAST", label: "Overlast", meldplicht: .nee,
            aliassen: []),
        Categorie(
            code: "OVERIG", label: "Overig", meldplicht: .nee,
            aliassen: ["overig crimineel gedrag"]),
    ]
}
