//! A small date parser: normalises the date forms news feeds use to ISO 8601,
//! and drops anything it does not recognise (no date is better than a wrong one).
//!
//! Recognised, with an optional time `HH:MM[:SS[.fff]]` and zone (`Z`, `+03:00`,
//! `+0300`, `GMT`, `UTC`):
//! - `2015-07-21`, `2015/07/21`, `2015.07.21` and `2015-07-21 10:32:00` or
//!   `2015-07-21T10:32:00`;
//! - RFC 2822 and similar: `Tue, 21 Jul 2015 10:32:00 +0300`, `21 July 2015`;
//! - `July 21, 2015`, `Jul 21 2015 10:32`.
//!
//! The output is `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` with the zone appended
//! when one was given (`Z` or `±HH:MM`). Fractions of a second are dropped.

/// Normalise a date to ISO 8601, or `None` when its form is not recognised or
/// it is not a valid calendar date.
pub(crate) fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let first = s.as_bytes()[0];
    if first.is_ascii_digit() && s.len() >= 10 && s.as_bytes()[4].is_ascii_punctuation() {
        iso_like(s)
    } else {
        textual(s)
    }
}

/// `YYYY-MM-DD[( |T)time]`.
fn iso_like(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let sep = b[4];
    if !matches!(sep, b'-' | b'/' | b'.') || b[7] != sep {
        return None;
    }
    let year = digits(s.get(0..4)?)?;
    let month = digits(s.get(5..7)?)?;
    let day = digits(s.get(8..10)?)?;
    let date = ymd(year, month, day)?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(date);
    }
    let rest = rest
        .strip_prefix('T')
        .or_else(|| rest.strip_prefix(' '))?
        .trim_start();
    let (time, zone) = time_and_zone(rest)?;
    Some(format!("{date}T{time}{zone}"))
}

/// RFC 2822 and the English textual forms.
fn textual(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = 0;
    // An optional weekday.
    if words.first().is_some_and(|w| weekday(w)) {
        i = 1;
    }
    let w = |k: usize| words.get(i + k).copied();
    let (day, month, year) = if let Some(m) = w(0).and_then(month_number) {
        // July 21 2015
        (digits(w(1)?)?, m, digits(w(2)?)?)
    } else {
        // 21 Jul 2015
        (digits(w(0)?)?, month_number(w(1)?)?, digits(w(2)?)?)
    };
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let date = ymd(year, month, day)?;
    let rest = words[i + 3..].join(" ");
    if rest.is_empty() {
        return Some(date);
    }
    let (time, zone) = time_and_zone(&rest)?;
    Some(format!("{date}T{time}{zone}"))
}

/// `HH:MM[:SS[.fff]][ ][zone]` -> (`HH:MM:SS`, zone).
fn time_and_zone(s: &str) -> Option<(String, String)> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(s.len());
    let (time, zone) = s.split_at(end);
    let mut parts = time.split(':');
    let h = digits(parts.next()?)?;
    let m = digits(parts.next()?)?;
    let sec = match parts.next() {
        Some(p) => {
            let whole = p.split('.').next()?;
            digits(whole)?
        }
        None => 0,
    };
    if parts.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let zone = zone_of(zone.trim())?;
    Some((format!("{h:02}:{m:02}:{sec:02}"), zone))
}

/// `""`, `Z`, `UTC`, `GMT`, `+03:00`, `+0300`, `+03` -> `""`, `Z` or `±HH:MM`.
fn zone_of(z: &str) -> Option<String> {
    match z {
        "" => return Some(String::new()),
        "Z" | "z" | "UT" | "UTC" | "GMT" => return Some("Z".into()),
        _ => {}
    }
    let sign = z.chars().next()?;
    if sign != '+' && sign != '-' {
        return None;
    }
    let d: String = z[1..].chars().filter(|&c| c != ':').collect();
    let (h, m) = match d.len() {
        2 => (digits(&d)?, 0),
        4 => (digits(d.get(..2)?)?, digits(d.get(2..)?)?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(format!("{sign}{h:02}:{m:02}"))
}

fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// All ASCII digits, at most 4 of them.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn weekday(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|d| w.starts_with(d) && w.len() >= 3)
}

fn month_number(w: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w == "sept" && *m == "september"))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::normalize_date as n;

    #[test]
    fn iso_forms() {
        assert_eq!(n("2015-07-21").as_deref(), Some("2015-07-21"));
        assert_eq!(
            n("2015-07-21 10:32:00").as_deref(),
            Some("2015-07-21T10:32:00")
        );
        assert_eq!(
            n("2015-07-21T10:32:00").as_deref(),
            Some("2015-07-21T10:32:00")
        );
        assert_eq!(
            n("2015-07-21 10:32").as_deref(),
            Some("2015-07-21T10:32:00")
        );
        assert_eq!(
            n("2015-07-21T10:32:00.123Z").as_deref(),
            Some("2015-07-21T10:32:00Z")
        );
        assert_eq!(
            n("2015-07-21T10:32:00+0300").as_deref(),
            Some("2015-07-21T10:32:00+03:00")
        );
        assert_eq!(
            n("  2015/07/21 01:02:03 -05:00 ").as_deref(),
            Some("2015-07-21T01:02:03-05:00")
        );
        assert_eq!(n("2016-02-29").as_deref(), Some("2016-02-29"));
    }

    #[test]
    fn rfc_2822_and_textual_forms() {
        assert_eq!(
            n("Tue, 21 Jul 2015 10:32:00 +0300").as_deref(),
            Some("2015-07-21T10:32:00+03:00")
        );
        assert_eq!(
            n("Tue, 21 Jul 2015 10:32:00 GMT").as_deref(),
            Some("2015-07-21T10:32:00Z")
        );
        assert_eq!(n("21 July 2015").as_deref(), Some("2015-07-21"));
        assert_eq!(n("July 21, 2015").as_deref(), Some("2015-07-21"));
        assert_eq!(
            n("Sept. 3, 2015 08:05").as_deref(),
            Some("2015-09-03T08:05:00")
        );
    }

    #[test]
    fn garbage_is_dropped() {
        for s in [
            "",
            "yesterday",
            "2015-13-01",
            "2015-02-29",
            "2015-07-32",
            "2015-07-21 25:00",
            "2015-07-21 10:32:00 junk",
            "2015-07-21x",
            "21/07/2015",
            "1437474720",
            "الثلاثاء 21 يوليو 2015",
            "Jul 2015",
            "2015-07-21T10:32:00+99:00",
            "2015-07-2١",
        ] {
            assert_eq!(n(s), None, "{s:?}");
        }
    }
}
