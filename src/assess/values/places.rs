//! The names a place goes by in other languages (exonyms): an account's city written in the
//! reply's language ("Ratisbonne" for Regensburg, "Múnich" for München) is still that city.

/// Each row: one place, its local name first, then its names in English, German, French and
/// Spanish where they differ. Cities where customers of a European host and scanner live,
/// and the large cities of the world whose names change between those languages.
const PLACES: &[&[&str]] = &[
    &["München", "Munich", "Múnich"],
    &["Köln", "Cologne", "Colonia"],
    &["Wien", "Vienna", "Vienne", "Viena"],
    &["Regensburg", "Ratisbon", "Ratisbonne", "Ratisbona"],
    &["Nürnberg", "Nuremberg", "Núremberg"],
    &["Aachen", "Aix-la-Chapelle", "Aquisgrán"],
    &["Mainz", "Mayence", "Maguncia"],
    &["Trier", "Trèves", "Tréveris"],
    &["Konstanz", "Constance", "Constanza"],
    &["Braunschweig", "Brunswick"],
    &["Hannover", "Hanover", "Hanovre", "Hannóver"],
    &["Frankfurt", "Francfort", "Fráncfort"],
    &["Berlin", "Berlín"],
    &["Hamburg", "Hambourg", "Hamburgo"],
    &["Dresden", "Dresde"],
    &["Salzburg", "Salzbourg", "Salzburgo"],
    &["Zürich", "Zurich", "Zúrich"],
    &["Genève", "Geneva", "Genf", "Ginebra"],
    &["Basel", "Basle", "Bâle", "Basilea"],
    &["Bern", "Berne", "Berna"],
    &["Luzern", "Lucerne", "Lucerna"],
    &["Bruxelles", "Brussel", "Brussels", "Brüssel", "Bruselas"],
    &["Antwerpen", "Antwerp", "Anvers", "Amberes"],
    &["Gent", "Ghent", "Gand", "Gante"],
    &["Liège", "Luik", "Lüttich", "Lieja"],
    &["Den Haag", "The Hague", "La Haye", "La Haya"],
    &["Strasbourg", "Straßburg", "Strasburgo", "Estrasburgo"],
    &["Paris", "París"],
    &["London", "Londres"],
    &["Lisboa", "Lisbon", "Lissabon", "Lisbonne"],
    &["Sevilla", "Seville", "Séville"],
    &["Zaragoza", "Saragossa", "Saragosse"],
    &["Roma", "Rome", "Rom"],
    &["Milano", "Milan", "Mailand", "Milán"],
    &["Venezia", "Venice", "Venedig", "Venise", "Venecia"],
    &["Firenze", "Florence", "Florenz", "Florencia"],
    &["Napoli", "Naples", "Neapel", "Nápoles"],
    &["Torino", "Turin", "Turín"],
    &["Genova", "Genoa", "Genua", "Gênes", "Génova"],
    &["Warszawa", "Warsaw", "Warschau", "Varsovie", "Varsovia"],
    &["Kraków", "Cracow", "Krakau", "Cracovie", "Cracovia"],
    &["Gdańsk", "Danzig", "Dantzig"],
    &["Wrocław", "Breslau", "Breslavia"],
    &["Poznań", "Posen"],
    &["Praha", "Prague", "Prag", "Praga"],
    &["København", "Copenhagen", "Kopenhagen", "Copenhague"],
    &["Göteborg", "Gothenburg", "Gotemburgo"],
    &["Stockholm", "Estocolmo"],
    &["Helsinki", "Helsingfors"],
    &["Athína", "Athens", "Athen", "Athènes", "Atenas"],
    &["Moskva", "Moscow", "Moskau", "Moscou", "Moscú"],
    &[
        "Sankt-Peterburg",
        "Saint Petersburg",
        "Sankt Petersburg",
        "Saint-Pétersbourg",
        "San Petersburgo",
    ],
    &["București", "Bucharest", "Bukarest", "Bucarest"],
    &["Beograd", "Belgrade", "Belgrad", "Belgrado"],
    &["Ljubljana", "Laibach", "Liubliana"],
    &["Bratislava", "Pressburg"],
    &["Marrakech", "Marrakesh", "Marrakesch", "Marraquech"],
    &["Fès", "Fez", "Fes"],
    &["Tanger", "Tangier", "Tánger"],
    &["Dublin", "Baile Átha Cliath", "Dublín"],
    &["Edinburgh", "Édimbourg", "Edimburgo"],
    &["Beijing", "Peking", "Pékin", "Pekín"],
    &["Tōkyō", "Tokyo", "Tokio"],
    &["Kyōto", "Kyoto", "Kioto"],
    &["New York", "Nueva York"],
];

/// The place's other names, when `value` is one of the names of a listed place.
pub(crate) fn other_names(value: &str) -> Vec<String> {
    let key = fold(value);
    PLACES
        .iter()
        .find(|row| row.iter().any(|n| fold(n) == key))
        .map(|row| {
            row.iter()
                .filter(|n| fold(n) != key)
                .map(|n| n.to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_is_known_by_its_names_in_other_languages() {
        let names = other_names("Regensburg");
        assert!(names.iter().any(|n| n == "Ratisbonne"), "{names:?}");
        assert!(names.iter().any(|n| n == "Ratisbona"), "{names:?}");
        assert!(!names.iter().any(|n| n == "Regensburg"));
        // Any of its names finds the others.
        assert!(other_names("múnich").iter().any(|n| n == "München"));
        assert!(other_names("Innsbruck").is_empty());
    }
}
