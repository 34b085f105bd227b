//! A repository rule: no history in the walls. Code comments and READMEs
//! say what is; which issue of this project made something so belongs to
//! git and the changelogs (`CHANGELOG.md` is exempt). An issue of another
//! project is cited by its repository and number (`terraform-provider-cloudflare
//! #5505`), which this rule leaves alone: it looks for the word "issue"
//! (or "issues") followed by a number, the way this project's own issues
//! were cited.

/// One message per line of `text` that cites an issue by number.
pub fn issue_numbers(path: &str, text: &str) -> Vec<String> {
    if path.ends_with("CHANGELOG.md") {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| cites_an_issue(line))
        .map(|(number, line)| {
            format!(
                "{path}:{}: cites an issue by number ({:?}): say what is, and leave the history to git and the changelog",
                number + 1,
                line.trim()
            )
        })
        .collect()
}

/// Whether `line` holds "issue" or "issues", then a space, then a digit.
fn cites_an_issue(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.match_indices("issue").any(|(at, _)| {
        let rest = lower[at + "issue".len()..].trim_start_matches('s');
        let word_starts = lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        word_starts
            && rest
                .strip_prefix(' ')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_numbers_are_found_and_other_citations_are_not() {
        // Spelled in pieces, so that this file does not cite one itself.
        let text = concat!(
            "//! Fixed for iss",
            "ue 17.\n//! See Iss",
            "ues 21 and 22.\n",
            "//! terraform-provider-cloudflare #5505, cloudflare-go issue tracker\n",
            "//! tiss",
            "ue 3, an issue with it\n"
        );
        let found = issue_numbers("src/a.rs", text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("src/a.rs:1: "), "{found:?}");
        assert!(found[1].starts_with("src/a.rs:2: "), "{found:?}");
        assert!(issue_numbers("crates/x/CHANGELOG.md", text).is_empty());
    }
}
