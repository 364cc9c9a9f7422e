//! A light Arabic stemmer for normalised text (see [`super::normalize_str`]):
//! it strips the proclitics (و ف, ب and ك before the article, the article ال,
//! لل, the future س; a bare ب or ل is left, since it cannot be told from a
//! first letter: لقاء),
//! pronoun suffixes (ه ها هما هم هن كم نا), the endings of duals and plurals
//! (ان ين ات ون) and the ta marbuta (written ه after normalisation), so that
//! one entry of a rule's word class covers every inflected form of a noun:
//! لقاء, اللقاء, لقائه, لقاءات, لقاءاتهما and واللقاءات have one stem.
//!
//! It is light on purpose (no roots, no patterns): it never strips a stem
//! below three letters, and it leaves the person prefixes of verbs (ي ت ن ا)
//! alone, since they cannot be told from a noun's first letter without a
//! dictionary; a class lists the verb's imperfect and perfect forms once each
//! and the stemmer covers their suffixes (التقيا, التقوا, يلتقيان).

/// Pronoun suffixes, longest first.
const PRONOUNS: [&str; 8] = ["هما", "كما", "هم", "هن", "كم", "نا", "ها", "ه"];

/// Endings of duals, plurals and verb persons, longest first.
const ENDINGS: [&str; 9] = ["تان", "تين", "ات", "ان", "ين", "ون", "وا", "ا", "ت"];

/// The number of characters of `s`, counted up to 6 (all the stemmer asks).
fn chars(s: &str) -> usize {
    s.chars().take(6).count()
}

/// Strip `suffix` from `w` if at least `keep` letters remain.
fn strip_suffix<'a>(w: &'a str, suffixes: &[&str], keep: usize) -> Option<&'a str> {
    suffixes
        .iter()
        .find_map(|s| w.strip_suffix(s).filter(|r| chars(r) >= keep))
}

/// The stem of one normalised word.
pub fn stem(word: &str) -> &str {
    let mut w = word;
    // conjunctions, then a preposition or the future, then the article
    if let Some(r) = w.strip_prefix(['و', 'ف']).filter(|r| chars(r) >= 3) {
        w = r;
    }
    if let Some(r) = w.strip_prefix("لل").filter(|r| chars(r) >= 3) {
        w = r;
    } else if let Some(r) = w
        .strip_prefix(['ب', 'ك'])
        .filter(|r| r.starts_with("ال") && chars(r) >= 5)
    {
        w = r;
    } else if let Some(r) = w
        .strip_prefix('س')
        .filter(|r| r.starts_with(['ي', 'ت', 'ن']) && chars(r) >= 4)
    {
        w = r;
    }
    if let Some(r) = w.strip_prefix("ال").filter(|r| chars(r) >= 3) {
        w = r;
    }
    // a pronoun suffix, then the ta marbuta it stood after (زيارتها)
    let mut pronoun = false;
    if let Some(r) = strip_suffix(w, &PRONOUNS, 3) {
        w = r;
        pronoun = true;
    }
    if pronoun && let Some(r) = w.strip_suffix('ت').filter(|r| chars(r) >= 3) {
        // "زيارت" (زيارتها) -> "زيار"; a plural "ات" goes as a whole below
        if !r.ends_with('ا') {
            w = r;
        }
    }
    if let Some(r) = strip_suffix(w, &ENDINGS, 3) {
        w = r;
    } else if !pronoun && let Some(r) = w.strip_suffix('ه').filter(|r| chars(r) >= 3) {
        // the ta marbuta: "زياره" (زيارة)
        w = r;
    }
    // the hamza after a long a is written ء at the end and ي (ئ) before a
    // suffix: "لقاء" and "لقائه" share "لقا"
    if let Some(r) = w
        .strip_suffix('ء')
        .or_else(|| w.strip_suffix("اي").map(|r| &w[..r.len() + 'ا'.len_utf8()]))
        && chars(r) >= 2
    {
        w = r;
    }
    w
}

/// The stem of every word of a normalised phrase, joined by single spaces.
pub fn stem_phrase(phrase: &str) -> String {
    let mut out = String::new();
    for (i, w) in phrase.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(stem(w));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_str;

    fn st(w: &str) -> String {
        stem(&normalize_str(w)).to_string()
    }

    #[test]
    fn inflections_of_a_noun_share_a_stem() {
        let base = st("لقاء");
        for w in [
            "اللقاء",
            "لقائه",
            "لقاءات",
            "لقاءاتهما",
            "واللقاءات",
            "باللقاء",
        ] {
            assert_eq!(st(w), base, "{w}");
        }
    }

    #[test]
    fn ta_marbuta_and_pronouns() {
        let base = st("زيارة");
        for w in ["الزيارة", "زيارته", "زيارتها", "زيارتهما", "وزيارة"]
        {
            assert_eq!(st(w), base, "{w}");
        }
        let base = st("اتصال");
        for w in ["اتصالان", "اتصالات", "الاتصالات", "اتصالاته", "اتصالاتهما"]
        {
            assert_eq!(st(w), base, "{w}");
        }
        assert_eq!(st("دعمها"), st("دعم"));
        assert_eq!(st("استقبالهما"), st("استقبال"));
    }

    #[test]
    fn verb_suffixes_and_future() {
        assert_eq!(st("التقيا"), st("التقي"));
        assert_eq!(st("سيلتقي"), st("يلتقي"));
        assert_eq!(st("يلتقيان"), st("يلتقي"));
        assert_eq!(st("اجتمعوا"), st("اجتمع"));
        assert_eq!(st("اجتمعت"), st("اجتمع"));
        assert_eq!(st("ورحبت"), st("رحب"));
    }

    #[test]
    fn short_words_are_left_whole() {
        for w in ["مع", "من", "في", "ضد", "بين"] {
            assert_eq!(st(w), normalize_str(w), "{w}");
        }
        // never below three letters
        assert!(st("وهم").chars().count() >= 2);
    }

    #[test]
    fn different_nouns_keep_different_stems() {
        assert_ne!(st("دعم"), st("لقاء"));
        assert_ne!(st("اتصال"), st("استقبال"));
    }
}
