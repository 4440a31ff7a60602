//! Schema descriptions as rustdoc: no accidental code blocks, doctests, links or HTML.

/// The lines of `text` made safe for a `///` comment.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        // Leading spaces would make an indented code block, which rustdoc compiles as a doctest.
        let line = line.trim();
        if line.starts_with("```") {
            if in_fence {
                out.push("```".into());
            } else {
                out.push("```text".into());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else {
            out.push(escape(line));
        }
    }
    if in_fence {
        out.push("```".into());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    // Collapse runs of blank lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// Escapes `[`, `]` and `<` outside code spans, except in `[text](url)` links.
fn escape(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut keep_close: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        // A bare URL becomes an autolink (`<https://...>`); one in a `[text](url)` link stays as it is.
        let rest: String = chars[i - 1..].iter().take(8).collect();
        let after_paren = i >= 3 && chars[i - 2] == '(' && chars[i - 3] == ']';
        if !in_code && !after_paren && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let start = i - 1;
            let mut end = start;
            while end < chars.len() && !chars[end].is_whitespace() {
                end += 1;
            }
            while end > start && matches!(chars[end - 1], '.' | ',' | ')' | ';' | ':' | '"' | '\'') {
                end -= 1;
            }
            out.push('<');
            out.extend(&chars[start..end]);
            out.push('>');
            i = end;
            continue;
        }
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' if !in_code => {
                let is_link = closing(&chars, i - 1).is_some_and(|j| chars.get(j + 1) == Some(&'('));
                keep_close.push(is_link);
                if !is_link {
                    out.push('\\');
                }
                out.push(c);
            }
            ']' if !in_code => {
                if !keep_close.pop().unwrap_or(false) {
                    out.push('\\');
                }
                out.push(c);
            }
            '<' if !in_code => out.push_str("\\<"),
            _ => out.push(c),
        }
    }
    out
}

/// The index of the `]` that closes the `[` at `open`.
fn closing(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn links_stay_brackets_escape() {
        assert_eq!(
            sanitize("see [docs](https://x) or [~/.aws/config]"),
            ["see [docs](https://x) or \\[~/.aws/config\\]"]
        );
        assert_eq!(sanitize("a `<tag>` and <b>"), ["a `<tag>` and \\<b>"]);
        assert_eq!(sanitize("More info: https://k8s.io/a/b."), ["More info: <https://k8s.io/a/b>."]);
        assert_eq!(sanitize("(https://x.io/k). [a](https://y)"), ["(<https://x.io/k>). [a](https://y)"]);
    }

    #[test]
    fn indentation_and_fences_cannot_become_doctests() {
        assert_eq!(sanitize("\n  x\n\n\n    y\n```\ncode\n"), ["x", "", "y", "```text", "code", "```"]);
    }
}
